package dev.mariposa.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A SockJS event-bus bridge client over the raw WebSocket transport ({@code /eventbus/websocket}):
 * the same JSON frames vertx-eventbus.js sends ({@code register}, {@code send}, {@code ping}) and
 * receives ({@code rec}, {@code err}). Frames received are queued for the test to take.
 */
public final class BridgeClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private BridgeClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    // The bridge writes binary frames on the raw WebSocket transport; handler() takes both kinds.
    socket.handler(data -> frames.add(new JsonObject(data)));
    socket.closeHandler(v -> closed = true);
  }

  /** Connects to {@code port} on loopback; {@code origin} null sends no Origin header (not a browser). */
  public static Future<BridgeClient> connect(Vertx vertx, int port, String origin) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket").setHeaders(origin == null ? MultiMap.caseInsensitiveMultiMap()
            : MultiMap.caseInsensitiveMultiMap().add("Origin", origin));
    return client.connect(options).map(ws -> new BridgeClient(client, ws))
        .onFailure(t -> client.close());
  }

  public static BridgeClient connectNow(Vertx vertx, int port, String origin) throws TimeoutException {
    return connect(vertx, port, origin).await(10, TimeUnit.SECONDS);
  }

  public void register(String address) {
    write(new JsonObject().put("type", "register").put("address", address));
  }

  public void unregister(String address) {
    write(new JsonObject().put("type", "unregister").put("address", address));
  }

  public void ping() {
    write(new JsonObject().put("type", "ping"));
  }

  /** A request: answers the reply address the answer will come to. */
  public String send(String address, Object body, JsonObject headers) {
    String replyAddress = UUID.randomUUID().toString();
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", replyAddress);
    if (headers != null) {
      frame.put("headers", headers);
    }
    write(frame);
    return replyAddress;
  }

  public void publish(String address, Object body, JsonObject headers) {
    JsonObject frame = new JsonObject().put("type", "publish").put("address", address).put("body", body);
    if (headers != null) {
      frame.put("headers", headers);
    }
    write(frame);
  }

  public void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  /** The next frame matching {@code filter} within {@code timeout}, or null; earlier ones are dropped. */
  public JsonObject next(Predicate<JsonObject> filter, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      JsonObject frame = frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame != null && filter.test(frame)) {
        return frame;
      }
    }
  }

  /** Every frame received in {@code window}. */
  public List<JsonObject> drain(Duration window) throws InterruptedException {
    List<JsonObject> out = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject frame = left <= 0 ? frames.poll() : frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame == null) {
        if (left <= 0) {
          return out;
        }
        continue;
      }
      out.add(frame);
    }
  }

  public static Predicate<JsonObject> messageOn(String address) {
    return f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"));
  }

  public static Predicate<JsonObject> error() {
    return f -> "err".equals(f.getString("type"));
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      socket.close();
    }
    client.close();
  }
}
