package dev.mariposa.session;

import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.RedisState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records this instance's browser sessions in Redis as the SockJS bridge reports them: created,
 * refreshed (last seen, TTL) and removed with their sockets, their registrations in
 * {@code ws:sub:<id>}, and this instance's subscriber count per address, which the session role
 * sums over the cluster to drive demand-driven market subscriptions. The local state is the truth:
 * it is written again in full when Redis comes back, and removed at shutdown.
 *
 * <p>One per process running the http role; the bridges of all HTTP verticle instances report to
 * it (from their own event loops, hence the concurrent maps).
 */
public final class SessionRecorder extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRecorder.class);
  /** Counts are written at most this often while they change, and at least every REFRESH. */
  private static final long FLUSH_MS = 1_000;
  private static final long REFRESH_MS = 30_000;

  private final RedisConnections redis;
  private final SessionKeys keys;
  private final String instanceId;
  private final Duration ttl;
  private final long seenEveryMs;
  private final Map<String, BrowserSession> open = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();
  private final AtomicBoolean countsDirty = new AtomicBoolean(true);
  private long lastFlush;
  /** The addresses the last flush wrote (only the recorder's context touches it). */
  private Set<String> countsWritten = Set.of();
  private Runnable stopListening = () -> { };

  /** {@code ttl}: how long a session outlives its last sign of life; {@code seenEvery}: how often it is written. */
  public SessionRecorder(RedisConnections redis, RedisKeys keys, String instanceId, Duration ttl, Duration seenEvery) {
    this.redis = redis;
    this.keys = new SessionKeys(keys);
    this.instanceId = instanceId;
    this.ttl = ttl;
    this.seenEveryMs = seenEvery.toMillis();
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(FLUSH_MS, id -> flushCounts(false));
    stopListening = redis.onStateChange(state -> {
      if (state == RedisState.UP) {
        vertx.runOnContext(v -> rewriteAll());
      }
    });
    return Future.succeededFuture();
  }

  /** Removes this instance's sessions: their sockets close with the process. */
  @Override
  public Future<?> stop() {
    stopListening.run();
    List<Future<?>> removed = new ArrayList<>();
    open.values().forEach(s -> removed.add(forget(s)));
    open.clear();
    removed.add(send(Request.cmd(Command.DEL).arg(keys.counts(instanceId))));
    removed.add(send(Request.cmd(Command.DEL).arg(keys.instanceIndex(instanceId))));
    removed.add(send(Request.cmd(Command.SREM).arg(keys.instances()).arg(instanceId)));
    return Future.join(removed).otherwiseEmpty();
  }

  /** A socket opened: its session, written at once. */
  public BrowserSession open(String remote) {
    BrowserSession session = new BrowserSession(remote);
    open.put(session.id(), session);
    write(session);
    return session;
  }

  /** One more handler on {@code address}. */
  public void register(BrowserSession session, String address) {
    boolean first;
    synchronized (session) {
      first = session.add(address);
    }
    if (first) {
      subscribers.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
      countsDirty.set(true);
      inOrder(Request.cmd(Command.SADD).arg(keys.subscriptions(session.id())).arg(address),
          Request.cmd(Command.PEXPIRE).arg(keys.subscriptions(session.id())).arg(ttl.toMillis()));
    }
  }

  /** One handler less on {@code address}. */
  public void unregister(BrowserSession session, String address) {
    boolean last;
    synchronized (session) {
      last = session.remove(address);
    }
    if (last) {
      decrement(address);
      send(Request.cmd(Command.SREM).arg(keys.subscriptions(session.id())).arg(address));
    }
  }

  /** The socket is alive (a ping, a message): refreshes last seen and the TTLs, at most every seenWrite. */
  public void seen(BrowserSession session) {
    long now = System.currentTimeMillis();
    boolean due;
    synchronized (session) {
      due = session.seenDue(now, seenEveryMs);
    }
    if (due) {
      inOrder(Request.cmd(Command.HSET).arg(keys.session(session.id())).arg("lastSeen").arg(now),
          Request.cmd(Command.PEXPIRE).arg(keys.session(session.id())).arg(ttl.toMillis()),
          Request.cmd(Command.PEXPIRE).arg(keys.subscriptions(session.id())).arg(ttl.toMillis()));
    }
  }

  /** The socket closed: the session and its registrations go. */
  public void close(BrowserSession session) {
    List<String> addresses;
    synchronized (session) {
      if (!session.close()) {
        return;
      }
      addresses = List.copyOf(session.addresses());
    }
    open.remove(session.id());
    addresses.forEach(this::decrement);
    forget(session);
  }

  /** Sockets here listening to each address. */
  public Map<String, Integer> subscriberCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    subscribers.forEach((address, n) -> {
      if (n.get() > 0) {
        counts.put(address, n.get());
      }
    });
    return counts;
  }

  private void decrement(String address) {
    AtomicInteger n = subscribers.get(address);
    if (n != null && n.decrementAndGet() <= 0) {
      subscribers.remove(address, n);
    }
    countsDirty.set(true);
  }

  /** The session's hash and, when it has any, its registrations; then the instance's index. */
  private void write(BrowserSession session) {
    String key = keys.session(session.id());
    List<Request> requests = new ArrayList<>();
    requests.add(Request.cmd(Command.HSET).arg(key).arg("id").arg(session.id()).arg("instance").arg(instanceId)
        .arg("created").arg(session.created()).arg("lastSeen").arg(System.currentTimeMillis())
        .arg("remote").arg(session.remote()));
    requests.add(Request.cmd(Command.PEXPIRE).arg(key).arg(ttl.toMillis()));
    List<String> addresses;
    synchronized (session) {
      addresses = List.copyOf(session.addresses());
    }
    if (!addresses.isEmpty()) {
      Request sadd = Request.cmd(Command.SADD).arg(keys.subscriptions(session.id()));
      addresses.forEach(sadd::arg);
      requests.add(sadd);
      requests.add(Request.cmd(Command.PEXPIRE).arg(keys.subscriptions(session.id())).arg(ttl.toMillis()));
    }
    inOrder(requests);
    inOrder(Request.cmd(Command.SADD).arg(keys.instanceIndex(instanceId)).arg(session.id()),
        Request.cmd(Command.PEXPIRE).arg(keys.instanceIndex(instanceId)).arg(ttl.toMillis()));
    send(Request.cmd(Command.SADD).arg(keys.instances()).arg(instanceId));
  }

  private Future<?> forget(BrowserSession session) {
    return Future.join(
        send(Request.cmd(Command.DEL).arg(keys.session(session.id())).arg(keys.subscriptions(session.id()))),
        send(Request.cmd(Command.SREM).arg(keys.instanceIndex(instanceId)).arg(session.id())));
  }

  /** After an outage (or a sweep that took this instance for dead): everything again from memory. */
  private void rewriteAll() {
    open.values().forEach(this::write);
    flushCounts(true);
  }

  /** This instance's counts, written whole; also refreshes the index's TTL now and then. */
  private void flushCounts(boolean force) {
    long now = System.currentTimeMillis();
    boolean refresh = now - lastFlush >= REFRESH_MS;
    if (!(force || refresh || countsDirty.getAndSet(false))) {
      return;
    }
    lastFlush = now;
    // Only this instance writes its hash: the fields that went to zero are removed, the others set.
    String key = keys.counts(instanceId);
    Map<String, Integer> counts = subscriberCounts();
    if (counts.isEmpty() && countsWritten.isEmpty()) {
      return; // nothing to write, nothing to take back
    }
    List<Request> replace = new ArrayList<>();
    Set<String> gone = new HashSet<>(countsWritten);
    gone.removeAll(counts.keySet());
    if (counts.isEmpty()) {
      replace.add(Request.cmd(Command.DEL).arg(key));
    } else {
      if (!gone.isEmpty()) {
        Request hdel = Request.cmd(Command.HDEL).arg(key);
        gone.forEach(hdel::arg);
        replace.add(hdel);
      }
      Request hset = Request.cmd(Command.HSET).arg(key);
      counts.forEach((address, n) -> hset.arg(address).arg(n));
      replace.add(hset);
      replace.add(Request.cmd(Command.PEXPIRE).arg(key).arg(3 * REFRESH_MS));
    }
    inOrder(replace).onSuccess(done -> countsWritten = counts.keySet()).onFailure(t -> countsDirty.set(true));
    if (!open.isEmpty()) {
      send(Request.cmd(Command.PEXPIRE).arg(keys.instanceIndex(instanceId)).arg(ttl.toMillis()));
      send(Request.cmd(Command.SADD).arg(keys.instances()).arg(instanceId));
    }
  }

  /** One after the other, each sent when the previous one answered: a TTL never precedes its write. */
  private Future<Void> inOrder(Request... requests) {
    return inOrder(List.of(requests));
  }

  private Future<Void> inOrder(List<Request> requests) {
    Future<?> chain = Future.succeededFuture();
    for (Request request : requests) {
      chain = chain.compose(v -> redis.send(request));
    }
    return chain.<Void>mapEmpty().onFailure(t -> LOG.debug(
        "session bookkeeping not written ({}); rewritten when Redis is back", t.getMessage()));
  }

  private Future<?> send(Request request) {
    return redis.send(request).onFailure(t -> LOG.debug("session bookkeeping not written ({}); rewritten when Redis is back",
        t.getMessage()));
  }
}
