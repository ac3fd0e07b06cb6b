package dev.mariposa.market.binance;

import dev.mariposa.redis.Backoff;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One combined-stream WebSocket ({@code /stream?streams=a/b/c}) shared by a group of feeds, that
 * stays up: streams are added and removed at run time with SUBSCRIBE/UNSUBSCRIBE, sent at most
 * {@value #CONTROL_PER_SECOND} a second (Binance closes a connection that sends more than 5
 * messages a second, pongs included); it reconnects with capped exponential backoff and jitter,
 * when the streams fall silent for too long (connected but delivering nothing), and on its own
 * before Binance's 24 h limit. Pings are answered by Vert.x. After each (re)connect every
 * subscriber's {@code onConnected} runs: what it built from the stream (an order book) must start
 * again, since messages may have been missed. Runs on one context.
 */
public final class BinanceStream {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceStream.class);
  private static final Duration PLANNED_RECONNECT = Duration.ofHours(23);
  static final int CONTROL_PER_SECOND = 3;
  static final int MAX_STREAMS = 1024;

  /** Who receives a stream's messages and hears about reconnects. */
  private record Subscriber(Handler<JsonObject> onMessage, Runnable onConnected) {}

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String base;
  private final Duration silence;
  private final Backoff backoff;
  private final Map<String, Subscriber> streams = new LinkedHashMap<>();
  private final Deque<JsonObject> control = new ArrayDeque<>();
  private WebSocket socket;
  private boolean connecting;
  private long lastMessageAt;
  private long connectedAt;
  private long watchdog = -1;
  private long controlTimer = -1;
  private long nextId = 1;
  private long malformed;
  /** Told of every reconnect (a lost or silent connection, the planned daily one): the feed counts them. */
  private Runnable onReconnect = () -> { };
  private boolean stopped;

  public BinanceStream(Vertx vertx, URI wsBase, Duration silence, Backoff backoff) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 24));
    this.base = wsBase.toString().replaceAll("/+$", "");
    this.silence = silence;
    this.backoff = backoff;
  }

  /** Adds {@code names} to this connection (SUBSCRIBE if connected; connects if not yet). */
  public void subscribe(Collection<String> names, Handler<JsonObject> onMessage, Runnable onConnected) {
    if (streams.size() + names.size() > MAX_STREAMS) {
      throw new IllegalStateException("a Binance connection carries at most " + MAX_STREAMS + " streams");
    }
    Subscriber subscriber = new Subscriber(onMessage, onConnected);
    List<String> added = new ArrayList<>();
    for (String name : names) {
      if (streams.put(name, subscriber) == null) {
        added.add(name);
      }
    }
    if (watchdog < 0) {
      watchdog = vertx.setPeriodic(1000, id -> watch());
      controlTimer = vertx.setPeriodic(1000 / CONTROL_PER_SECOND, id -> sendControl());
    }
    if (socket != null) {
      queue("SUBSCRIBE", added);
      onConnected.run(); // its data starts now: whatever it had is stale
    } else if (!connecting) {
      connect();
    }
  }

  /** Removes {@code names} (UNSUBSCRIBE if connected). */
  public void unsubscribe(Collection<String> names) {
    List<String> removed = names.stream().filter(n -> streams.remove(n) != null).toList();
    if (socket != null && !removed.isEmpty()) {
      queue("UNSUBSCRIBE", removed);
    }
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(watchdog);
    vertx.cancelTimer(controlTimer);
    if (socket != null) {
      socket.close();
    }
    client.close();
  }

  /** Text frames that were not JSON: counted and skipped. */
  /** {@code listener} runs at each reconnect (not the first connection). */
  public void onReconnect(Runnable listener) {
    this.onReconnect = listener;
  }

  public long malformed() {
    return malformed;
  }

  private void queue(String method, List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    JsonObject last = control.peekLast();
    if (last != null && last.getString("method").equals(method)) {
      names.forEach(last.getJsonArray("params")::add); // folded: one message for a burst of changes
      return;
    }
    control.addLast(new JsonObject().put("method", method).put("params", new JsonArray(new ArrayList<>(names)))
        .put("id", nextId++));
  }

  private void sendControl() {
    JsonObject message = control.pollFirst();
    if (message != null && socket != null) {
      socket.writeTextMessage(message.encode());
    }
  }

  private void connect() {
    if (stopped || streams.isEmpty()) {
      return;
    }
    connecting = true;
    control.clear(); // the URL carries the current set
    String uri = base + "/stream?streams=" + String.join("/", streams.keySet());
    client.connect(new WebSocketConnectOptions().setAbsoluteURI(uri))
        .onSuccess(ws -> {
          connecting = false;
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
          new LinkedHashMap<>(streams).values().stream().distinct().forEach(s -> s.onConnected().run());
        })
        .onFailure(t -> {
          connecting = false;
          retry("connect failed: " + t.getMessage());
        });
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
    String stream = message.getString("stream");
    Subscriber subscriber = stream == null ? null : streams.get(stream);
    if (subscriber != null && message.containsKey("data")) {
      subscriber.onMessage().handle(message);
    }
    // {"result":null,"id":n} acknowledges a SUBSCRIBE/UNSUBSCRIBE: nothing to do.
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
    onReconnect.run();
    LOG.warn("Binance stream {}; reconnecting in {} ms", why, delay);
    connecting = true;
    vertx.setTimer(delay, id -> connect());
  }
}
