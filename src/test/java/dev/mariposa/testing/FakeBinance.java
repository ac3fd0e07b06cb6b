package dev.mariposa.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Binance spot server for tests, speaking the real protocol: the combined-stream
 * WebSocket ({@code /stream?streams=}) replaying a recorded capture, and REST depth snapshots
 * that stay consistent with what the stream has sent (the recorded snapshot until the stream
 * passes it, then the fake's own book). Faults on demand: an abrupt close after N messages, a
 * malformed frame, a 429 with Retry-After on the first snapshot; and, repeatedly, within the
 * first part of the capture ({@link #faultsUntil}): abrupt disconnects, stalls (connected, sending
 * nothing) and depth diffs left out (a sequence gap), each counted ({@link #faults}).
 */
public final class FakeBinance implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> capture;
  private final Map<String, JsonObject> recordedSnapshots;
  private final Map<String, Book> books = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> lastBookTickers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();
  private final AtomicInteger controlMessages = new AtomicInteger();
  private final AtomicInteger pongs = new AtomicInteger();
  private final AtomicInteger controlViolations = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile int cursor;
  /** Where the capture ends: its size, or where {@link #endCapture} cut it. */
  private volatile int end = Integer.MAX_VALUE;
  private volatile int closeAfter = -1;
  private volatile int malformedAt = -1;
  private volatile boolean rateLimitFirstSnapshot;
  private volatile boolean banSecondSnapshot;
  private volatile boolean finished;
  private volatile int paceMessages = 20;
  private volatile long paceMs = 1;
  private volatile int faultsUntil = Integer.MAX_VALUE;
  private volatile int disconnectEvery;
  private volatile int stallEvery;
  private volatile long stallMs;
  private volatile int skipDepthEvery;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger depthSent = new AtomicInteger();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
  private final HttpServer server;

  /** The fake's view of one symbol's book: the recorded snapshot, then every diff sent after it. */
  private static final class Book {
    final TreeMap<Double, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Double, String[]> asks = new TreeMap<>();
    long lastUpdateId;

    Book(JsonObject snapshot) {
      lastUpdateId = snapshot.getLong("lastUpdateId");
      set(bids, snapshot.getJsonArray("bids"));
      set(asks, snapshot.getJsonArray("asks"));
    }

    void apply(JsonObject diff) {
      if (diff.getLong("u") <= lastUpdateId) {
        return;
      }
      set(bids, diff.getJsonArray("b"));
      set(asks, diff.getJsonArray("a"));
      lastUpdateId = diff.getLong("u");
    }

    JsonObject snapshot() {
      return new JsonObject().put("lastUpdateId", lastUpdateId).put("bids", levels(bids)).put("asks", levels(asks));
    }

    private static void set(TreeMap<Double, String[]> side, JsonArray levels) {
      levels.forEach(l -> {
        JsonArray level = (JsonArray) l;
        if (Double.parseDouble(level.getString(1)) == 0) {
          side.remove(Double.parseDouble(level.getString(0)));
        } else {
          side.put(Double.parseDouble(level.getString(0)), new String[] {level.getString(0), level.getString(1)});
        }
      });
    }

    private static JsonArray levels(TreeMap<Double, String[]> side) {
      JsonArray out = new JsonArray();
      side.values().forEach(v -> out.add(new JsonArray().add(v[0]).add(v[1])));
      return out;
    }
  }

  public FakeBinance(Path capture, Map<String, JsonObject> recordedSnapshots) throws IOException {
    this.capture = Files.readAllLines(capture).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    this.recordedSnapshots = recordedSnapshots;
    this.capture.stream().filter(m -> m.getString("stream").endsWith("@bookTicker"))
        .forEach(m -> lastBookTickers.put(m.getJsonObject("data").getString("s"), m.getJsonObject("data")));
    // Each book follows the stream from the start, whenever the first snapshot is asked for.
    recordedSnapshots.forEach((symbol, snapshot) -> books.put(symbol, new Book(snapshot)));
    this.server = vertx.createHttpServer()
        .webSocketHandler(this::stream)
        .requestHandler(this::rest)
        .listen(0, "127.0.0.1").await();
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + server.actualPort();
  }

  public String restUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public FakeBinance closeAfter(int messages) {
    closeAfter = messages;
    return this;
  }

  public FakeBinance malformedAt(int message) {
    malformedAt = message;
    return this;
  }

  /** Sends {@code messages} of the capture every {@code everyMs} (default 20 a millisecond). */
  public FakeBinance pace(int messages, long everyMs) {
    paceMessages = messages;
    paceMs = everyMs;
    return this;
  }

  /** The repeated faults below stop once this share of the capture is sent, so it ends in a clean state. */
  public FakeBinance faultsUntil(double share) {
    faultsUntil = (int) (capture.size() * share);
    return this;
  }

  /** Closes the connection abruptly after every {@code messages} sent. */
  public FakeBinance disconnectEvery(int messages) {
    disconnectEvery = messages;
    return this;
  }

  /** After every {@code messages} sent, sends nothing for {@code ms} while staying connected. */
  public FakeBinance stallEvery(int messages, long ms) {
    stallEvery = messages;
    stallMs = ms;
    return this;
  }

  /** Leaves out every {@code nth} depth diff it would send (its own book still applies it): a sequence gap. */
  public FakeBinance skipDepthEvery(int nth) {
    skipDepthEvery = nth;
    return this;
  }

  /**
   * Faults injected so far: {@code disconnects}, {@code stalls}, {@code stallsDetected} (the
   * client closed the connection during the stall), {@code skippedDiffs}.
   */
  public Map<String, Integer> faults() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String kind : List.of("disconnects", "stalls", "stallsDetected", "skippedDiffs")) {
      counts.put(kind, faults.getOrDefault(kind, new AtomicInteger()).get());
    }
    return counts;
  }

  private void fault(String kind) {
    faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  public FakeBinance rateLimitFirstSnapshot() {
    rateLimitFirstSnapshot = true;
    return this;
  }

  /** The second depth request gets a 418 (IP banned) with Retry-After: 1, as after ignoring a 429. */
  public FakeBinance banSecondSnapshot() {
    banSecondSnapshot = true;
    return this;
  }

  public int requests(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  public int connections() {
    return connections.get();
  }

  /** SUBSCRIBE/UNSUBSCRIBE messages received, and connections closed for sending more than 5 a second. */
  public int controlMessages() {
    return controlMessages.get();
  }

  /** Pongs that echoed the ping's payload. */
  public int pongs() {
    return pongs.get();
  }

  public int controlViolations() {
    return controlViolations.get();
  }

  /** Some client has a socket open on this stream. */
  public boolean isStreaming(String stream) {
    AtomicInteger open = openStreams.get(stream);
    return open != null && open.get() > 0;
  }

  /** The whole capture has been sent (or all of it before {@link #endCapture}). */
  public boolean finished() {
    return finished;
  }

  /**
   * The capture ends here, as a recording that runs out: nothing more is sent, the connections
   * stay open and silent. For a test that needs live prices only until some point, then none.
   */
  public FakeBinance endCapture() {
    end = cursor;
    return this;
  }

  private void stream(ServerWebSocket ws) {
    if (!ws.path().equals("/stream") || ws.query() == null || !ws.query().startsWith("streams=")) {
      ws.close((short) 1008);
      return;
    }
    Set<String> wanted = ConcurrentHashMap.newKeySet();
    wanted.addAll(Arrays.asList(ws.query().substring("streams=".length()).split("/")));
    int connection = connections.incrementAndGet();
    int[] sentOnThis = {0};
    long[] timer = {-1};
    long[] stalledUntil = {0};
    wanted.forEach(w -> openStreams.computeIfAbsent(w, k -> new AtomicInteger()).incrementAndGet());
    ws.closeHandler(v -> {
      vertx.cancelTimer(timer[0]);
      wanted.forEach(w -> openStreams.get(w).decrementAndGet());
      if (System.currentTimeMillis() < stalledUntil[0]) {
        fault("stallsDetected"); // the client noticed the silence and hung up
      }
    });
    // Binance pings every 20 s and expects the payload echoed in a pong.
    ws.pongHandler(payload -> {
      if (payload.toString().equals("ping-" + connection)) {
        pongs.incrementAndGet();
      }
    });
    ws.writePing(Buffer.buffer("ping-" + connection));
    // Live SUBSCRIBE/UNSUBSCRIBE, with Binance's limit of 5 incoming messages a second.
    long[] window = {System.currentTimeMillis(), 0};
    ws.textMessageHandler(text -> {
      long now = System.currentTimeMillis();
      if (now - window[0] >= 1000) {
        window[0] = now;
        window[1] = 0;
      }
      if (++window[1] > 5) {
        controlViolations.incrementAndGet();
        ws.close((short) 1008);
        return;
      }
      JsonObject request = new JsonObject(text);
      List<String> names = request.getJsonArray("params").stream().map(String::valueOf).toList();
      if ("SUBSCRIBE".equals(request.getString("method"))) {
        names.stream().filter(wanted::add)
            .forEach(n -> openStreams.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet());
      } else if ("UNSUBSCRIBE".equals(request.getString("method"))) {
        names.stream().filter(wanted::remove).forEach(n -> openStreams.get(n).decrementAndGet());
      }
      controlMessages.incrementAndGet();
      ws.writeTextMessage(new JsonObject().putNull("result").put("id", request.getValue("id")).encode());
    });
    timer[0] = vertx.setPeriodic(paceMs, id -> {
      if (System.currentTimeMillis() < stalledUntil[0]) {
        return; // connected, silent
      }
      for (int n = 0; n < paceMessages; n++) {
        if (cursor >= capture.size() || cursor >= end) {
          finished = true;
          return; // stays connected, silent: the client's watchdog decides
        }
        boolean faulty = cursor < faultsUntil;
        JsonObject message = capture.get(cursor++);
        String stream = message.getString("stream");
        JsonObject data = message.getJsonObject("data");
        if (stream.contains("@depth")) {
          Book book = books.get(data.getString("s"));
          if (book != null) {
            book.apply(data);
          }
        }
        if (!wanted.contains(stream)) {
          continue;
        }
        if (faulty && skipDepthEvery > 0 && stream.contains("@depth") && depthSent.incrementAndGet() % skipDepthEvery == 0) {
          fault("skippedDiffs");
          continue;
        }
        if (malformedAt == ++sentOnThis[0] && connection == 1) {
          ws.writeTextMessage("{not json");
        }
        ws.writeTextMessage(message.encode());
        int total = sent.incrementAndGet();
        boolean disconnect = faulty && disconnectEvery > 0 && total % disconnectEvery == 0;
        if (disconnect || connection == 1 && closeAfter > 0 && sentOnThis[0] >= closeAfter) {
          if (disconnect) {
            fault("disconnects");
          }
          vertx.cancelTimer(id);
          ws.close((short) 1006); // abrupt, as a dropped connection looks
          return;
        }
        if (faulty && stallEvery > 0 && total % stallEvery == 0) {
          fault("stalls");
          stalledUntil[0] = System.currentTimeMillis() + stallMs;
          return;
        }
      }
    });
  }

  private void rest(HttpServerRequest request) {
    requests.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
    var response = request.response().putHeader("Content-Type", "application/json")
        .putHeader("X-MBX-USED-WEIGHT-1M", "10");
    switch (request.path()) {
      case "/api/v3/ping" -> response.end("{}");
      case "/api/v3/ticker/bookTicker" -> {
        String symbol = request.getParam("symbol");
        requests.computeIfAbsent("bookTicker:" + symbol, p -> new AtomicInteger()).incrementAndGet();
        JsonObject ticker = lastBookTickers.get(symbol);
        // Slow on purpose, as a remote exchange is: concurrent misses overlap.
        vertx.setTimer(100, id -> {
          if (ticker == null) {
            response.setStatusCode(400).end("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
          } else {
            response.end(new JsonObject().put("symbol", symbol).put("bidPrice", ticker.getString("b"))
                .put("bidQty", ticker.getString("B")).put("askPrice", ticker.getString("a"))
                .put("askQty", ticker.getString("A")).encode());
          }
        });
      }
      case "/api/v3/depth" -> {
        if (rateLimitFirstSnapshot && requests("/api/v3/depth") == 1) {
          response.setStatusCode(429).putHeader("Retry-After", "1")
              .end("{\"code\":-1003,\"msg\":\"Too many requests.\"}");
          return;
        }
        if (banSecondSnapshot && requests("/api/v3/depth") == 2) {
          response.setStatusCode(418).putHeader("Retry-After", "1")
              .end("{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}");
          return;
        }
        String symbol = request.getParam("symbol");
        JsonObject recorded = recordedSnapshots.get(symbol);
        if (recorded == null) {
          response.setStatusCode(400).end("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
          return;
        }
        Book book = books.computeIfAbsent(symbol, s -> new Book(recorded));
        response.end(book.snapshot().encode());
      }
      case "/api/v3/klines" -> {
        // No bars recorded: none for a symbol of the capture, Binance's -1121 for another.
        if (lastBookTickers.containsKey(request.getParam("symbol"))) {
          response.end("[]");
        } else {
          response.setStatusCode(400).end("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        }
      }
      default -> response.setStatusCode(404).end("{\"code\":-1,\"msg\":\"not found\"}");
    }
  }

  /** Recorded snapshots of the 2021-04-05 capture, by symbol. */
  public static Map<String, JsonObject> snapshots(Path restDir, String prefix) throws IOException {
    Map<String, JsonObject> snapshots = new HashMap<>();
    try (var files = Files.list(restDir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        String name = file.getFileName().toString();
        snapshots.put(name.substring(prefix.length(), name.length() - ".json".length()), new JsonObject(Files.readString(file)));
      }
    }
    return snapshots;
  }

  @Override
  public void close() {
    vertx.close().await();
  }

}
