package dev.mariposa.reliability;

import dev.mariposa.testing.BridgeClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Browser sockets on one instance's SockJS bridge, each registered on some addresses, pinging
 * every 5 s as vertx-eventbus.js does (the bridge closes a silent socket).
 */
final class BrowserCrowd implements AutoCloseable {
  private final Vertx vertx;
  private final List<BridgeClient> sockets = new ArrayList<>();
  private final long pinger;

  private BrowserCrowd(Vertx vertx) {
    this.vertx = vertx;
    this.pinger = vertx.setPeriodic(5_000, id -> sockets.forEach(BridgeClient::ping));
  }

  /** {@code size} sockets on {@code port}; socket i registers on {@code addresses.apply(i)}. */
  static BrowserCrowd open(Vertx vertx, int port, int size, java.util.function.IntFunction<List<String>> addresses)
      throws Exception {
    BrowserCrowd crowd = new BrowserCrowd(vertx);
    for (int i = 0; i < size; i++) {
      BridgeClient socket = BridgeClient.connectNow(vertx, port, null);
      addresses.apply(i).forEach(socket::register);
      crowd.sockets.add(socket);
    }
    return crowd;
  }

  BridgeClient socket(int i) {
    return sockets.get(i);
  }

  int size() {
    return sockets.size();
  }

  long closed() {
    return sockets.stream().filter(BridgeClient::isClosed).count();
  }

  /** Empties every socket's frames; how many of them match {@code filter}. */
  long drain(Predicate<JsonObject> filter) throws InterruptedException {
    long matched = 0;
    for (BridgeClient socket : sockets) {
      matched += socket.drain(Duration.ZERO).stream().filter(filter).count();
    }
    return matched;
  }

  /** How many sockets receive a frame matching {@code filter} within {@code timeout} from now. */
  int reached(Predicate<JsonObject> filter, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int reached = 0;
    for (BridgeClient socket : sockets) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (socket.next(filter, left) != null) {
        reached++;
      }
    }
    return reached;
  }

  static Predicate<JsonObject> messageUnder(String prefix) {
    return f -> "rec".equals(f.getString("type")) && f.getString("address", "").startsWith(prefix);
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    sockets.forEach(BridgeClient::close);
  }
}
