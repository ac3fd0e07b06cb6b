package dev.mariposa.market.swap;

import dev.mariposa.redis.Backoff;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to OKX's public WebSocket ({@code /ws/v5/public}) carrying the channels of a
 * group of followers, added and removed at run time with {@code {"op":"subscribe","args":[…]}}.
 * It stays up as the Binance stream does (market/binance/BinanceStream): reconnects with capped
 * exponential backoff and jitter ({@link Backoff}), resubscribes every channel, and is
 * reconnected when it falls silent. OKX closes a connection that hears nothing for 30 s, and
 * answers a text {@code ping} with {@code pong}: a ping goes out after half the silence limit
 * without a message, and a connection still silent at the limit is dropped and made again.
 *
 * <p>Pushes ({@code {"arg":{channel,instId},"data":[rows]}}) go to the channel's handler row by
 * row; acknowledgements are logged at debug; an error event ({@code {"event":"error","code",
 * "msg"}}), a notice, or a frame that is not JSON is logged and counted, and nothing else is lost.
 * Runs on one context.
 */
public final class OkxPublicStream {
  private static final Logger LOG = LoggerFactory.getLogger(OkxPublicStream.class);

  /** One channel of one instrument: {@code mark-price} of BTC-USDT-SWAP, say. */
  public record Channel(String channel, String instId) {
    public Channel {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(instId, "instId");
    }

    JsonObject arg() {
      return new JsonObject().put("channel", channel).put("instId", instId);
    }
  }

  /** Receives one channel's rows, with the time they arrived. */
  @FunctionalInterface
  public interface RowHandler {
    void row(Channel channel, JsonObject row, long receivedAt);
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final URI url;
  private final Duration silence;
  private final Backoff backoff;
  private final Map<Channel, RowHandler> channels = new LinkedHashMap<>();
  private WebSocket socket;
  private boolean connecting;
  private boolean pinged;
  private long lastMessageAt;
  private long watchdog = -1;
  private boolean stopped;
  private long malformed;
  private long errors;
  private int connects;

  public OkxPublicStream(Vertx vertx, URI url, Duration silence, Backoff backoff) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    this.url = Objects.requireNonNull(url, "url");
    this.silence = silence;
    this.backoff = backoff;
  }

  /** Adds {@code added} (subscribed now if connected; connects if not yet). */
  public void subscribe(Collection<Channel> added, RowHandler handler) {
    List<Channel> fresh = new ArrayList<>();
    for (Channel channel : added) {
      if (channels.put(channel, handler) == null) {
        fresh.add(channel);
      }
    }
    if (watchdog < 0) {
      long period = Math.max(10, Math.min(1000, silence.toMillis() / 4));
      watchdog = vertx.setPeriodic(period, id -> watch());
    }
    if (socket != null) {
      send("subscribe", fresh);
    } else if (!connecting) {
      connect();
    }
  }

  public void unsubscribe(Collection<Channel> removed) {
    List<Channel> gone = removed.stream().filter(c -> channels.remove(c) != null).toList();
    if (socket != null) {
      send("unsubscribe", gone);
    }
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(watchdog);
    if (socket != null) {
      socket.close();
    }
    client.close();
  }

  /** Frames that were not JSON, or pushes OKX sent in a shape not understood: counted and skipped. */
  public long malformed() {
    return malformed;
  }

  /** Error events OKX sent ({@code "event":"error"}). */
  public long errors() {
    return errors;
  }

  /** Connections made so far (the first, and each reconnect). */
  public int connects() {
    return connects;
  }

  private void send(String op, List<Channel> list) {
    if (list.isEmpty()) {
      return;
    }
    JsonArray args = new JsonArray();
    list.forEach(c -> args.add(c.arg()));
    socket.writeTextMessage(new JsonObject().put("op", op).put("args", args).encode());
  }

  private void connect() {
    if (stopped || channels.isEmpty()) {
      connecting = false;
      return;
    }
    connecting = true;
    client.connect(new WebSocketConnectOptions().setAbsoluteURI(url.toString()))
        .onSuccess(ws -> {
          connecting = false;
          if (stopped) {
            ws.close();
            return;
          }
          socket = ws;
          connects++;
          lastMessageAt = System.currentTimeMillis();
          pinged = false;
          backoff.reset();
          ws.textMessageHandler(this::onText);
          ws.closeHandler(v -> lost(ws, "closed by the server"));
          ws.exceptionHandler(t -> lost(ws, t.getMessage()));
          send("subscribe", List.copyOf(channels.keySet()));
          LOG.info("OKX public stream connected to {}: {} channel(s)", url, channels.size());
        })
        .onFailure(t -> retry("connect failed: " + t.getMessage()));
  }

  private void onText(String text) {
    long now = System.currentTimeMillis();
    lastMessageAt = now;
    pinged = false;
    if (text.equals("pong")) {
      return;
    }
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      skipped("a frame that is not JSON", text);
      return;
    }
    String event = message.getString("event");
    if (event != null) {
      onEvent(event, message);
      return;
    }
    JsonObject arg = message.getValue("arg") instanceof JsonObject a ? a : null;
    JsonArray data = message.getValue("data") instanceof JsonArray d ? d : null;
    if (arg == null || data == null) {
      skipped("a message with neither event nor arg and data", text);
      return;
    }
    Channel channel = new Channel(String.valueOf(arg.getValue("channel")), String.valueOf(arg.getValue("instId")));
    RowHandler handler = channels.get(channel);
    if (handler == null) {
      return; // unsubscribed a moment ago
    }
    for (Object row : data) {
      if (row instanceof JsonObject r) {
        handler.row(channel, r, now);
      } else {
        skipped("a row that is not an object on " + channel, text);
      }
    }
  }

  private void onEvent(String event, JsonObject message) {
    switch (event) {
      case "subscribe", "unsubscribe" -> LOG.debug("OKX public stream: {} {}", event, message.getValue("arg"));
      case "error" -> {
        errors++;
        LOG.warn("OKX public stream error {}: {}", message.getValue("code"), message.getValue("msg"));
      }
      default -> LOG.warn("OKX public stream {} {}: {}", event, message.getValue("code"), message.getValue("msg"));
    }
  }

  private void skipped(String what, String text) {
    malformed++;
    LOG.warn("OKX public stream: skipped {} ({} so far): {}", what, malformed,
        text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }

  private void watch() {
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    long quiet = System.currentTimeMillis() - lastMessageAt;
    if (quiet > silence.toMillis()) {
      LOG.warn("OKX public stream silent for {} ms: reconnecting", quiet);
      lost(ws, "silent");
      ws.close();
    } else if (quiet > silence.toMillis() / 2 && !pinged) {
      pinged = true;
      ws.writeTextMessage("ping");
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
      connecting = false;
      return;
    }
    long delay = backoff.nextDelayMs();
    LOG.warn("OKX public stream {}; reconnecting in {} ms", why, delay);
    connecting = true;
    vertx.setTimer(delay, id -> connect());
  }
}
