package dev.mariposa.notify;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.http.SignalCommands;
import dev.mariposa.kernel.ExitReason;
import dev.mariposa.metrics.PerformanceService;
import dev.mariposa.redis.Lease;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.Halt;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier, deployed with the jobs role when notifications are configured. Every such
 * instance competes for one Redis lease ({@code lock:{notify}}); only its holder polls Telegram,
 * sends notifications and the daily summary, so nothing is sent twice. The others keep trying
 * for it every third of its TTL and take over when its holder stops (a graceful stop releases
 * it; a crash leaves it to expire). Events published while nobody holds the lease are not sent:
 * notifications are news, at most once (commands are not lost: their updates wait at Telegram
 * until the next holder polls from the stored offset).
 *
 * <p>What it tells: each agent's settled orders and fills ({@code trade.<agentId>}; a fill of an
 * exit signal says the exit's reason, heard on {@code signal.<agentId>}), the kill switch pulled
 * or released ({@code system.status}, component trading), reconciliation's discrepancies
 * ({@code reconciliation}) and the daily summary. Each destination (an allowed chat, a webhook)
 * has its own {@link DeliveryQueue}.
 */
public final class NotifyVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);
  private static final String LEASE = "notify";
  /** Exit reasons remembered until their fill is told: bounded, the oldest forgotten first. */
  private static final int EXIT_REASONS = 1_000;

  private final MariposaConfig.Notify config;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final LuaScripts scripts;
  private final AgentRepository agents;
  private final Function<BiConsumer<Long, String>, BotCommands> commands;
  private final Optional<DailySummary> summary;
  private final MeterRegistry registry;
  private final Map<Long, DeliveryQueue> chats = new LinkedHashMap<>();
  private final List<DeliveryQueue> webhooks = new ArrayList<>();
  private final Map<String, MessageConsumer<?>> followed = new HashMap<>();
  private final Map<String, String> exitReasons = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > EXIT_REASONS;
    }
  };
  private TelegramClient telegram;
  private WebClient webClient;
  private TelegramPoller poller;
  private Lease lease;
  private boolean stopped;

  private NotifyVerticle(MariposaConfig.Notify config, RedisConnections redis, RedisKeys keys, LuaScripts scripts,
                         AgentRepository agents, Function<BiConsumer<Long, String>, BotCommands> commands,
                         Optional<DailySummary> summary, MeterRegistry registry) {
    this.config = config;
    this.redis = redis;
    this.keys = keys;
    this.scripts = scripts;
    this.agents = agents;
    this.commands = commands;
    this.summary = summary;
    this.registry = registry;
  }

  /**
   * The notifier of {@code config.notifications()}: its commands go through {@code commands} (the
   * service behind POST /api/admin/halt and POST /api/agents/{id}/signals) and {@code halt}, its
   * rate limits through {@code limiter} with the API's policies; {@code clock}: when the daily
   * summary is due (wall time).
   */
  public static NotifyVerticle create(MariposaConfig config, RedisConnections redis, RedisKeys keys, LuaScripts scripts,
                                      RateLimiter limiter, SignalCommands commands, Halt halt, AgentRepository agents,
                                      AccountRepository accounts, PerformanceService performance, Clock clock,
                                      MeterRegistry registry) {
    MariposaConfig.Notify notify = config.notifications();
    AgentFigures figures = new AgentFigures(performance);
    return new NotifyVerticle(notify, redis, keys, scripts, agents,
        reply -> new BotCommands(notify.telegram().chatIds(), redis, keys, limiter, config.rateLimit(), commands, halt,
            agents, accounts, figures, reply),
        notify.dailySummaryUtc().map(at -> new DailySummary(at, clock, redis, keys, agents, figures)), registry);
  }

  @Override
  public Future<?> start() {
    if (config.telegram().enabled()) {
      telegram = new TelegramClient(vertx, config.telegram());
      for (Long chat : config.telegram().chatIds()) {
        chats.put(chat, queue("telegram chat " + chat, "telegram", text -> telegram.sendMessage(chat, text)));
      }
      poller = new TelegramPoller(vertx, telegram, commands.apply((chat, text) -> chats.get(chat).offer(text)), redis, keys,
          config.telegram().pollTimeout());
    }
    webClient = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setUserAgent("mariposa-notify"));
    List<Secret> urls = config.webhookUrls();
    for (int i = 0; i < urls.size(); i++) {
      Webhook webhook = new Webhook(webClient, urls.get(i), i + 1);
      webhooks.add(queue(webhook.name(), "webhook", webhook::send));
    }
    agents.all().onSuccess(all -> all.forEach(agent -> follow(agent.id())))
        .onFailure(t -> LOG.warn("Agents not read: their trades are told once they change ({})", t.getMessage()));
    vertx.setPeriodic(Math.max(1, config.leaseTtl().toMillis() / 3), id -> lead());
    vertx.setPeriodic(5_000, id -> dailySummary());
    lead();
    return Future.join(
        vertx.eventBus().<JsonObject>consumer(Addresses.AGENTS_CHANGED, m -> agentChanged(m.body())).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.SYSTEM_STATUS, m -> status(m.body())).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.RECONCILIATION,
            m -> tell(Messages.reconciliation(m.body()))).completion());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (poller != null) {
      poller.stop();
    }
    chats.values().forEach(DeliveryQueue::close);
    webhooks.forEach(DeliveryQueue::close);
    Future<?> released = lease == null ? Future.succeededFuture() : lease.close(vertx).otherwise(false);
    return released.onComplete(done -> {
      if (telegram != null) {
        telegram.close();
      }
      webClient.close();
    });
  }

  private DeliveryQueue queue(String name, String kind, Function<String, Future<Void>> sender) {
    return new DeliveryQueue(vertx, name, kind, config.queueLimit(), config.maxAttempts(), config.retryBase(), sender,
        registry);
  }

  /** Takes the lease when free; its holder polls, tells and summarises until it loses it. */
  private void lead() {
    if (lease != null || stopped) {
      return;
    }
    Lease.tryAcquire(redis, scripts, keys, LEASE, config.leaseTtl()).onSuccess(taken -> taken.ifPresent(held -> {
      if (stopped) {
        held.release();
        return;
      }
      lease = held;
      LOG.info("This instance sends the notifications{}", poller != null ? " and answers the Telegram bot" : "");
      held.keepAlive(vertx, () -> {
        LOG.warn("Notifier lease lost: another instance sends the notifications now");
        lease = null;
        if (poller != null) {
          poller.stop();
        }
      });
      if (poller != null) {
        poller.start();
      }
      dailySummary();
    })).onFailure(t -> LOG.debug("Notifier lease not taken: {}", t.getMessage()));
  }

  private boolean leading() {
    return lease != null && !stopped;
  }

  /** To every allowed chat and every webhook, if this instance is the notifier. */
  private void tell(String text) {
    if (!leading()) {
      return;
    }
    chats.values().forEach(chat -> chat.offer(text));
    webhooks.forEach(webhook -> webhook.offer(text));
  }

  private void dailySummary() {
    if (leading()) {
      summary.ifPresent(daily -> daily.due(this::tell).onFailure(t -> LOG.warn("Daily summary not sent: {}", t.getMessage())));
    }
  }

  private void agentChanged(JsonObject change) {
    String id = change.getString("id");
    if (id == null) {
      return;
    }
    if ("deleted".equals(change.getString("change"))) {
      Optional.ofNullable(followed.remove(id)).ifPresent(MessageConsumer::unregister);
      Optional.ofNullable(followed.remove("signal:" + id)).ifPresent(MessageConsumer::unregister);
    } else {
      follow(id);
    }
  }

  /** The agent's trades, cluster-wide, and its exit signals' reasons. */
  private void follow(String agentId) {
    followed.computeIfAbsent(agentId, id -> vertx.eventBus().consumer(Addresses.agentTrades(id), m -> {
      TradeEvent event = m.body() instanceof TradeEvent t ? t : TradeEvent.fromJson((JsonObject) m.body());
      JsonObject order = new JsonObject(event.orderJson());
      String signalId = order.getString("signalId", "");
      // The exit signal's words when they came first (another Redis channel: no order between
      // them), else the order's own reason (kernel.ExitReason), which every exit order carries.
      tell(Messages.trade(id, event, Optional.ofNullable(exitReasons.remove(signalId))
          .or(() -> Optional.ofNullable(order.getString("exitReason")).filter(r -> !ExitReason.SIGNAL.equals(r)))
          .or(() -> signalId.contains(":exit:") ? Optional.of("exit") : Optional.empty())));
    }));
    followed.computeIfAbsent("signal:" + agentId, id -> vertx.eventBus().<JsonObject>consumer(Addresses.signal(agentId), m -> {
      JsonObject signal = m.body();
      if ("exit".equals(signal.getString("source")) && signal.getJsonArray("reasons") != null
          && !signal.getJsonArray("reasons").isEmpty()) {
        exitReasons.put(signal.getString("id"), String.join("; ", signal.getJsonArray("reasons").stream()
            .map(String::valueOf).toList()));
      }
    }));
  }

  /** The kill switch, as SignalCommands publishes it: component trading, HALTED or RUNNING. */
  private void status(JsonObject status) {
    if ("trading".equals(status.getString("component"))) {
      tell(Messages.halt(status));
    }
  }
}
