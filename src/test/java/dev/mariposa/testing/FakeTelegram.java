package dev.mariposa.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Telegram Bot API server speaking its JSON, for one bot token: {@code POST
 * /bot<token>/getUpdates} (JSON or form parameters {@code offset}, {@code timeout}: long polling
 * that answers as soon as an update at or past the offset exists, else after the timeout with
 * none; the offset confirms and forgets the updates before it) and {@code POST
 * /bot<token>/sendMessage} ({@code chat_id}, {@code text}: recorded, answered with the Message).
 * Answers {@code {"ok":true,"result":…}}, or {@code {"ok":false,"error_code":…,"description":…}}:
 * 401 Unauthorized for another token, 404 for another method, 400 without chat_id or text, and 429
 * with {@code parameters.retry_after} for as many sends as {@link #rateLimitSends} says.
 * Runs on its own event loop (the Vert.x given); the test thread reads what it recorded.
 */
public final class FakeTelegram implements AutoCloseable {
  /** A message the bot sent. */
  public record Sent(long chatId, String text) {}

  private final Vertx vertx;
  private final HttpServer server;
  private final String token;
  private final List<JsonObject> pending = new ArrayList<>();
  private final List<Runnable> waiting = new ArrayList<>();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicInteger refusedSends = new AtomicInteger();
  private volatile int rateLimited;
  private volatile int retryAfter = 1;
  private long nextUpdateId = 100;
  private long nextMessageId = 1;

  private FakeTelegram(Vertx vertx, String token) {
    this.vertx = vertx;
    this.token = token;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  public static FakeTelegram start(Vertx vertx, String token) {
    FakeTelegram fake = new FakeTelegram(vertx, token);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  /** What TELEGRAM_API_URL should be. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** A user writes {@code text} in {@code chatId}: a new update; answers its update_id. */
  public long userSays(long chatId, String text) {
    JsonObject update = new JsonObject().put("message", new JsonObject()
        .put("message_id", 0).put("date", System.currentTimeMillis() / 1000)
        .put("chat", new JsonObject().put("id", chatId).put("type", chatId < 0 ? "group" : "private"))
        .put("from", new JsonObject().put("id", Math.abs(chatId)).put("is_bot", false).put("first_name", "Trader"))
        .put("text", text));
    List<Runnable> woken;
    long id;
    synchronized (this) {
      id = nextUpdateId++;
      update.put("update_id", id);
      update.getJsonObject("message").put("message_id", (int) id);
      pending.add(update);
      woken = wake();
    }
    woken.forEach(Runnable::run);
    return id;
  }

  /**
   * Delivers update {@code updateId} again, whatever offset the bot confirmed: what a bot sees
   * when it polls again before its offset was stored (a crash, another instance taking over).
   */
  public void redeliver(long updateId, long chatId, String text) {
    List<Runnable> woken;
    synchronized (this) {
      pending.add(new JsonObject().put("update_id", updateId).put("redelivered", true).put("message", new JsonObject()
          .put("message_id", (int) updateId).put("date", System.currentTimeMillis() / 1000)
          .put("chat", new JsonObject().put("id", chatId).put("type", "private")).put("text", text)));
      woken = wake();
    }
    woken.forEach(Runnable::run);
  }

  /** The next {@code count} sendMessage calls answer 429 with retry_after {@code seconds}. */
  public void rateLimitSends(int count, int seconds) {
    this.retryAfter = seconds;
    this.rateLimited = count;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public List<String> sentTo(long chatId) {
    return sent.stream().filter(s -> s.chatId() == chatId).map(Sent::text).toList();
  }

  /** Every request path: what a log could have leaked, to compare against. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  public int polls() {
    return polls.get();
  }

  /** sendMessage calls answered 429. */
  public int refusedSends() {
    return refusedSends.get();
  }

  /** The polls waiting, taken: run them outside the lock (each answers with what is pending). */
  private List<Runnable> wake() {
    List<Runnable> all = new ArrayList<>(waiting);
    waiting.clear();
    return all;
  }

  private void handle(HttpServerRequest request) {
    paths.add(request.path());
    String prefix = "/bot" + token + "/";
    if (!request.path().startsWith(prefix)) {
      request.body().onComplete(b -> error(request, 401, "Unauthorized"));
      return;
    }
    String method = request.path().substring(prefix.length());
    request.body().onSuccess(body -> {
      JsonObject params = parameters(request, body.toString());
      switch (method) {
        case "getUpdates" -> getUpdates(request, params);
        case "sendMessage" -> sendMessage(request, params);
        default -> error(request, 404, "Not Found");
      }
    });
  }

  private static JsonObject parameters(HttpServerRequest request, String body) {
    JsonObject params = new JsonObject();
    request.params().forEach(p -> params.put(p.getKey(), p.getValue()));
    String type = String.valueOf(request.getHeader("Content-Type"));
    if (type.startsWith("application/json") && !body.isBlank()) {
      params.mergeIn(new JsonObject(body));
    } else if (type.startsWith("application/x-www-form-urlencoded")) {
      for (String pair : body.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv.length == 2) {
          params.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
              java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  private synchronized void getUpdates(HttpServerRequest request, JsonObject params) {
    polls.incrementAndGet();
    long offset = Long.parseLong(String.valueOf(params.getValue("offset", 0)));
    long timeout = Long.parseLong(String.valueOf(params.getValue("timeout", 0)));
    // The offset confirms every update before it: Telegram forgets them (a redelivery aside).
    pending.removeIf(u -> u.getLong("update_id") < offset && !u.getBoolean("redelivered", false));
    if (!pending.isEmpty() || timeout <= 0) {
      answerUpdates(request);
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable answer = () -> {
      if (answered.compareAndSet(false, true)) {
        answerUpdates(request);
      }
    };
    waiting.add(answer);
    vertx.setTimer(timeout * 1000, id -> {
      synchronized (this) {
        waiting.remove(answer);
      }
      answer.run();
    });
    request.connection().closeHandler(v -> {
      synchronized (this) {
        waiting.remove(answer);
      }
    });
  }

  private synchronized void answerUpdates(HttpServerRequest request) {
    JsonArray result = new JsonArray();
    for (JsonObject update : pending) {
      JsonObject copy = update.copy();
      copy.remove("redelivered");
      result.add(copy);
    }
    // A redelivered update goes once; the others stay until an offset confirms them.
    pending.removeIf(u -> u.getBoolean("redelivered", false));
    ok(request, result);
  }

  private void sendMessage(HttpServerRequest request, JsonObject params) {
    if (rateLimited > 0) {
      rateLimited--;
      refusedSends.incrementAndGet();
      request.response().setStatusCode(429).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("ok", false).put("error_code", 429).put("description", "Too Many Requests: retry after " + retryAfter)
          .put("parameters", new JsonObject().put("retry_after", retryAfter)).encode());
      return;
    }
    Object chat = params.getValue("chat_id");
    String text = params.getString("text");
    if (chat == null || text == null || text.isEmpty()) {
      error(request, 400, "Bad Request: " + (chat == null ? "chat_id" : "message text") + " is empty");
      return;
    }
    long chatId = Long.parseLong(chat.toString());
    sent.add(new Sent(chatId, text));
    ok(request, new JsonObject().put("message_id", nextMessageId++).put("date", System.currentTimeMillis() / 1000)
        .put("chat", new JsonObject().put("id", chatId).put("type", "private")).put("text", text));
  }

  private static void ok(HttpServerRequest request, Object result) {
    request.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("ok", true).put("result", result).encode());
  }

  private static void error(HttpServerRequest request, int code, String description) {
    request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("ok", false).put("error_code", code).put("description", description).encode());
  }

  @Override
  public void close() {
    server.close().await();
  }
}
