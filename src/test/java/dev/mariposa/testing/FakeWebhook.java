package dev.mariposa.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local webhook receiver (Slack's and Discord's incoming webhooks take a JSON POST and answer
 * 2xx): records each body it accepts, fails the first {@link #failFirst} requests with 500, and
 * answers each request after {@link #delayMs} (a slow receiver lets a queue fill).
 */
public final class FakeWebhook implements AutoCloseable {
  private final Vertx vertx;
  private final HttpServer server;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failing = new AtomicInteger();
  private volatile long delayMs;

  private FakeWebhook(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      requests.incrementAndGet();
      Runnable answer = () -> {
        if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          request.response().setStatusCode(500).end("internal error");
          return;
        }
        received.add(body.toJsonObject());
        request.response().setStatusCode(200).end("ok");
      };
      if (delayMs > 0) {
        vertx.setTimer(delayMs, id -> answer.run());
      } else {
        answer.run();
      }
    }));
  }

  public static FakeWebhook start(Vertx vertx) {
    FakeWebhook fake = new FakeWebhook(vertx);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  /** The URL to configure; {@code path} as a real one has (Slack's carries its secret there). */
  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public FakeWebhook failFirst(int count) {
    failing.set(count);
    return this;
  }

  public FakeWebhook delayMs(long ms) {
    this.delayMs = ms;
    return this;
  }

  /** The bodies accepted, in order. */
  public List<JsonObject> received() {
    return List.copyOf(received);
  }

  /** Every request, failed ones included. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
