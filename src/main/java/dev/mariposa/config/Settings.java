package dev.mariposa.config;

import java.util.Arrays;
import java.util.List;

/**
 * The settings only the config file sets (no environment variable overrides them), with what they
 * mean: with {@link Variables} this is the configuration reference, and docs/CONFIGURATION.md is
 * generated from both (defaults from conf/config.json). A key of conf/config.json that neither
 * table documents fails ConfigurationDocTest.
 */
public final class Settings {

  /** One row: the keys it documents together (a key also covers what is below it) and what they mean. */
  public record Setting(List<String> keys, String description) {}

  public static final List<Setting> ALL = List.of(
      s("notify.telegram.pollTimeoutS", "Long-polling timeout of the bot's `getUpdates`, 1–50 s."),
      s("notify.queueLimit", "Notifications waiting per destination (a chat, a webhook) while it is slow or failing; "
          + "beyond it the oldest is dropped, counted in `mariposa.notify.dropped` and logged."),
      s("notify.maxAttempts, notify.retryBaseMs", "Tries per notification and the first wait between them (doubling, "
          + "with jitter; a Telegram 429 waits its `retry_after`)."),
      s("notify.leaseTtlMs", "The lease that makes one `jobs` instance of the cluster the notifier; another takes over "
          + "within this after it stops."),
      s("http.bodyLimitBytes", "Largest request body on `/api/*`, 1024–67108864 bytes."),
      s("http.sockJs.maxHandlersPerSocket", "Addresses one SockJS bridge socket may listen to."),
      s("http.sockJs.maxAddressLength", "Longest address a socket may name."),
      s("http.sockJs.inboundPerSecond", "Commands one socket may send per second (a token bucket); more are refused."),
      s("http.sockJs.pingTimeoutMs", "A socket silent this long is closed (the browser client pings every 5 s)."),
      s("http.sockJs.maxBytesStreaming", "SockJS streaming transports reopen after this many bytes."),
      s("http.sockJs.snapshotIntervalMs", "Tickers and books go to each browser at most once per interval, always the "
          + "newest (a tick after a quiet interval goes at once); 0–10000, 0 = once per event-loop burst."),
      s("tcpBridge.idleTimeoutMs", "A TCP bridge connection with no traffic either way for this long is closed "
          + "(clients ping; the example pings every 10 s)."),
      s("tcpBridge.maxRegistrationsPerSocket, tcpBridge.maxAddressLength, tcpBridge.inboundPerSecond",
          "Per TCP connection, as `http.sockJs.*` for SockJS sockets."),
      s("instances", "How many verticle instances of each role, 1–64 (a role not listed: 1)."),
      s("redis.masterName", "Sentinel master name."),
      s("redis.poolSize, redis.poolWaiting", "Command pool size and how many requests may wait for a connection. The "
          + "pooled client holds a connection per command until its reply, so the pool size bounds the commands in "
          + "flight (see docs/BENCHMARKS.md)."),
      s("redis.publisherPoolSize", "Connections reserved for PUBLISH."),
      s("redis.pingIntervalMs", "Health PINGs on the command pool and the subscriber connection."),
      s("redis.reconnectInitialDelayMs, redis.reconnectMaxDelayMs", "Reconnect backoff: doubles from the first value up "
          + "to the second, with jitter (half fixed, half random). The cap bounds how late the cluster notices Redis's "
          + "return (see docs/RELIABILITY.md part 1)."),
      s("mongo.timeoutMs", "Server-selection and connect timeout (the socket timeout is twice this), and the `/health` "
          + "ping timeout."),
      s("market.replayLoop", "A replay starts over at the end of its files."),
      s("market.replayBarSpreadBps", "Spread in basis points (0–1000) of the ticker and one-level book derived from each "
          + "bar of a symbol replayed from klines alone, in replays and backtests."),
      s("market.binanceWeightPerMinute", "Binance REST weight budget shared by the whole cluster, 1–6000 (Binance "
          + "allows 6000)."),
      s("market.binanceSilenceMs", "How long a Binance stream may stay silent before it is reconnected."),
      s("market.swaps.okxSilenceMs", "How long OKX's public WebSocket may stay silent before it is reconnected; a `ping` "
          + "goes out at half of it (OKX drops a connection silent for 30 s)."),
      s("ai.timeoutMs", "Time limit of one LLM call (then `timeout`, and a failure for the breaker)."),
      s("ai.maxTokens", "`max_tokens` of each request, 16–32000."),
      s("ai.requestsPerMinute, ai.keyRequestsPerMinute", "Cluster-wide rate limits per model and per API key (GCRA in "
          + "Redis). Calls over them are not made; the model answers `rate_limited`."),
      s("ai.breakerFailures, ai.breakerResetMs", "A model's circuit opens after this many failures in a row (5xx, 429, "
          + "timeouts) and is tried again after this long."),
      s("ai.pricePer1kTokens", "`{\"<model>\": {\"prompt\": 0.00015, \"completion\": 0.0006}}`: prices for "
          + "`mariposa_ai_cost_usd_total`."),
      s("analysis.seriesBars", "Bars kept per symbol and interval (200–100000)."),
      s("analysis.warmupBars", "Bars loaded from the market cache when a series starts (0–1000, at most `seriesBars`)."),
      s("analysis.onTicks, analysis.tickIntervalMs", "Also analyse on tickers, at most once per symbol per interval in "
          + "the cluster (LLMs are skipped on ticks)."),
      s("analysis.claimTtlMs", "How long the claim on one bar close is held (one instance analyses it)."),
      s("analysis.agentReloadMs", "Safety-net reload of all agents (changes through the API reload at once)."),
      s("analysis.seedAgents", "Create the demo agents on the first start of a database."),
      s("analysis.remote.timeoutMs", "Time a `remote:<name>` model has to answer (then `timeout`, and a failure for its "
          + "breaker)."),
      s("analysis.remote.breakerFailures, analysis.remote.breakerResetMs", "Failures in a row that open a remote "
          + "model's circuit breaker, and when it is asked again."),
      s("analysis.orderFlow.depth", "Book levels a side (1–100) summed in the `orderflow` model's book imbalance."),
      s("analysis.orderFlow.tradeWindowMs, analysis.orderFlow.volatilityWindowMs", "Event time over which the "
          + "`orderflow` model's trade-flow imbalance (buy- minus sell-initiated volume) and volatility (deviation of the "
          + "mid's log-returns between book updates) are measured."),
      s("analysis.orderFlow.decisionIntervalMs", "An `orderflow` agent decides on book and trade updates at most once "
          + "per symbol per slot this long of event time (one instance of the cluster per slot)."),
      s("analysis.orderFlow.threshold", "The `orderflow` score (-1 to +1, the mean of the book imbalance, the "
          + "micro-price's lean and the trade flow) at which it buys or sells (0.01–1)."),
      s("analysis.orderFlow.maxSpreadBps, analysis.orderFlow.maxVolatilityBps", "Above either, in basis points, the "
          + "`orderflow` model holds."),
      s("analysis.orderFlow.minTrades", "Fewer trades in the trade window and the trade flow does not vote."),
      s("trade.claimIdleMs", "A trade-stream entry held this long by a consumer (it died or stalls) is taken over by "
          + "another. Longer than the slowest placement."),
      s("exchange.paper.makerFee, exchange.paper.takerFee", "The paper exchange's fees, and the backtest's, as "
          + "fractions of the notional, 0–0.01: the maker fee on what a limit order fills after it rested, the taker "
          + "fee on what an order takes when placed. The defaults are Binance spot's regular 0.1 % both ways; OKX spot's "
          + "regular tier is 0.0008 / 0.001."),
      s("exchange.paper.latencyMs, exchange.paper.latencyJitterMs", "How long a request (a placement, a cancel, an "
          + "amend) takes to reach the paper venue: `latencyMs` plus a jitter drawn uniformly from 0 to "
          + "`latencyJitterMs`, 0–10000 ms each. A backtest executes a ticket approved at t against the book of "
          + "t + the delay (seeded draws: the same run gives the same delays); the live paper exchange waits the delay "
          + "(a timer, wall-clock time) before it matches. Both 0 by default: live, the paper exchange already sits "
          + "behind the real path's own delay (the queues, the stores), and a live replay and a backtest of the same "
          + "bars trade alike to the millisecond only without one (`backtest --parity`: a replay's clock stands "
          + "still while a timer runs). Set them for a backtest that should pay for its latency, e.g. 20 and 10 for a "
          + "cloud region near the venue."),
      s("trade.reconcileMs", "How often orders not settled are looked up at their exchange."),
      s("trade.restingStepMs", "How often each resting entry (a limit or post-only order live at the venue) is looked "
          + "up: its fills recorded, and when its time to live is up, repriced, crossed or cancelled. An OKX order costs "
          + "one lookup a step."),
      s("trade.maxDeliveries", "Deliveries of one entry before it goes to the dead-letter stream with its reason."),
      s("trade.signalVisibilityMs", "A taken signal not finished by then (its consumer died) goes back to the queue."),
      s("trade.signalTtlMs", "How long a signal lives (exits twice as long); an expired signal is dropped with the "
          + "reason."),
      s("trade.streamMaxLength", "Approximate bound of the trade stream and of its dead letters (`XADD … MAXLEN ~`); "
          + "entries every group has acknowledged are trimmed sooner by the `redis-memory` job."),
      s("reconciliation.intervalMs", "How often the `venue-reconciliation` job compares the venue's open orders, fills "
          + "and balances with MongoDB (it also runs at start and after the venue comes back from an outage)."),
      s("reconciliation.orphans", "An open order with Mariposa's client-id form that MongoDB does not know: `adopt` "
          + "(given back to the agent its id names, tracked until final; cancelled when no agent matches) or `cancel`."),
      s("reconciliation.fillWindowMs", "How far back the venue's fills are compared with MongoDB's (at most a day)."),
      s("reconciliation.balanceTolerance", "The share (0–0.5) of an asset the agents hold that the venue's balance may "
          + "lack; beyond it an alert goes out on `reconciliation`, and those agents are halted when the next pass "
          + "sees it too."),
      s("jobs.healthMs, jobs.cleanupMs, jobs.snapshotMs, jobs.warmupMs", "Periods of the health check, the cleanup, the "
          + "performance snapshot and the cache warm-up."),
      s("jobs.signalRetentionDays, jobs.snapshotRetentionDays", "What the cleanup keeps, in days."),
      s("jobs.memoryAlertPct", "Heap share (of the maximum) above which the health job raises a memory alert."),
      s("jobs.redisMemoryMs, jobs.redisMemoryAlertPct", "Period of the `redis-memory` job, and the share of Redis's "
          + "`maxmemory` above which it raises an alert (none while Redis has no maxmemory)."),
      s("rateLimit.enabled", "API rate limits on or off."),
      s("rateLimit.policies", "`{requests, periodSeconds, burst}` for each group: `market` (GET /api/market/…), `read` "
          + "(other GETs), `write` (POST, PUT, DELETE), `admin` (/api/admin/…, /api/sessions, running a job). Counted "
          + "per identity: the bearer token when one of `API_TOKENS` is presented, else the client IP."),
      s("rateLimit.withoutRedis.reads, rateLimit.withoutRedis.writes", "What happens to reads and to writes while Redis, "
          + "which holds the budgets, does not answer: `allow` or `refuse` (503 `rate_limiter_unavailable`). Counted "
          + "in `mariposa_http_ratelimit_total{outcome}`."),
      s("session.sweepMs", "How often the session role removes dead instances' sessions and turns subscriptions into "
          + "market demand."),
      s("session.seenWriteMs", "A live socket's `lastSeen` (and its TTLs) is written at most this often."),
      s("session.maxWantedSymbols", "Most symbols browsers can make the feed subscribe to (0: none)."),
      s("cache.tickerTtlMs, cache.orderBookTtlMs", "How long a ticker and an order book stay in the market cache."),
      s("cache.swapTtlMs", "How long a swap's mark, index and funding (`market:swap:<SYMBOL>`) stay in the market cache "
          + "after their last update; readers get the age."),
      s("cache.klineTtlSeconds", "Kline cache TTL by interval."),
      s("cache.analysisTtlSeconds", "Analysis results and LLM answers."),
      s("cache.performanceTtlSeconds", "Performance figures."),
      s("cache.sessionTtlSeconds", "Browser sessions."),
      s("cache.compressAboveBytes", "JSON values longer than this are stored in Redis LZ4-compressed behind a marker "
          + "(order books, analysis results, job records …; see docs/ARCHITECTURE.md). Tickers never are. 0: never."),
      s("cache.enabled", "`false` sends the reads MongoDB can answer to MongoDB every time: bars from the `klines` "
          + "collection, performance and the leaderboard computed from the fills. For measuring the database load the "
          + "cache saves (`bench/hotcold.sh`); tickers and books, which only Redis holds, are read from Redis either "
          + "way."),
      s("health.maxEventLoopLagMs", "`/health` reports DOWN when an event loop lags more than this."),
      s("health.checkTimeoutMs", "Time limit for each `/health` check."),
      s("bridge.coalesce", "Coalesce the latest-wins snapshots (tickers, books): while Redis is slow or down, and "
          + "to a slow browser, only the newest event of each address waits. `false` sends every event (more memory "
          + "in an outage). Which addresses cross instances and which are snapshots is fixed by the address "
          + "families (docs/ARCHITECTURE.md), not configured."),
      s("bridge.maxQueued", "Events that may wait for Redis; beyond, the oldest are dropped and counted "
          + "(`mariposa_bridge_dropped_total`)."),
      s("bridge.maxBatch", "Most events sent to Redis in one batch."),
      s("bridge.resumeGraceMs", "When Redis is back, how long the waiting events wait for the other instances to "
          + "subscribe again."),
      s("cluster.instanceTtlMs", "An instance that stops refreshing its record leaves `GET /api/cluster` after this."),
      s("feed.leaseTtlMs", "One instance with the feed role feeds each symbol under a lease of this TTL; when it dies "
          + "another takes over within it."),
      s("feed.syntheticTickMs", "Period of the synthetic market's ticks."),
      s("feed.wantedIdleMs", "A symbol asked for through `/api/market/…` is fed until nobody has asked for it this "
          + "long."),
      s("history.enabled", "Closed klines are also written to MongoDB (collection `klines`), and older ranges read "
          + "from it."),
      s("history.klineRetentionDays", "Bars kept per series in MongoDB, counted back from the series' newest bar "
          + "(1–3650)."),
      s("history.flushMs", "How often the feed leader writes the closed bars it has (one bulk upsert)."),
      s("history.warmBars", "Bars per series and interval put back from MongoDB into the cache when a feed leader "
          + "starts feeding a symbol whose bars Redis lost (0–1000)."),
      s("shutdownTimeoutMs", "Time limit for graceful shutdown. Each startup step may take up to three times this."));

  private Settings() {}

  private static Setting s(String keys, String description) {
    return new Setting(Arrays.stream(keys.split(",")).map(String::trim).toList(), description);
  }
}
