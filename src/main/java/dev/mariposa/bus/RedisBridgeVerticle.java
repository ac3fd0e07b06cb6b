package dev.mariposa.bus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mariposa.bus.BusEnvelope.Incoming;
import dev.mariposa.bus.BusEnvelope.Outgoing;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.EventCodec;
import dev.mariposa.events.RecordFamilies;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.RedisState;
import dev.mariposa.redis.RedisSubscriber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the event buses of all instances one: local publishes on the addresses of the families
 * that cross instances ({@link AddressFamily#crossesInstances()}) go to the Redis channel {@code <prefix>bus:<address>}, and messages from Redis are published on the local
 * bus (publish, not send: every local consumer, each browser included, gets them). One pattern
 * subscription per instance. Each message carries its origin; an instance drops its own echoes and
 * any message it has already seen. Also keeps this instance's entry in the instance registry.
 * Deployed exactly once per process: a second copy would forward everything twice.
 */
public final class RedisBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBridgeVerticle.class);

  private final MariposaConfig config;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final MeterRegistry meters;
  private final Supplier<JsonObject> self;
  private final String runId = UUID.randomUUID().toString().replace("-", "");
  private final Cache<String, Long> lastSeqByRun = Caffeine.newBuilder()
      .maximumSize(1024).expireAfterAccess(Duration.ofHours(1)).build();
  private boolean coalesce;
  private Outbox outbox;
  private FeedFence fence;
  private InstanceRegistry registry;
  private Handler<DeliveryContext<Object>> outboundInterceptor;
  private Runnable stopWatchingRedis;
  private List<RedisSubscriber.Subscription> subscriptions = List.of();
  private volatile int knownInstances = 1;
  private long registryTimer = -1;
  private long lastMalformedLog;
  private Counter received;
  private Counter echoes;
  private Counter duplicates;
  private Counter rejected;
  private Counter unbridgeable;

  /** {@code self} describes this instance for the registry (roles, version, HTTP address...). */
  public RedisBridgeVerticle(MariposaConfig config, RedisConnections redis, RedisKeys keys, MeterRegistry meters,
                             Supplier<JsonObject> self) {
    this.config = config;
    this.redis = redis;
    this.keys = keys;
    this.meters = meters;
    this.self = self;
  }

  @Override
  public Future<?> start() {
    EventCodec.register(vertx.eventBus()); // tickers from Redis are published locally as records
    MariposaConfig.Bridge bridge = config.bridge();
    coalesce = bridge.coalesce();
    received = Counter.builder("mariposa.bridge.received").description("Messages from other instances published locally").register(meters);
    echoes = Counter.builder("mariposa.bridge.echoes").description("This instance's own messages coming back from Redis, dropped").register(meters);
    duplicates = Counter.builder("mariposa.bridge.duplicates").description("Messages received twice (a retried batch), dropped").register(meters);
    rejected = Counter.builder("mariposa.bridge.rejected").description("Malformed or unbridged messages from Redis, dropped").register(meters);
    unbridgeable = Counter.builder("mariposa.bridge.unbridgeable").description("Local messages whose body cannot cross (custom codec)").register(meters);

    boolean sharded = config.redis().mode() == MariposaConfig.RedisMode.CLUSTER;
    BusChannels channels = new BusChannels(keys, sharded);
    outbox = new Outbox(vertx, context, redis, channels, sharded ? BusChannels.SHARDS : 1, bridge, runId,
        config.instanceId(), () -> knownInstances, config.redis().reconnectMaxDelay(), meters);
    outboundInterceptor = this::outbound;
    vertx.eventBus().addOutboundInterceptor(outboundInterceptor);
    fence = new FeedFence(meters);
    vertx.eventBus().addInboundInterceptor(fence);
    stopWatchingRedis = redis.onStateChange(state -> context.runOnContext(v -> onRedisState(state)));

    registry = new InstanceRegistry(redis, keys);
    Duration ttl = config.cluster().instanceTtl();
    // At most every 500 ms: the count of listening instances should be fresh when an outage starts.
    registryTimer = vertx.setPeriodic(0, Math.max(100, Math.min(500, ttl.toMillis() / 3)), id -> refreshRegistry(ttl));
    return channels.subscribe(redis.subscriber(), this::inbound).onSuccess(s -> subscriptions = s);
  }

  @Override
  public Future<?> stop() {
    vertx.eventBus().removeOutboundInterceptor(outboundInterceptor);
    vertx.eventBus().removeInboundInterceptor(fence);
    stopWatchingRedis.run();
    vertx.cancelTimer(registryTimer);
    Future<?> unsubscribed = Future.join(subscriptions.stream().map(RedisSubscriber.Subscription::unsubscribe).toList());
    // Never longer than a second: leaving the registry early is a courtesy, the TTL does it anyway.
    return Future.join(unsubscribed, registry.deregister(config.instanceId()), outbox.close())
        .timeout(1, TimeUnit.SECONDS)
        .otherwiseEmpty();
  }

  private void outbound(DeliveryContext<Object> ctx) {
    Message<Object> message = ctx.message();
    String address = message.address();
    if (!ctx.send() && AddressFamily.crossesInstances(address) && !message.headers().contains(BusHeaders.ORIGIN)) {
      Outgoing outgoing = BusEnvelope.outgoing(address, message.headers(), ctx.body(),
          coalesce && AddressFamily.latestWins(address));
      if (outgoing == null) {
        unbridgeable.increment();
      } else {
        outbox.offer(outgoing);
      }
    }
    ctx.next();
  }

  /** Runs on the subscriber's context, one message at a time. */
  private void inbound(RedisSubscriber.Message message) {
    Incoming in;
    try {
      in = BusEnvelope.decode(message.payload());
    } catch (RuntimeException e) {
      reject("malformed message on " + message.channel() + ": " + e.getMessage());
      return;
    }
    if (runId.equals(in.runId())) {
      echoes.increment();
      return;
    }
    if (!AddressFamily.crossesInstances(in.address())) {
      reject("message for unbridged address " + in.address());
      return;
    }
    String stream = in.runId() + '/' + in.group();
    Long last = lastSeqByRun.getIfPresent(stream);
    if (last != null && in.seq() <= last) {
      duplicates.increment();
      return;
    }
    lastSeqByRun.put(stream, in.seq());
    Object body;
    try {
      // A ticker or a trade is read into its record here, once for all local consumers (and never for an echo).
      body = RecordFamilies.fromWire(in.address(), in.body());
    } catch (IllegalArgumentException e) {
      reject("malformed body on " + in.address() + ": " + e.getMessage());
      return;
    }
    received.increment();
    vertx.eventBus().publish(in.address(), body, in.options());
  }

  private void onRedisState(RedisState state) {
    if (state == RedisState.UP) {
      outbox.resume();
    } else {
      outbox.pause();
    }
  }

  /**
   * Keeps this instance's registry entry alive and remembers how many instances listen (the
   * larger of the registry and the subscribers on Redis): after an outage, held events wait for
   * that many to subscribe again.
   */
  private void refreshRegistry(Duration ttl) {
    JsonObject me = self.get().put("runId", runId);
    registry.register(me, ttl)
        .compose(v -> Future.all(registry.live(), outbox.listeningInstances()))
        .onSuccess(both -> knownInstances = Math.max(1, Math.max(both.<List<JsonObject>>resultAt(0).size(),
            both.<Integer>resultAt(1))))
        .onFailure(t -> LOG.debug("instance registry refresh failed: {}", t.getMessage()));
  }

  private void reject(String why) {
    rejected.increment();
    long now = System.currentTimeMillis();
    if (now - lastMalformedLog > 10_000) {
      lastMalformedLog = now;
      LOG.warn("Dropped a message from Redis: {}", why);
    }
  }
}
