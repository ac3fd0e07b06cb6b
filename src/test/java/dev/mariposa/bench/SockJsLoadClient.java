package dev.mariposa.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The browsers of {@link SockJsFanoutBench}, in their own JVM: {@code sockets} SockJS event-bus
 * clients (raw WebSocket transport, the frames vertx-eventbus.js sends) registered on one address.
 * Each received frame's latency is now − its {@code "updateId"} field (System.nanoTime of the sender:
 * CLOCK_MONOTONIC, the same clock in every process of this machine), recorded when its
 * {@code "source"} is {@code "bench"} (warm-up ticks say {@code "bench-warm"}). Prints {@code READY} once every socket has received a frame, then one
 * JSON line of results when {@code expected} measured frames arrived or {@code seconds} passed.
 *
 * <p>Usage: {@code SockJsLoadClient <port> <sockets> <address> <expected> <seconds>}
 */
public final class SockJsLoadClient {
  private static final byte[] T = "\"updateId\":".getBytes(StandardCharsets.US_ASCII);
  private static final String PING = "{\"type\":\"ping\"}";

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int sockets = Integer.parseInt(args[1]);
    String address = args[2];
    long expected = Long.parseLong(args[3]);
    int seconds = Integer.parseInt(args[4]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Map<Thread, Histogram> histograms = new ConcurrentHashMap<>();
    AtomicLong measured = new AtomicLong();
    AtomicLong frames = new AtomicLong();
    boolean[] seen = new boolean[sockets];
    AtomicLong seenCount = new AtomicLong();
    AtomicLong closed = new AtomicLong();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets + 10));
    List<Future<?>> connected = new ArrayList<>();
    for (int i = 0; i < sockets; i++) {
      int index = i;
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/eventbus/websocket").setHeaders(MultiMap.caseInsensitiveMultiMap());
      connected.add(client.connect(options).onSuccess(ws -> {
        ws.handler(data -> {
          frames.incrementAndGet();
          if (!seen[index]) {
            seen[index] = true;
            seenCount.incrementAndGet();
          }
          long sent = field(data);
          if (sent > 0 && isMeasured(data)) {
            histograms.computeIfAbsent(Thread.currentThread(), t -> new Histogram(TimeUnit.SECONDS.toMicros(30), 3))
                .recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
            measured.incrementAndGet();
          }
        });
        ws.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
        // As vertx-eventbus.js does: the bridge closes a socket it has not heard from in 30 s.
        long pinger = vertx.setPeriodic(5_000, id -> ws.writeTextMessage(PING));
        ws.closeHandler(v -> {
          vertx.cancelTimer(pinger);
          closed.incrementAndGet();
        });
      }));
      if (i % 50 == 49) {
        Future.join(new ArrayList<>(connected)).await(30, TimeUnit.SECONDS);
      }
    }
    Future.join(connected).await(60, TimeUnit.SECONDS);
    long failed = connected.stream().filter(Future::failed).count();
    long deadline = System.currentTimeMillis() + 60_000;
    while (seenCount.get() < sockets - failed && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    System.out.println("READY " + seenCount.get() + " of " + sockets + " sockets receiving (" + failed + " failed to connect)");
    System.out.flush();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    // Waits for the first measured frame, then for the rest.
    long start = System.nanoTime();
    while (measured.get() == 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
      Thread.sleep(1);
    }
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long end = t0 + TimeUnit.SECONDS.toNanos(seconds + 15L);
    while (measured.get() < expected && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    double cores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
    Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    Thread.sleep(50);
    histograms.values().forEach(all::add);
    System.out.println(new JsonObject().put("measured", all.getTotalCount()).put("expected", expected)
        .put("frames", frames.get()).put("closed", closed.get()).put("p50", all.getValueAtPercentile(50)).put("p99", all.getValueAtPercentile(99))
        .put("p999", all.getValueAtPercentile(99.9)).put("max", all.getMaxValue()).put("cores", cores).encode());
    System.out.flush();
    System.exit(0);
  }

  /** The number after the first {@code "updateId":} (the sender's nanoTime), without decoding the JSON. */
  private static long field(Buffer data) {
    byte[] bytes = data.getBytes();
    outer:
    for (int i = 0; i + T.length < bytes.length; i++) {
      for (int k = 0; k < T.length; k++) {
        if (bytes[i + k] != T[k]) {
          continue outer;
        }
      }
      long value = 0;
      for (int j = i + T.length; j < bytes.length && bytes[j] >= '0' && bytes[j] <= '9'; j++) {
        value = value * 10 + (bytes[j] - '0');
      }
      return value;
    }
    return -1;
  }

  private static boolean isMeasured(Buffer data) {
    String text = data.toString(StandardCharsets.US_ASCII);
    return text.contains("\"source\":\"bench\"");
  }
}
