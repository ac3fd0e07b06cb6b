package dev.mariposa.reliability;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Every key of a test's redis-server (SCAN over the whole keyspace, on its own connection), judged
 * against the one list of what may exist: the reserved namespaces under the prefix
 * (docs/ARCHITECTURE.md, Redis keys), and the few names the code uses beyond them. A key outside,
 * or carrying text no key name needs (glob characters, spaces, slashes, "..", anything not
 * ASCII), is a key made from someone's input.
 */
final class RedisKeyAudit {
  static final String PREFIX = "mariposa:";
  /**
   * The reserved namespaces. {@code cache:} is reserved but unused today; the instance
   * registry's sorted set is {@code instances} (beside the per-instance {@code instance:} keys).
   */
  static final List<String> NAMESPACES = List.of("market:", "analysis:", "signal:", "session:", "perf:", "ratelimit:",
      "queue:", "ws:sub:", "cache:", "lock:", "job:", "instance:");
  static final Set<String> EXACT = Set.of("instances");
  /** What key names are made of: ids, symbols, hex, hash tags, IPs. */
  private static final Pattern CHARACTERS = Pattern.compile("[A-Za-z0-9:{}._@-]+");

  /** Why {@code key} should not exist, or empty when it may. */
  static Optional<String> problem(String key) {
    if (!key.startsWith(PREFIX)) {
      return Optional.of("not under the prefix " + PREFIX);
    }
    String rest = key.substring(PREFIX.length());
    if (!EXACT.contains(rest) && NAMESPACES.stream().noneMatch(rest::startsWith)) {
      return Optional.of("in no reserved namespace (docs/ARCHITECTURE.md, Redis keys)");
    }
    if (!CHARACTERS.matcher(rest).matches() || rest.contains("..")) {
      return Optional.of("carries characters no key name needs");
    }
    return Optional.empty();
  }

  /** The audit of one scan: every key, keys per namespace, and the keys that should not exist with why. */
  record Result(List<String> keys, Map<String, Integer> byNamespace, Map<String, String> problems, String keyspace) {}

  static Result scan(Vertx vertx, int port, String password) throws Exception {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port)
        .setPassword(password));
    try {
      RedisAPI redis = RedisAPI.api(client);
      List<String> keys = new ArrayList<>();
      String cursor = "0";
      do {
        Response page = redis.send(Command.SCAN, cursor, "COUNT", "1000").await(10, TimeUnit.SECONDS);
        cursor = page.get(0).toString();
        page.get(1).forEach(k -> keys.add(k.toString()));
      } while (!cursor.equals("0"));
      Map<String, Integer> byNamespace = new TreeMap<>();
      Map<String, String> problems = new TreeMap<>();
      for (String key : keys) {
        Optional<String> problem = problem(key);
        problem.ifPresent(p -> problems.put(key, p));
        String rest = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        String namespace = rest.startsWith("ws:sub:") ? "ws:sub:" : rest.contains(":") ? rest.substring(0, rest.indexOf(':') + 1) : rest;
        byNamespace.merge(problem.isPresent() ? "(rejected)" : namespace, 1, Integer::sum);
      }
      String keyspace = client.send(Request.cmd(Command.INFO).arg("keyspace")).await(10, TimeUnit.SECONDS).toString();
      return new Result(List.copyOf(keys), byNamespace, problems, keyspace.replaceAll("(?s)# Keyspace\\s*", "").trim());
    } finally {
      client.close();
    }
  }

  /** Turns on AUTH on a server started without it (the embedded server's start-up probe speaks no AUTH). */
  static void requirePassword(Vertx vertx, int port, String password) throws Exception {
    Redis client = Redis.createClient(vertx, "redis://127.0.0.1:" + port);
    try {
      client.send(Request.cmd(Command.CONFIG).arg("SET").arg("requirepass").arg(password)).await(10, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }
}
