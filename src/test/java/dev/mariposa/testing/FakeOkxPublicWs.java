package dev.mariposa.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OKX public WebSocket ({@code /ws/v5/public}) speaking OKX's protocol: it acknowledges
 * {@code {"op":"subscribe"|"unsubscribe","args":[{channel,instId}]}} with one
 * {@code {"event":"subscribe","arg":…,"connId":…}} per arg, answers an unknown op or a frame that
 * is not JSON with {@code {"event":"error","code":"60012",…}}, answers the text {@code ping} with
 * {@code pong}, and pushes, after each subscription, the recorded messages of that channel and
 * instrument (../shared/data/okx/swap/ws_swap_samples.json: funding-rate, mark-price and
 * index-tickers of WNCG-USDT-SWAP, and more). A test pushes its own frames ({@link #push}) and
 * drops every connection ({@link #drop}) to prove a client reconnects and subscribes again.
 */
public final class FakeOkxPublicWs implements AutoCloseable {
  public static final String PATH = "/ws/v5/public";

  private final HttpServer server;
  private final List<ServerWebSocket> open = new CopyOnWriteArrayList<>();
  private final List<JsonObject> subscribed = new CopyOnWriteArrayList<>();
  private final Map<String, List<JsonObject>> recorded = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger pings = new AtomicInteger();
  private volatile boolean answerPings = true;

  private FakeOkxPublicWs(Vertx vertx) {
    this.server = vertx.createHttpServer().webSocketHandler(this::accept);
    JsonObject samples = SharedData.jsonOrEmpty(FakeOkxSwapMarket.WS_SAMPLES);
    for (String key : samples.fieldNames()) {
      JsonObject message = samples.getJsonObject(key);
      JsonObject arg = message.getJsonObject("arg");
      if (arg != null && arg.getString("instId") != null) {
        recorded.computeIfAbsent(key(arg), k -> new CopyOnWriteArrayList<>()).add(message);
      }
    }
  }

  /** On 127.0.0.1 and a free port. */
  public static FakeOkxPublicWs start(Vertx vertx) {
    FakeOkxPublicWs fake = new FakeOkxPublicWs(vertx);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  public String url() {
    return "ws://127.0.0.1:" + server.actualPort() + PATH;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  public int openConnections() {
    return open.size();
  }

  /** Every arg subscribed, over all connections, in order. */
  public List<JsonObject> subscribed() {
    return List.copyOf(subscribed);
  }

  public int pings() {
    return pings.get();
  }

  /** Whether a ping is answered (false: a connection gone quiet, for the silence watchdog). */
  public FakeOkxPublicWs answerPings(boolean answer) {
    this.answerPings = answer;
    return this;
  }

  /** Sends {@code text} as it is to every open connection. */
  public void push(String text) {
    open.forEach(ws -> ws.writeTextMessage(text));
  }

  /** Closes every open connection, as OKX does at a restart. */
  public void drop() {
    List<ServerWebSocket> all = new ArrayList<>(open);
    open.clear();
    all.forEach(ServerWebSocket::close);
  }

  private void accept(ServerWebSocket ws) {
    if (!ws.path().equals(PATH)) {
      ws.close((short) 1008, "no such path");
      return;
    }
    connections.incrementAndGet();
    open.add(ws);
    ws.closeHandler(v -> open.remove(ws));
    String connId = Integer.toHexString(ws.hashCode());
    ws.textMessageHandler(text -> {
      if (text.equals("ping")) {
        pings.incrementAndGet();
        if (answerPings) {
          ws.writeTextMessage("pong");
        }
        return;
      }
      JsonObject request;
      try {
        request = new JsonObject(text);
      } catch (RuntimeException e) {
        ws.writeTextMessage(error("Invalid request: " + text, connId));
        return;
      }
      String op = request.getString("op", "");
      JsonArray args = request.getJsonArray("args", new JsonArray());
      if (!op.equals("subscribe") && !op.equals("unsubscribe")) {
        ws.writeTextMessage(error("Invalid request: " + text, connId));
        return;
      }
      for (Object a : args) {
        JsonObject arg = (JsonObject) a;
        ws.writeTextMessage(new JsonObject().put("event", op).put("arg", arg).put("connId", connId).encode());
        if (op.equals("subscribe")) {
          subscribed.add(arg);
          recorded.getOrDefault(key(arg), List.of()).forEach(m -> ws.writeTextMessage(m.encode()));
        }
      }
    });
  }

  private static String error(String msg, String connId) {
    return new JsonObject().put("event", "error").put("code", "60012").put("msg", msg).put("connId", connId).encode();
  }

  private static String key(JsonObject arg) {
    return arg.getString("channel") + "|" + arg.getString("instId");
  }

  @Override
  public void close() {
    server.close().await();
  }
}
