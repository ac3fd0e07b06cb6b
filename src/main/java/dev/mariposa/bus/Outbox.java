package dev.mariposa.bus;

import dev.mariposa.bus.BusEnvelope.Outgoing;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.Backoff;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outgoing side of the bridge. Publishers on any thread {@link #offer} messages; everything
 * else runs on the bridge's context. Messages leave in pipelined batches, one batch in flight at a
 * time, so the order of one instance's messages is the order Redis sees. While a batch is in
 * flight or Redis is down, latest-wins addresses (tickers, books) are coalesced per address and
 * other messages wait in a bounded queue, in order. The batches go through a connection of the
 * outbox's own, on its context: no thread hop on the way out. After an outage, sending resumes once the
 * instances known before it have subscribed again (or after a grace period), so that what waited
 * is not published into the void.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** A message with its sequence number, assigned when it first joins a batch and kept on retries. */
  private static final class Pending {
    final Outgoing message;
    long seq = -1;

    Pending(Outgoing message) {
      this.message = message;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final MariposaConfig.Bridge config;
  private final String runId;
  private final String instanceId;
  private final IntSupplier expectedSubscribers;
  private final ConcurrentLinkedQueue<Outgoing> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Map<String, Pending> latest = new LinkedHashMap<>();
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final Backoff backoff;
  private final Counter published;
  private final Counter coalesced;
  private final Counter overflow;
  private final Timer batchTimer;
  private Redis client;
  private RedisConnection connection;
  private long nextSeq = 1;
  private boolean inFlight;
  private boolean open = true;
  private int expectedAfterOutage = 1;
  private long retryTimer = -1;
  private long lastOverflowLog;

  Outbox(Vertx vertx, Context context, RedisConnections redis, RedisKeys keys, MariposaConfig.Bridge config,
         String runId, String instanceId, IntSupplier expectedSubscribers, Duration backoffMax, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.redis = redis;
    this.keys = keys;
    this.config = config;
    this.runId = runId;
    this.instanceId = instanceId;
    this.expectedSubscribers = expectedSubscribers;
    this.backoff = new Backoff(Duration.ofMillis(50), backoffMax);
    this.published = Counter.builder("mariposa.bridge.published").description("Messages published to Redis").register(registry);
    this.coalesced = Counter.builder("mariposa.bridge.coalesced")
        .description("Latest-wins messages replaced by a newer one before they could be sent").register(registry);
    this.overflow = Counter.builder("mariposa.bridge.dropped").tag("reason", "overflow")
        .description("Queued messages dropped because the queue was full").register(registry);
    this.batchTimer = Timer.builder("mariposa.bridge.batch")
        .description("Round trip of one pipelined batch of PUBLISH").register(registry);
    Gauge.builder("mariposa.bridge.queued", this, o -> o.queue.size() + o.latest.size())
        .description("Messages waiting to be published to Redis").register(registry);
  }

  /** From any thread: hands a message to the bridge's context. */
  void offer(Outgoing message) {
    inbox.add(message);
    if (drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /** Redis went down: hold everything until it is back and the others have resubscribed. */
  void pause() {
    if (open) {
      // Counted now: once Redis is back without its data, the registry is empty again for a while.
      expectedAfterOutage = expectedSubscribers.getAsInt();
    }
    open = false;
  }

  /** Redis is up again: resume when every known instance subscribed again, or after the grace period. */
  void resume() {
    long deadline = System.currentTimeMillis() + config.resumeGrace().toMillis();
    awaitSubscribers(expectedAfterOutage, deadline);
  }

  int waiting() {
    return queue.size() + latest.size() + inbox.size();
  }

  private void awaitSubscribers(int expected, long deadline) {
    listeningInstances().onComplete(ar -> {
          boolean ready = ar.succeeded() && ar.result() >= expected;
          if (ready || System.currentTimeMillis() >= deadline) {
            if (!ready) {
              LOG.warn("Resuming cross-instance events before all {} known instances resubscribed", expected);
            }
            open = true;
            flush();
          } else {
            vertx.setTimer(100, id -> awaitSubscribers(expected, deadline));
          }
        });
  }

  /**
   * Every subscriber connection listens on its own heartbeat channel: their count is the number
   * of instances listening (PUBSUB NUMPAT would count the shared pattern once).
   */
  Future<Integer> listeningInstances() {
    return redis.send(Request.cmd(Command.PUBSUB).arg("CHANNELS").arg(keys.pattern("heartbeat:*")))
        .map(Response::size);
  }

  private void drain() {
    drainScheduled.set(false);
    Outgoing message;
    while ((message = inbox.poll()) != null) {
      Pending pending = new Pending(message);
      if (message.coalesce()) {
        if (latest.put(message.address(), pending) != null) {
          coalesced.increment();
        }
      } else {
        queue.addLast(pending);
        trimQueue();
      }
    }
    flush();
  }

  private void flush() {
    if (inFlight || !open || (queue.isEmpty() && latest.isEmpty())) {
      return;
    }
    List<Pending> batch = new ArrayList<>(Math.min(config.maxBatch(), queue.size() + latest.size()));
    var ticks = latest.values().iterator();
    while (ticks.hasNext() && batch.size() < config.maxBatch()) {
      batch.add(ticks.next());
      ticks.remove();
    }
    while (!queue.isEmpty() && batch.size() < config.maxBatch()) {
      batch.add(queue.pollFirst());
    }
    for (Pending p : batch) {
      if (p.seq < 0) {
        p.seq = nextSeq++;
      }
    }
    // Receivers drop anything at or below the last sequence they saw from us: send in order.
    batch.sort(Comparator.comparingLong(p -> p.seq));
    List<Request> requests = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      requests.add(Request.cmd(Command.PUBLISH).arg(keys.key("bus:", p.message.address()))
          .arg(BusEnvelope.encode(runId, instanceId, p.seq, p.message)));
    }
    inFlight = true;
    long start = System.nanoTime();
    connection()
        .compose(conn -> conn.batch(requests).timeout(redis.timeout().toMillis(), TimeUnit.MILLISECONDS))
        .onComplete(ar -> {
      inFlight = false;
      batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (ar.succeeded()) {
        backoff.reset();
        published.increment(batch.size());
        flush();
      } else {
        LOG.debug("publishing {} messages failed: {}", batch.size(), ar.cause().getMessage());
        dropConnection(connection);
        requeue(batch);
        vertx.cancelTimer(retryTimer);
        retryTimer = vertx.setTimer(backoff.nextDelayMs(), id -> flush());
      }
    });
  }

  /** The outbox's connection, opened on this context when there is none. */
  private Future<RedisConnection> connection() {
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    // A fresh client per connection, as for the subscriber: a reused client was seen to misroute replies.
    client = redis.newDedicatedClient();
    return client.connect().timeout(redis.timeout().toMillis(), TimeUnit.MILLISECONDS).onSuccess(conn -> {
      connection = conn;
      conn.exceptionHandler(t -> dropConnection(conn));
      conn.endHandler(v -> dropConnection(conn));
    });
  }

  private void dropConnection(RedisConnection conn) {
    if (conn != null && conn == connection) {
      connection = null;
      conn.close();
    }
    if (connection == null && client != null) {
      client.close();
      client = null;
    }
  }

  /** Closes the outbox's connection (at undeploy). */
  Future<Void> close() {
    RedisConnection conn = connection;
    Redis c = client;
    connection = null;
    client = null;
    return (conn == null ? Future.<Void>succeededFuture() : conn.close().recover(t -> Future.succeededFuture()))
        .compose(v -> c == null ? Future.succeededFuture() : c.close());
  }

  /** A failed batch goes back in front, keeping its sequence numbers; newer snapshots win. */
  private void requeue(List<Pending> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      Pending p = batch.get(i);
      if (p.message.coalesce()) {
        latest.putIfAbsent(p.message.address(), p);
      } else {
        queue.addFirst(p);
      }
    }
    trimQueue();
  }

  private void trimQueue() {
    int dropped = 0;
    while (queue.size() > config.maxQueued()) {
      queue.pollFirst();
      dropped++;
    }
    if (dropped > 0) {
      overflow.increment(dropped);
      long now = System.currentTimeMillis();
      if (now - lastOverflowLog > 10_000) {
        lastOverflowLog = now;
        LOG.warn("Cross-instance queue full ({} messages): dropped the oldest (see mariposa_bridge_dropped_total)",
            config.maxQueued());
      }
    }
  }
}
