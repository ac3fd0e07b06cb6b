package dev.mariposa.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dedicated pub/sub connection of this instance. The Redis client neither reconnects nor
 * restores subscriptions by itself, so this class keeps the registry of channels and patterns,
 * reconnects with capped exponential backoff and jitter, subscribes everything again, and sends
 * itself a heartbeat through Redis to notice a link that died silently. All state lives on one
 * context.
 *
 * <p>No request/reply command is ever sent on this connection: vertx-redis-client 5.0.7 hands a
 * push that arrives while a reply is awaited to the push handler but also drops the awaited
 * promise, so a PING racing a message never completes. Subscriptions are confirmed by their own
 * "subscribe" pushes instead, and liveness by a heartbeat published on a private channel.
 */
public final class RedisSubscriber {
  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);

  /** One message from Redis; {@code pattern} is null for a plain channel subscription. */
  public record Message(String pattern, String channel, Buffer payload) {}

  /** A handler's registration; unsubscribing the last handler of a channel unsubscribes it in Redis. */
  public interface Subscription {
    Future<Void> unsubscribe();
  }

  private final Vertx vertx;
  private final Context context;
  private final Supplier<Redis> clients;
  private Redis client;
  private final Backoff backoff;
  private final Duration pingInterval;
  private final Duration timeout;
  private final Map<String, List<Handler<Message>>> channels = new HashMap<>();
  private final Map<String, List<Handler<Message>>> patterns = new HashMap<>();
  /** Sharded channels (Redis Cluster), in subscription order: see {@link #ssubscribe}. */
  private final Map<String, List<Handler<Message>>> shardChannels = new LinkedHashMap<>();
  private final List<Consumer<Boolean>> connectionListeners = new CopyOnWriteArrayList<>();
  private final Counter reconnects;
  private final Counter messages;

  private RedisConnection connection;
  private volatile boolean subscribed;
  private boolean everConnected;
  private boolean closed;
  private final Map<String, Promise<Void>> awaitingConfirmation = new HashMap<>();
  private final String heartbeatChannel;
  private Function<String, Future<?>> heartbeatPublisher;
  private long heartbeatTimer = -1;
  private long heartbeatSentAt = -1;
  private long lastPushAt;

  RedisSubscriber(Vertx vertx, Supplier<Redis> clients, Backoff backoff, Duration pingInterval, Duration timeout,
                  String heartbeatChannel, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.clients = clients;
    this.backoff = backoff;
    this.pingInterval = pingInterval;
    this.timeout = timeout;
    this.heartbeatChannel = heartbeatChannel;
    this.channels.put(heartbeatChannel, new ArrayList<>(List.of(m -> heartbeatSentAt = -1)));
    this.reconnects = Counter.builder("mariposa.redis.subscriber.reconnects")
        .description("Reconnections of the pub/sub connection after it was lost").register(registry);
    this.messages = Counter.builder("mariposa.redis.subscriber.messages")
        .description("Messages received on the pub/sub connection").register(registry);
  }

  /** True while the connection is up and every registered channel is subscribed. */
  public boolean isSubscribed() {
    return subscribed;
  }

  void onConnectionChange(Consumer<Boolean> listener) {
    connectionListeners.add(listener);
  }

  /**
   * Connects (retrying forever with backoff); completes on the first successful subscription.
   * {@code heartbeatPublisher} publishes on a channel through another connection.
   */
  Future<Void> start(Function<String, Future<?>> heartbeatPublisher) {
    this.heartbeatPublisher = heartbeatPublisher;
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> {
      heartbeatTimer = vertx.setPeriodic(pingInterval.toMillis(), id -> heartbeat());
      connect(first);
    });
    return first.future();
  }

  public Future<Subscription> subscribe(String channel, Handler<Message> handler) {
    return register(channels, Command.SUBSCRIBE, Command.UNSUBSCRIBE, channel, handler);
  }

  public Future<Subscription> psubscribe(String pattern, Handler<Message> handler) {
    return register(patterns, Command.PSUBSCRIBE, Command.PUNSUBSCRIBE, pattern, handler);
  }

  /**
   * Sharded pub/sub (SSUBSCRIBE, Redis 7): on a cluster the channel lives on the node owning its
   * slot. After a reconnect, sharded channels are subscribed again one by one in the order they
   * were first subscribed, after every channel and pattern: a subscriber may use the last one as
   * proof that all the others are active.
   */
  public Future<Subscription> ssubscribe(String channel, Handler<Message> handler) {
    return register(shardChannels, Command.SSUBSCRIBE, Command.SUNSUBSCRIBE, channel, handler);
  }

  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      vertx.cancelTimer(heartbeatTimer);
      RedisConnection c = connection;
      connection = null;
      setSubscribed(false);
      (c == null ? Future.<Void>succeededFuture() : c.close().recover(t -> Future.succeededFuture()))
          .compose(x -> client == null ? Future.succeededFuture() : client.close())
          .onComplete(ar -> done.complete());
    });
    return done.future();
  }

  private Future<Subscription> register(Map<String, List<Handler<Message>>> registry, Command subscribe,
                                        Command unsubscribe, String name, Handler<Message> handler) {
    Promise<Subscription> promise = Promise.promise();
    context.runOnContext(v -> {
      List<Handler<Message>> handlers = registry.computeIfAbsent(name, k -> new ArrayList<>());
      handlers.add(handler);
      Subscription subscription = () -> unregister(registry, unsubscribe, name, handler);
      if (handlers.size() > 1 || connection == null) {
        // Already subscribed, or the reconnect will subscribe it.
        promise.complete(subscription);
        return;
      }
      subscribeConfirmed(connection, subscribe, List.of(name))
          .onSuccess(ok -> promise.complete(subscription))
          // The connection dropped meanwhile: the reconnect resubscribes from the registry.
          .onFailure(t -> promise.complete(subscription));
    });
    return promise.future();
  }

  private Future<Void> unregister(Map<String, List<Handler<Message>>> registry, Command unsubscribe,
                                  String name, Handler<Message> handler) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      List<Handler<Message>> handlers = registry.get(name);
      if (handlers == null || !handlers.remove(handler) || !handlers.isEmpty()) {
        promise.complete();
        return;
      }
      registry.remove(name);
      if (connection == null) {
        promise.complete();
        return;
      }
      // Bounded: on a cluster connection an unsubscribe was seen never to complete.
      connection.send(Request.cmd(unsubscribe).arg(name)).<Void>mapEmpty()
          .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .recover(t -> Future.succeededFuture()).onComplete(promise);
    });
    return promise.future();
  }

  private void connect(Promise<Void> first) {
    if (closed) {
      return;
    }
    // A fresh client per connection: a pooled client reused after its connection died was seen to
    // route the PONG of a re-subscribed connection to the push handler (vertx-redis-client 5.0.7).
    if (client != null) {
      client.close();
    }
    client = clients.get();
    // Bounded: against a frozen server TCP connects (the kernel accepts) but the handshake hangs.
    client.connect().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .compose(conn -> {
          conn.handler(this::onPush);
          conn.exceptionHandler(t -> lost(conn, t));
          conn.endHandler(v -> lost(conn, null));
          connection = conn;
          // Patterns first: Redis handles one connection's commands in order, so once the
          // heartbeat channel shows in PUBSUB CHANNELS every pattern is active too.
          Future<Void> patternsDone = subscribeConfirmed(conn, Command.PSUBSCRIBE, List.copyOf(patterns.keySet()));
          Future<Void> channelsDone = subscribeConfirmed(conn, Command.SUBSCRIBE, List.copyOf(channels.keySet()));
          Future<Void> all = Future.all(patternsDone, channelsDone).mapEmpty();
          // One at a time: on a cluster they may sit on different nodes, which keep no common order.
          for (String channel : List.copyOf(shardChannels.keySet())) {
            all = all.compose(v -> subscribeConfirmed(conn, Command.SSUBSCRIBE, List.of(channel)));
          }
          return all;
        })
        .onSuccess(v -> {
          if (everConnected) {
            reconnects.increment();
            LOG.info("Redis pub/sub connection restored; resubscribed {} channels, {} patterns and {} sharded channels",
                channels.size(), patterns.size(), shardChannels.size());
          }
          everConnected = true;
          backoff.reset();
          setSubscribed(true);
          first.tryComplete();
        })
        .onFailure(t -> {
          failConfirmations(t);
          if (connection != null) {
            RedisConnection c = connection;
            connection = null;
            c.close();
          }
          retry(first, t);
        });
  }

  private void retry(Promise<Void> first, Throwable cause) {
    if (closed) {
      return;
    }
    long delay = backoff.nextDelayMs();
    if (backoff.attempts() == 1 || backoff.attempts() % 20 == 0) {
      LOG.warn("Redis pub/sub connection failed ({}); retrying in {} ms (attempt {})",
          cause.getMessage(), delay, backoff.attempts());
    }
    vertx.setTimer(delay, id -> connect(first));
  }

  private static String kind(Command command) {
    return command == Command.SUBSCRIBE ? "subscribe" : command == Command.PSUBSCRIBE ? "psubscribe" : "ssubscribe";
  }

  /** Sends SUBSCRIBE, PSUBSCRIBE or SSUBSCRIBE for {@code names}; completes when Redis confirmed each. */
  private Future<Void> subscribeConfirmed(RedisConnection conn, Command command, List<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    String kind = kind(command);
    List<Future<Void>> confirmations = new ArrayList<>(names.size());
    Request request = Request.cmd(command);
    for (String name : names) {
      Promise<Void> confirmed = Promise.promise();
      awaitingConfirmation.put(kind + ":" + name, confirmed);
      confirmations.add(confirmed.future());
      request.arg(name);
    }
    return conn.send(request)
        .compose(sent -> Future.all(confirmations))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  /**
   * Every interval a heartbeat goes out. The link is dead when a heartbeat is overdue (two
   * intervals, at least 1 s) and nothing at all arrived meanwhile: under a flood the heartbeat may
   * queue behind thousands of messages, but messages arriving prove the link is alive.
   */
  private void heartbeat() {
    RedisConnection conn = connection;
    if (conn == null || !subscribed) {
      return;
    }
    long now = System.currentTimeMillis();
    long limit = Math.max(1000, pingInterval.toMillis() * 2);
    if (heartbeatSentAt < 0) {
      heartbeatSentAt = now;
      heartbeatPublisher.apply(heartbeatChannel);
    } else if (now - heartbeatSentAt > limit) {
      if (now - lastPushAt <= limit) {
        heartbeatSentAt = -1; // busy, not dead: send a fresh heartbeat next time
        return;
      }
      LOG.warn("Redis pub/sub connection silent for {} ms, heartbeat included: reconnecting", now - lastPushAt);
      conn.close();
      lost(conn, new IllegalStateException("heartbeat lost"));
    }
  }

  private void lost(RedisConnection conn, Throwable cause) {
    if (conn != connection || closed) {
      return;
    }
    connection = null;
    heartbeatSentAt = -1;
    failConfirmations(cause);
    setSubscribed(false);
    LOG.warn("Redis pub/sub connection lost{}", cause == null ? "" : " (" + cause.getMessage() + ")");
    retry(Promise.promise(), cause == null ? new IllegalStateException("connection closed") : cause);
  }

  private void failConfirmations(Throwable cause) {
    List<Promise<Void>> pending = List.copyOf(awaitingConfirmation.values());
    awaitingConfirmation.clear();
    Throwable failure = cause == null ? new IllegalStateException("connection closed") : cause;
    pending.forEach(p -> p.tryFail(failure));
  }

  private void setSubscribed(boolean value) {
    if (subscribed != value) {
      subscribed = value;
      connectionListeners.forEach(l -> l.accept(value));
    }
  }

  private void onPush(Response push) {
    lastPushAt = System.currentTimeMillis();
    if (push == null || (push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI) || push.size() < 3) {
      return;
    }
    String kind = push.get(0).toString();
    switch (kind) {
      case "smessage" -> deliver(shardChannels.get(push.get(1).toString()),
          new Message(null, push.get(1).toString(), push.get(2).toBuffer()));
      case "message" -> deliver(channels.get(push.get(1).toString()),
          new Message(null, push.get(1).toString(), push.get(2).toBuffer()));
      case "pmessage" -> deliver(patterns.get(push.get(1).toString()),
          new Message(push.get(1).toString(), push.get(2).toString(), push.get(3).toBuffer()));
      case "subscribe", "psubscribe", "ssubscribe" -> {
        Promise<Void> confirmed = awaitingConfirmation.remove(kind + ":" + push.get(1).toString());
        if (confirmed != null) {
          confirmed.tryComplete();
        }
      }
      default -> { } // unsubscribe confirmations
    }
  }

  private void deliver(List<Handler<Message>> handlers, Message message) {
    if (handlers == null) {
      return;
    }
    messages.increment();
    for (Handler<Message> handler : List.copyOf(handlers)) {
      try {
        handler.handle(message);
      } catch (RuntimeException e) {
        LOG.error("Subscriber of {} failed", message.channel(), e);
      }
    }
  }
}
