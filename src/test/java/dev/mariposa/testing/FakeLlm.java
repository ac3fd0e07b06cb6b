package dev.mariposa.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible chat-completions server (POST /v1/chat/completions) that answers as
 * told: a good JSON decision (optionally in a Markdown fence), prose, a decision out of schema,
 * 429 with Retry-After, 500, or nothing for a while. It checks the bearer key, counts the calls
 * that reached it, and keeps the request bodies.
 */
public final class FakeLlm implements AutoCloseable {
  public enum Mode { GOOD, FENCED, MALFORMED, WRONG_SCHEMA, RATE_LIMITED, ERROR, SLOW }

  private final Vertx vertx;
  private final HttpServer server;
  private final String key;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.GOOD;
  private volatile String action = "BUY";
  private volatile double confidence = 0.8;
  private volatile long slowMs = 5_000;

  private FakeLlm(Vertx vertx, String key) {
    this.vertx = vertx;
    this.key = key;
    this.server = vertx.createHttpServer().requestHandler(request -> {
      if (!request.path().equals("/v1/chat/completions") || request.method() != io.vertx.core.http.HttpMethod.POST) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.body().onSuccess(body -> {
        calls.incrementAndGet();
        authorizations.add(String.valueOf(request.getHeader("Authorization")));
        requests.add(body.toJsonObject());
        if (!("Bearer " + key).equals(request.getHeader("Authorization"))) {
          request.response().setStatusCode(401).end(error("invalid api key"));
          return;
        }
        switch (mode) {
          case RATE_LIMITED -> request.response().setStatusCode(429).putHeader("Retry-After", "7").end(error("rate limited"));
          case ERROR -> request.response().setStatusCode(500).end(error("upstream failure"));
          case SLOW -> vertx.setTimer(slowMs, id -> request.response().end(completion(decision())));
          case MALFORMED -> request.response().end(completion("I think you should probably buy, the trend looks fine."));
          case WRONG_SCHEMA -> request.response().end(completion("{\"action\":\"MAYBE\",\"confidence\":1.7}"));
          case FENCED -> request.response().end(completion("```json\n" + decision() + "\n```"));
          case GOOD -> request.response().end(completion(decision()));
        }
      });
    });
  }

  public static FakeLlm start(Vertx vertx, String key) {
    FakeLlm fake = new FakeLlm(vertx, key);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  /** What AI_BASE_URL should be. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  public FakeLlm mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  public FakeLlm answer(String action, double confidence) {
    this.action = action;
    this.confidence = confidence;
    return this;
  }

  public FakeLlm slowMs(long ms) {
    this.slowMs = ms;
    return this;
  }

  public int calls() {
    return calls.get();
  }

  public List<JsonObject> requests() {
    return List.copyOf(requests);
  }

  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  private String decision() {
    return new JsonObject().put("action", action).put("confidence", confidence)
        .put("reasons", new JsonArray().add("fake model says " + action)).encode();
  }

  private static String completion(String content) {
    return new JsonObject()
        .put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000)
        .put("model", "fake")
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", content))
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 120).put("completion_tokens", 30).put("total_tokens", 150))
        .encode();
  }

  private static String error(String message) {
    return new JsonObject().put("error", new JsonObject().put("message", message).put("type", "fake")).encode();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
