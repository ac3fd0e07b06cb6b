package dev.mariposa.market.binance;

import dev.mariposa.redis.Backoff;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined-stream WebSocket ({@code /stream?streams=a/b/c}) that stays up: reconnects with
 * capped exponential backoff and jitter, reconnects when the streams fall silent for too long (a
 * socket that is connected but delivers nothing), and reconnects on its own before Binance's 24 h
 * limit. Pings are answered by Vert.x. After each (re)connect {@code onConnected} runs: whatever
 * was built from the stream (an order book) must start again, since messages may have been missed.
 */
public final class BinanceStream {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceStream.class);
  private static final Duration PLANNED_RECONNECT = Duration.ofHours(23);

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String uri;
  private final Duration silence;
  private final Handler<JsonObject> onMessage;
  private final Runnable onConnected;
  private final Backoff backoff;
  private WebSocket socket;
  private long lastMessageAt;
  private long connectedAt;
  private long watchdog = -1;
  private long malformed;
  private boolean stopped;

  public BinanceStream(Vertx vertx, URI wsBase, List<String> streams, Duration silence, Backoff backoff,
                       Handler<JsonObject> onMessage, Runnable onConnected) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 24));
    this.uri = wsBase.toString().replaceAll("/+$", "") + "/stream?streams=" + String.join("/", streams);
    this.silence = silence;
    this.backoff = backoff;
    this.onMessage = onMessage;
    this.onConnected = onConnected;
  }

  public BinanceStream start() {
    watchdog = vertx.setPeriodic(1000, id -> watch());
    connect();
    return this;
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(watchdog);
    if (socket != null) {
      socket.close();
    }
    client.close();
  }

  /** Text frames that were not JSON: counted and skipped. */
  public long malformed() {
    return malformed;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    client.connect(new WebSocketConnectOptions().setAbsoluteURI(uri))
        .onSuccess(ws -> {
          if (stopped) {
            ws.close();
            return;
          }
          socket = ws;
          connectedAt = System.currentTimeMillis();
          lastMessageAt = connectedAt;
          backoff.reset();
          ws.textMessageHandler(this::onText);
          ws.closeHandler(v -> lost(ws, "closed by the server"));
          ws.exceptionHandler(t -> lost(ws, t.getMessage()));
          onConnected.run();
        })
        .onFailure(t -> retry("connect failed: " + t.getMessage()));
  }

  private void onText(String text) {
    lastMessageAt = System.currentTimeMillis();
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      malformed++;
      return;
    }
    if (message.containsKey("data")) {
      onMessage.handle(message);
    }
  }

  private void watch() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    long now = System.currentTimeMillis();
    if (now - lastMessageAt > silence.toMillis()) {
      LOG.warn("Binance stream silent for {} ms: reconnecting", now - lastMessageAt);
      lost(ws, "silent");
      ws.close();
    } else if (now - connectedAt > PLANNED_RECONNECT.toMillis()) {
      LOG.info("Binance stream up for 23 h: planned reconnect before the 24 h limit");
      lost(ws, "planned reconnect");
      ws.close();
    }
  }

  private void lost(WebSocket ws, String why) {
    if (ws != socket) {
      return;
    }
    socket = null;
    retry(why);
  }

  private void retry(String why) {
    if (stopped) {
      return;
    }
    long delay = backoff.nextDelayMs();
    LOG.warn("Binance stream {}; reconnecting in {} ms", why, delay);
    vertx.setTimer(delay, id -> connect());
  }
}
