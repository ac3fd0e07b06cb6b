package dev.mariposa.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration, typed and validated once at startup by {@link ConfigLoader}.
 * Secrets are kept as {@link Secret} so that a stray toString never prints them.
 */
public record MariposaConfig(
    String instanceId,
    Set<Role> roles,
    Path dataDir,
    Http http,
    TcpBridge tcpBridge,
    Map<Role, Integer> instances,
    Redis redis,
    Mongo mongo,
    Market market,
    Exchange exchange,
    Ai ai,
    Analysis analysis,
    Trade trade,
    Reconciliation reconciliation,
    Jobs jobs,
    Api api,
    RateLimit rateLimit,
    Session session,
    Cache cache,
    Health health,
    Bridge bridge,
    Cluster cluster,
    Feed feed,
    History history,
    Duration shutdownTimeout,
    Backtests backtests,
    Notify notifications) {

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  public int instancesOf(Role role) {
    return instances.getOrDefault(role, 1);
  }

  /**
   * The HTTP server. {@code allowedOrigins}: other web origins that may call the API (CORS) and
   * open the SockJS bridge; the dashboard's own origin always may. {@code sockJs}: per-socket
   * bounds of the event-bus bridge.
   */
  public record Http(String host, int port, int bodyLimitBytes, List<String> allowedOrigins, SockJs sockJs) {}

  /**
   * The TCP event-bus bridge, off unless a port is set (TCP_BRIDGE_PORT; 0 picks a free one): the
   * SockJS bridge's permission model for processes in any language, which may also answer remote
   * models. Bound to loopback unless TCP_BRIDGE_HOST says otherwise. A client that sends nothing
   * (not even a ping) for {@code idleTimeout} is disconnected.
   */
  public record TcpBridge(Optional<Integer> port, String host, Duration idleTimeout, int maxRegistrationsPerSocket,
                          int maxAddressLength, int inboundPerSecond) {
    public boolean enabled() {
      return port.isPresent();
    }
  }

  /**
   * Per-socket bounds of the SockJS bridge: registrations, address length, inbound messages per
   * second, and the silence after which a socket is closed. {@code snapshotInterval}: a snapshot
   * address (ticker, book) is written to browsers at most once per interval, always its newest
   * message (zero: once per burst the event loop sees).
   */
  public record SockJs(int maxHandlersPerSocket, int maxAddressLength, int inboundPerSecond, Duration pingTimeout,
                       int maxBytesStreaming, Duration snapshotInterval) {}

  /**
   * Browser sessions: how often the session role sweeps the sessions of dead instances and turns
   * subscriptions into market demand, how often a live socket's last-seen time is written, and how
   * many symbols browsers may make the feed subscribe to.
   */
  public record Session(Duration sweep, Duration seenWrite, int maxWantedSymbols) {}

  /**
   * API rate limits in Redis, shared by every instance: one {@link Policy} per endpoint group,
   * counted per identity (bearer token, else client IP). While Redis cannot answer, reads and
   * writes are each allowed or refused as configured.
   */
  public record RateLimit(boolean enabled, Map<String, Policy> policies, boolean allowReadsWithoutRedis,
                          boolean allowWritesWithoutRedis) {
    /** {@code requests} per {@code period} on average, up to {@code burst} at once. */
    public record Policy(int requests, Duration period, int burst) {}
  }

  /**
   * The event-bus ↔ Redis bridge: whether the latest-wins families' events are coalesced while
   * Redis is slow or down (and paced to browsers), and the bounds of the outgoing queue. Which
   * families cross instances and which are latest-wins is bus.AddressFamily, not configuration.
   */
  public record Bridge(boolean coalesce, int maxQueued, int maxBatch, Duration resumeGrace) {}

  /** Membership: each instance refreshes {@code instance:{id}} with this TTL. */
  public record Cluster(Duration instanceTtl) {}

  /** Feed leadership per symbol (a Lease with this TTL) and the synthetic source's tick period. */
  public record Feed(Duration leaseTtl, Duration syntheticTick, Duration wantedIdle) {}

  public enum RedisMode { STANDALONE, CLUSTER, SENTINEL }

  /** {@code urls} empty means: start the embedded redis-server. */
  public record Redis(
      List<URI> urls,
      Secret password,
      int db,
      Duration timeout,
      int retryAttempts,
      RedisMode mode,
      String keyPrefix,
      String masterName,
      int poolSize,
      int poolWaiting,
      int publisherPoolSize,
      Duration pingInterval,
      Duration reconnectInitialDelay,
      Duration reconnectMaxDelay) {

    public boolean embedded() {
      return urls.isEmpty();
    }

    /** As the record's own, but with any password inside the URLs masked. */
    @Override
    public String toString() {
      return "Redis[urls=" + urls.stream().map(Redis::withoutPassword).toList()
          + ", password=" + password + ", db=" + db + ", timeout=" + timeout
          + ", retryAttempts=" + retryAttempts + ", mode=" + mode + ", keyPrefix=" + keyPrefix
          + ", masterName=" + masterName + ", poolSize=" + poolSize + ", poolWaiting=" + poolWaiting
          + ", publisherPoolSize=" + publisherPoolSize + ", pingInterval=" + pingInterval
          + ", reconnectInitialDelay=" + reconnectInitialDelay + ", reconnectMaxDelay=" + reconnectMaxDelay + "]";
    }

    /** {@code url} with the password of its user info (or the whole user info if it has no ':') replaced by ****. */
    public static String withoutPassword(URI url) {
      String text = url.toString();
      String userInfo = url.getRawUserInfo();
      if (userInfo == null) {
        return text;
      }
      int colon = userInfo.indexOf(':');
      String masked = colon < 0 ? "****" : userInfo.substring(0, colon + 1) + "****";
      int at = text.indexOf(userInfo + "@");
      return at < 0 ? url.getScheme() + "://****@" + url.getHost()
          : text.substring(0, at) + masked + text.substring(at + userInfo.length());
    }
  }

  /** {@code url} empty means: start the embedded MongoDB-wire server. */
  public record Mongo(Optional<Secret> url, String db, Duration timeout) {
    public boolean embedded() {
      return url.isEmpty();
    }
  }

  public enum MarketSource {
    BINANCE, REPLAY, SYNTHETIC;

    /** Live venue prices: the only ones real money trades on. */
    public boolean live() {
      return this == BINANCE;
    }
  }

  public record Market(
      List<String> symbols,
      MarketSource source,
      List<Path> replayFiles,
      double replaySpeed,
      boolean replayLoop,
      double replayBarSpreadBps,
      URI binanceWsUrl,
      URI binanceRestUrl,
      int binanceWeightPerMinute,
      Duration binanceSilence,
      Swaps swaps) {}

  /**
   * The perpetual swaps whose market data (mark, index, funding) the feed follows from OKX's public
   * WebSocket at {@code okxWsUrl}, whatever the market source (none by default); a connection
   * silent for {@code okxSilence} is made again (a ping goes out at half of it).
   */
  public record Swaps(List<String> symbols, URI okxWsUrl, Duration okxSilence) {}

  public enum ExchangeKind { PAPER, OKX }

  public record Exchange(ExchangeKind kind, Okx okx, Paper paper) {
    /** OKX without demo trading: the only way any account of this instance trades real money. */
    public boolean realMoney() {
      return kind == ExchangeKind.OKX && !okx.simulated();
    }
  }

  /**
   * The paper exchange (and the backtest's venue): its fees, fractions of the notional (the maker
   * fee on what a limit order fills after it rested, the taker fee on what an order takes when
   * placed), and how long a request takes to reach it, {@code latencyMs} plus a uniform jitter of
   * 0 to {@code latencyJitterMs} ({@code exchange.paper.Latency}).
   */
  public record Paper(BigDecimal makerFee, BigDecimal takerFee, int latencyMs, int latencyJitterMs) {}

  public record Okx(URI restUrl, Optional<Secret> apiKey, Optional<Secret> apiSecret,
                    Optional<Secret> passphrase, boolean simulated) {}

  /**
   * The OpenAI-compatible endpoint, and how it is governed: a timeout and a circuit breaker per
   * model, a rate limit per model and per provider key shared by the cluster, and prices (per 1000
   * prompt and completion tokens) for the cost counters.
   */
  public record Ai(Optional<URI> baseUrl, Optional<Secret> apiKey, List<String> models, Duration timeout,
                   int maxTokens, int requestsPerMinute, int keyRequestsPerMinute, int breakerFailures,
                   Duration breakerReset, Map<String, Price> prices) {
    public boolean enabled() {
      return baseUrl.isPresent() && !models.isEmpty();
    }

    public record Price(double prompt, double completion) {}
  }

  /**
   * The analysis role: bars kept per symbol and interval, bars loaded at start, optional analysis
   * on throttled ticks, the per-bar claim that makes one instance analyse each close, the safety-net
   * reload of agents, whether the first start creates demo agents, and how remote models are asked.
   */
  public record Analysis(int seriesBars, int warmupBars, boolean onTicks, Duration tickInterval, Duration claimTtl,
                         Duration agentReload, boolean seedAgents, RemoteModels remote, OrderFlow orderFlow) {}

  /**
   * The {@code orderflow} model: the book levels of its imbalance, its trade and volatility
   * windows, the slot of event time it decides at most once in per symbol, and its thresholds
   * (analysis.orderflow.OrderFlowParams says what each does).
   */
  public record OrderFlow(int depth, Duration tradeWindow, Duration volatilityWindow, Duration decisionInterval,
                          double threshold, double maxSpreadBps, double maxVolatilityBps, int minTrades) {}

  /**
   * {@code remote:<name>} models: how long an answer may take, and the circuit breaker that stops
   * asking a process that keeps failing (and asks again after {@code breakerReset}).
   */
  public record RemoteModels(Duration timeout, int breakerFailures, Duration breakerReset) {}

  /**
   * Signals and trade execution: how long a trade-stream entry may sit with a consumer before
   * another takes it over (longer than the slowest handler), how often unsettled orders are looked
   * up, how many deliveries before the dead-letter stream, how long a taken signal is held before it
   * goes back to the queue, and how long a signal lives.
   */
  public record Trade(Duration claimIdle, Duration reconcile, Duration restingStep, int maxDeliveries,
                      Duration signalVisibility, Duration signalTtl, long streamMaxLength) {}

  /**
   * Reconciliation with the venue (the {@code venue-reconciliation} job): how often, what becomes
   * of an open order of Mariposa's that MongoDB does not know (adopted by its agent, or cancelled),
   * how far back the venue's fills are compared, and the share of an asset's held quantity the
   * venue's balance may fall short by before the agents holding it are halted.
   */
  public record Reconciliation(Duration interval, Orphans orphans, Duration fillWindow, BigDecimal balanceTolerance) {
    public enum Orphans { ADOPT, CANCEL }
  }

  /**
   * Scheduled jobs: the period of each, what the cleanup keeps, the heap share (of the maximum)
   * above which the health job raises a memory alert, and the share of Redis's maxmemory above
   * which the redis-memory job does.
   */
  public record Jobs(Duration health, Duration cleanup, Duration snapshot, Duration warmup, int signalRetentionDays,
                     int snapshotRetentionDays, int memoryAlertPct, Duration redisMemory, int redisMemoryAlertPct) {}

  /**
   * Closed klines kept in MongoDB (collection {@code klines}): bars older than
   * {@code klineRetentionDays} before the newest bar of their series are removed; the writer
   * flushes every {@code flush}; the feed leader warms the Redis cache with the last
   * {@code warmBars} bars of each series it starts feeding.
   */
  public record History(boolean enabled, int klineRetentionDays, Duration flush, int warmBars) {}

  /**
   * Backtests asked for over the API ({@code /api/backtests}), run by the jobs role: {@code dataDir}
   * holds the recorded data they may read (no request reaches a file outside it).
   */
  public record Backtests(Path dataDir) {}

  /** No tokens: the mutating endpoints are off. Each token carries its scopes ({@link ApiScope}). */
  public record Api(List<ApiToken> grants) {
    public Api {
      grants = List.copyOf(grants);
    }

    public boolean mutationsEnabled() {
      return !grants.isEmpty();
    }

    /** The tokens themselves, whatever their scopes. */
    public List<Secret> tokens() {
      return grants.stream().map(ApiToken::secret).toList();
    }
  }

  public record Cache(
      Duration tickerTtl,
      Duration orderBookTtl,
      Duration swapTtl,
      Map<String, Duration> klineTtl,
      Duration analysisTtl,
      Duration performanceTtl,
      Duration sessionTtl,
      int compressAboveBytes,
      boolean enabled) {}

  public record Health(Duration maxEventLoopLag, Duration checkTimeout) {}

  /**
   * Notifications and control from outside (package {@code notify}): a Telegram bot and generic
   * webhooks (Slack's {@code {"text"}}, Discord's {@code {"content"}}), run by one jobs-role
   * instance of the cluster. {@code queueLimit}: messages waiting per destination (the oldest
   * dropped beyond it); {@code maxAttempts} and {@code retryBase} (doubling): a send's retries.
   * {@code dailySummaryUtc}: when the daily summary goes, once per UTC day; empty: never.
   */
  public record Notify(Telegram telegram, List<Secret> webhookUrls, Optional<java.time.LocalTime> dailySummaryUtc,
                       int queueLimit, int maxAttempts, Duration retryBase, Duration leaseTtl) {
    public boolean enabled() {
      return telegram.enabled() || !webhookUrls.isEmpty();
    }

    /** The bot: on when it has a token and at least one allowed chat. Its token is in every Bot API URL. */
    public record Telegram(Optional<Secret> botToken, List<Long> chatIds, URI apiUrl, Duration pollTimeout) {
      public boolean enabled() {
        return botToken.isPresent() && !chatIds.isEmpty();
      }
    }
  }
}
