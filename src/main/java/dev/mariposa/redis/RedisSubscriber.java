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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dedicated pub/sub connection of this instance. The Redis client neither reconnects nor
 * restores subscriptions by itself, so this class keeps the registry of channels and patterns,
 * reconnects with capped exponential backoff and jitter, subscribes everything again, and PINGs
 * the connection to notice a link that died silently. All state lives on one context.
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
  private final Redis client;
  private final Backoff backoff;
  private final Duration pingInterval;
  private final Map<String, List<Handler<Message>>> channels = new HashMap<>();
  private final Map<String, List<Handler<Message>>> patterns = new HashMap<>();
  private final List<Consumer<Boolean>> connectionListeners = new CopyOnWriteArrayList<>();
  private final Counter reconnects;
  private final Counter messages;

  private RedisConnection connection;
  private volatile boolean subscribed;
  private boolean everConnected;
  private boolean closed;
  private long pingTimer = -1;
  private boolean pingInFlight;

  RedisSubscriber(Vertx vertx, Redis client, Backoff backoff, Duration pingInterval, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = client;
    this.backoff = backoff;
    this.pingInterval = pingInterval;
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

  /** Connects (retrying forever with backoff); completes on the first successful subscription. */
  Future<Void> start() {
    Promise<Void> first = Promise.promise();
    context.runOnContext(v -> {
      pingTimer = vertx.setPeriodic(pingInterval.toMillis(), id -> ping());
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

  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      vertx.cancelTimer(pingTimer);
      RedisConnection c = connection;
      connection = null;
      setSubscribed(false);
      (c == null ? Future.<Void>succeededFuture() : c.close().recover(t -> Future.succeededFuture()))
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
      confirm(connection, List.of(Request.cmd(subscribe).arg(name)))
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
      connection.send(Request.cmd(unsubscribe).arg(name)).<Void>mapEmpty()
          .recover(t -> Future.succeededFuture()).onComplete(promise);
    });
    return promise.future();
  }

  private void connect(Promise<Void> first) {
    if (closed) {
      return;
    }
    client.connect()
        .compose(conn -> {
          conn.handler(this::onPush);
          conn.exceptionHandler(t -> lost(conn, t));
          conn.endHandler(v -> lost(conn, null));
          connection = conn;
          return confirm(conn, resubscribeRequests());
        })
        .onSuccess(v -> {
          if (everConnected) {
            reconnects.increment();
            LOG.info("Redis pub/sub connection restored; resubscribed {} channels and {} patterns",
                channels.size(), patterns.size());
          }
          everConnected = true;
          backoff.reset();
          setSubscribed(true);
          first.tryComplete();
        })
        .onFailure(t -> {
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

  private List<Request> resubscribeRequests() {
    List<Request> requests = new ArrayList<>(2);
    if (!channels.isEmpty()) {
      Request r = Request.cmd(Command.SUBSCRIBE);
      channels.keySet().forEach(r::arg);
      requests.add(r);
    }
    if (!patterns.isEmpty()) {
      Request r = Request.cmd(Command.PSUBSCRIBE);
      patterns.keySet().forEach(r::arg);
      requests.add(r);
    }
    return requests;
  }

  /**
   * SUBSCRIBE has no reply of its own (its confirmation is a push), so each batch is followed by
   * a PING: Redis answers in order, so the PONG proves every subscription before it is active.
   */
  private Future<Void> confirm(RedisConnection conn, List<Request> requests) {
    Future<?> sent = Future.succeededFuture();
    for (Request request : requests) {
      sent = sent.compose(v -> conn.send(request));
    }
    return sent.compose(v -> conn.send(Request.cmd(Command.PING)))
        .timeout(Math.max(1000, pingInterval.toMillis() * 2), TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  private void ping() {
    RedisConnection conn = connection;
    if (conn == null || pingInFlight) {
      return;
    }
    pingInFlight = true;
    conn.send(Request.cmd(Command.PING))
        .timeout(Math.max(1000, pingInterval.toMillis() * 2), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          pingInFlight = false;
          if (ar.failed()) {
            LOG.warn("Redis pub/sub connection did not answer PING ({}): reconnecting", ar.cause().getMessage());
            conn.close();
            lost(conn, ar.cause());
          }
        });
  }

  private void lost(RedisConnection conn, Throwable cause) {
    if (conn != connection || closed) {
      return;
    }
    connection = null;
    setSubscribed(false);
    LOG.warn("Redis pub/sub connection lost{}", cause == null ? "" : " (" + cause.getMessage() + ")");
    retry(Promise.promise(), cause == null ? new IllegalStateException("connection closed") : cause);
  }

  private void setSubscribed(boolean value) {
    if (subscribed != value) {
      subscribed = value;
      connectionListeners.forEach(l -> l.accept(value));
    }
  }

  private void onPush(Response push) {
    if (push == null || (push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI) || push.size() < 3) {
      return;
    }
    String kind = push.get(0).toString();
    switch (kind) {
      case "message", "smessage" -> deliver(channels.get(push.get(1).toString()),
          new Message(null, push.get(1).toString(), push.get(2).toBuffer()));
      case "pmessage" -> deliver(patterns.get(push.get(1).toString()),
          new Message(push.get(1).toString(), push.get(2).toString(), push.get(3).toBuffer()));
      default -> { } // subscribe / unsubscribe confirmations
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
