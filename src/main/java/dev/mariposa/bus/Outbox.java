package dev.mariposa.bus;

import dev.mariposa.bus.BusEnvelope.Outgoing;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.redis.Backoff;
import dev.mariposa.redis.RedisConnections;
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
 * other messages wait in a bounded queue, in order. Messages are grouped as {@link BusChannels}
 * lays them out (one group, or one per cluster shard); each group has its own sequence numbers
 * and at most one batch in flight, so Redis sees one group's messages in publish order. The
 * batches go through a connection of the outbox's own, on its context: no thread hop on the way
 * out. After an outage, sending resumes once as many instances listen as before it (or after a
 * grace period), so that what waited is not published into the void.
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

  /** The messages of one group waiting to be sent, and that group's sequence. */
  private static final class Group {
    final int id;
    final Map<String, Pending> latest = new LinkedHashMap<>();
    final Deque<Pending> queue = new ArrayDeque<>();
    long nextSeq = 1;
    boolean inFlight;

    Group(int id) {
      this.id = id;
    }

    boolean idle() {
      return queue.isEmpty() && latest.isEmpty();
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final RedisConnections redis;
  private final BusChannels channels;
  private final MariposaConfig.Bridge config;
  private final String runId;
  private final String instanceId;
  private final IntSupplier expectedSubscribers;
  private final ConcurrentLinkedQueue<Outgoing> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Group[] groups;
  private final Backoff backoff;
  private final Counter published;
  private final Counter coalesced;
  private final Counter overflow;
  private final Timer batchTimer;
  private Redis client;
  private RedisConnection connection;
  private Future<RedisConnection> connecting;
  private int queued;
  private boolean open = true;
  private int expectedAfterOutage = 1;
  private long retryTimer = -1;
  private long lastOverflowLog;

  Outbox(Vertx vertx, Context context, RedisConnections redis, BusChannels channels, int groupCount,
         MariposaConfig.Bridge config, String runId, String instanceId, IntSupplier expectedSubscribers,
         Duration backoffMax, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = context;
    this.redis = redis;
    this.channels = channels;
    this.config = config;
    this.runId = runId;
    this.instanceId = instanceId;
    this.expectedSubscribers = expectedSubscribers;
    this.groups = new Group[groupCount];
    for (int i = 0; i < groupCount; i++) {
      groups[i] = new Group(i);
    }
    this.backoff = new Backoff(Duration.ofMillis(50), backoffMax);
    this.published = Counter.builder("mariposa.bridge.published").description("Messages published to Redis").register(registry);
    this.coalesced = Counter.builder("mariposa.bridge.coalesced")
        .description("Latest-wins messages replaced by a newer one before they could be sent").register(registry);
    this.overflow = Counter.builder("mariposa.bridge.dropped").tag("reason", "overflow")
        .description("Queued messages dropped because the queue was full").register(registry);
    this.batchTimer = Timer.builder("mariposa.bridge.batch")
        .description("Round trip of one pipelined batch of PUBLISH").register(registry);
    Gauge.builder("mariposa.bridge.queued", this, Outbox::waiting)
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
    int latest = 0;
    for (Group g : groups) {
      latest += g.latest.size();
    }
    return queued + latest + inbox.size();
  }

  /** How many instances listen on the bus now (the roll call's receivers). */
  Future<Integer> listeningInstances() {
    return redis.send(channels.rollCall()).map(Response::toInteger);
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

  private void drain() {
    drainScheduled.set(false);
    Outgoing message;
    while ((message = inbox.poll()) != null) {
      Group group = groups[channels.group(message.address())];
      Pending pending = new Pending(message);
      if (message.coalesce()) {
        if (group.latest.put(message.address(), pending) != null) {
          coalesced.increment();
        }
      } else {
        group.queue.addLast(pending);
        queued++;
      }
    }
    trimQueues();
    flush();
  }

  private void flush() {
    if (!open) {
      return;
    }
    for (Group group : groups) {
      if (!group.inFlight && !group.idle()) {
        send(group);
      }
    }
  }

  private void send(Group group) {
    List<Pending> batch = new ArrayList<>(Math.min(config.maxBatch(), group.queue.size() + group.latest.size()));
    var ticks = group.latest.values().iterator();
    while (ticks.hasNext() && batch.size() < config.maxBatch()) {
      batch.add(ticks.next());
      ticks.remove();
    }
    while (!group.queue.isEmpty() && batch.size() < config.maxBatch()) {
      batch.add(group.queue.pollFirst());
      queued--;
    }
    for (Pending p : batch) {
      if (p.seq < 0) {
        p.seq = group.nextSeq++;
      }
    }
    // Receivers drop anything at or below the last sequence they saw from this group: send in order.
    batch.sort(Comparator.comparingLong(p -> p.seq));
    List<Request> requests = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      requests.add(channels.publish(p.message.address(),
          BusEnvelope.encode(runId, instanceId, group.id, p.seq, p.message)));
    }
    group.inFlight = true;
    long start = System.nanoTime();
    connection()
        .compose(conn -> conn.batch(requests).timeout(redis.timeout().toMillis(), TimeUnit.MILLISECONDS))
        .onComplete(ar -> {
          group.inFlight = false;
          batchTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          if (ar.succeeded()) {
            backoff.reset();
            published.increment(batch.size());
            flush();
          } else {
            LOG.debug("publishing {} messages failed: {}", batch.size(), ar.cause().getMessage());
            dropConnection(connection);
            requeue(group, batch);
            vertx.cancelTimer(retryTimer);
            retryTimer = vertx.setTimer(backoff.nextDelayMs(), id -> flush());
          }
        });
  }

  /** The outbox's connection, opened on this context when there is none (once, whoever asks). */
  private Future<RedisConnection> connection() {
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    if (connecting == null) {
      // A fresh client per connection, as for the subscriber: a reused client was seen to misroute replies.
      client = redis.newDedicatedClient();
      connecting = client.connect().timeout(redis.timeout().toMillis(), TimeUnit.MILLISECONDS)
          .andThen(ar -> connecting = null)
          .onSuccess(conn -> {
            connection = conn;
            conn.exceptionHandler(t -> dropConnection(conn));
            conn.endHandler(v -> dropConnection(conn));
          });
    }
    return connecting;
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
  private void requeue(Group group, List<Pending> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      Pending p = batch.get(i);
      if (p.message.coalesce()) {
        group.latest.putIfAbsent(p.message.address(), p);
      } else {
        group.queue.addFirst(p);
        queued++;
      }
    }
    trimQueues();
  }

  /** Over the bound, the oldest queued messages go (from the fullest groups first). */
  private void trimQueues() {
    int dropped = 0;
    while (queued > config.maxQueued()) {
      Group fullest = groups[0];
      for (Group g : groups) {
        if (g.queue.size() > fullest.queue.size()) {
          fullest = g;
        }
      }
      fullest.queue.pollFirst();
      queued--;
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
