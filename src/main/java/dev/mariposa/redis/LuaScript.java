package dev.mariposa.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run with EVALSHA. Its SHA-1 is computed locally; when Redis answers NOSCRIPT
 * (after a restart or SCRIPT FLUSH) it is sent once with EVAL, which also caches it again.
 */
public final class LuaScript {
  private final String name;
  private final String source;
  private final String sha;

  private LuaScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1(source);
  }

  /** Loads {@code /lua/<name>.lua} from the class path. */
  public static LuaScript load(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream("/lua/" + name + ".lua")) {
      if (in == null) {
        throw new IllegalArgumentException("no Lua script " + name + " on the class path");
      }
      return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static LuaScript of(String name, String source) {
    return new LuaScript(name, source);
  }

  public String name() {
    return name;
  }

  public String sha() {
    return sha;
  }

  public Future<Response> run(RedisConnections redis, List<String> keys, List<String> args) {
    return redis.send(request(Command.EVALSHA, sha, keys, args))
        .recover(t -> isNoScript(t)
            ? redis.send(request(Command.EVAL, source, keys, args))
            : Future.failedFuture(t));
  }

  private static Request request(Command command, String script, List<String> keys, List<String> args) {
    Request request = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(request::arg);
    args.forEach(request::arg);
    return request;
  }

  private static boolean isNoScript(Throwable t) {
    return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
  }

  private static String sha1(String source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
