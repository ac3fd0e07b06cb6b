package dev.mariposa.market;

import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig.MarketSource;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.EventCodec;
import dev.mariposa.exchange.okx.OkxPublicMarket;
import dev.mariposa.market.binance.BinanceFeed;
import dev.mariposa.market.binance.BinanceRest;
import dev.mariposa.market.binance.BinanceStream;
import dev.mariposa.market.binance.RestWeightLimiter;
import dev.mariposa.market.replay.BarQuotes;
import dev.mariposa.market.replay.KlineReplay;
import dev.mariposa.market.replay.ReplayDays;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.market.replay.StreamReplay;
import dev.mariposa.market.swap.OkxPublicStream;
import dev.mariposa.market.swap.SwapFeed;
import dev.mariposa.redis.Backoff;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.redis.ValueCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role feed: for each symbol, the instance holding the symbol's feed lease publishes its market
 * events, fenced with the lease epoch. Sources today: {@code synthetic}, and {@code replay} of
 * data.binance.vision kline CSVs and recorded combined-stream files (with their depth snapshots,
 * through the same order book as live), and {@code binance}: the live streams and REST depth
 * snapshots through the shared weight limiter. MARKET_SOURCE=binance falls back to synthetic only with the
 * paper exchange, and says so ({@link RunningSource}, {@code system.status}).
 */
public final class MarketFeedVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MarketFeedVerticle.class);
  /** Simulated minutes before a synthetic feed's first tick: enough to warm every indicator. */
  private static final int SYNTHETIC_HISTORY_BARS = 240;
  /** History ending earlier than this before now is an earlier run's: the synthetic market simulates its own. */
  private static final long RECENT_HISTORY_MS = 5 * 60_000;

  private final MariposaConfig config;
  private final String instanceId;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final LuaScripts scripts;
  private final ValueCodec codec;
  private final MarketDataService market;
  private final MeterRegistry meters;
  private final Map<String, SymbolFeed> feeding = new HashMap<>();
  private FeedLeadership leadership;
  private FeedLeadership swapLeadership;
  private SwapFeed swaps;
  private MarketCacheWriter cache;
  private BinanceRest rest;
  private BinanceStream stream;
  private static final int MAX_WANTED = 50;
  private volatile Set<String> wanted = Set.of();
  private long wantedTimer = -1;

  /** {@code codec} encodes the cached market values; {@code market} is told the source's state. */
  public MarketFeedVerticle(MariposaConfig config, String instanceId, RedisConnections redis, RedisKeys keys,
                            LuaScripts scripts, ValueCodec codec, MarketDataService market, MeterRegistry meters) {
    this.config = config;
    this.instanceId = instanceId;
    this.redis = redis;
    this.keys = keys;
    this.scripts = scripts;
    this.codec = codec;
    this.market = market;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    EventCodec.register(vertx.eventBus());
    MarketSource source = config.market().source();
    cache = new MarketCacheWriter(vertx, redis, new MarketKeys(keys), config.cache(),
        config.redis().mode() == MariposaConfig.RedisMode.CLUSTER, codec, meters);
    followSwaps();
    market.history().ifPresent(history -> cache.withHistory(new KlineHistoryWriter(vertx, history,
        config.history().klineRetentionDays(), config.history().flush(), meters)));
    if (source == MarketSource.REPLAY) {
      // Files are read on a worker: never on the event loop.
      return vertx.executeBlocking(() -> ReplayFiles.read(config.market().replayFiles()))
          .onSuccess(files -> {
            ReplayDays.of(files).ifPresent(days -> market.source().replaying(days.from(), days.to()));
            lead(() -> files.symbols(), (symbol, epoch) -> replay(files, symbol, epoch));
          });
    }
    if (source == MarketSource.BINANCE) {
      rest = new BinanceRest(vertx, config.market().binanceRestUrl(), new RestWeightLimiter(redis,
          scripts, keys, config.market().binanceWeightPerMinute(), meters));
      // Reachable: feed from Binance. Not: synthetic only where no real money trades (see
      // feedsSynthetic). Nothing waits for this check: the start is done, and /health does not look.
      rest.ping().timeout(10, TimeUnit.SECONDS)
          .onSuccess(v -> {
            market.source().live();
            wantedTimer = vertx.setPeriodic(0, 1000, id -> refreshWanted());
            lead(this::configuredAndWanted, this::binance);
          })
          .onFailure(t -> {
            if (feedsSynthetic(config, "Binance is unreachable (" + t.getMessage() + ")")) {
              leadSynthetic(config);
            }
          });
      return Future.succeededFuture();
    }
    leadSynthetic(config);
    return Future.succeededFuture();
  }

  private void leadSynthetic(MariposaConfig config) {
    Duration tick = config.feed().syntheticTick();
    List<String> symbols = config.market().symbols();
    lead(() -> symbols, (symbol, epoch) -> new SyntheticFeed(vertx, new FencedPublisher(vertx.eventBus(), cache, symbol, epoch),
        epoch ^ symbol.hashCode(), tick, largerIntervals("1m"), SYNTHETIC_HISTORY_BARS,
        market.klines(symbol, "1m", SYNTHETIC_HISTORY_BARS).map(bars -> bars.size() >= SYNTHETIC_HISTORY_BARS / 2
            // recent: bars MongoDB kept from an earlier run end where that run stopped
            && bars.get(bars.size() - 1).getLong("openTime") >= System.currentTimeMillis() - RECENT_HISTORY_MS)));
  }

  private SymbolFeed binance(String symbol, long epoch) {
    if (stream == null) {
      // One connection for all the symbols this verticle leads: streams come and go by SUBSCRIBE.
      stream = new BinanceStream(vertx, config.market().binanceWsUrl(),
          config.market().binanceSilence(), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)));
      stream.onReconnect(Counter.builder("mariposa.feed.reconnects").tag("source", "binance")
          .description("Reconnects of the market data stream (lost, silent, or the planned daily one)").register(meters)::increment);
    }
    FencedPublisher publisher = new FencedPublisher(vertx.eventBus(), cache, symbol, epoch);
    BinanceFeed feed = new BinanceFeed(vertx, symbol, stream, rest, config.cache().klineTtl().keySet(),
        publisher::publish, meters).start();
    return feed::stop;
  }

  /**
   * The swaps of market.swaps.symbols, from OKX whatever the market source: one leader per swap
   * in the cluster, under a lease of its own ({@code feed:swap:<SYMBOL>}).
   */
  private void followSwaps() {
    MariposaConfig.Swaps configured = config.market().swaps();
    if (configured.symbols().isEmpty()) {
      return;
    }
    swaps = new SwapFeed(vertx, new OkxPublicMarket(vertx, config.exchange().okx(), new RateLimiter(redis, scripts), keys),
        new OkxPublicStream(vertx, configured.okxWsUrl(), configured.okxSilence(),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30))),
        redis, new MarketKeys(keys), config.cache().swapTtl(), meters);
    List<String> leases = configured.symbols().stream().map(SwapFeed::feedName).toList();
    swapLeadership = new FeedLeadership(vertx, redis, scripts, keys, () -> leases, config.feed().leaseTtl(),
        new FeedLeadership.Listener() {
          @Override
          public void elected(String lease, long epoch) {
            swaps.follow(lease.substring(SwapFeed.FEED_PREFIX.length()), epoch);
          }

          @Override
          public void deposed(String lease) {
            swaps.unfollow(lease.substring(SwapFeed.FEED_PREFIX.length()));
          }
        });
    swapLeadership.start();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(wantedTimer);
    if (stream != null) {
      stream.stop();
    }
    if (rest != null) {
      rest.close();
    }
    Future<Void> barsWritten = cache.close();
    Future<Void> swapsStopped = swapLeadership == null ? Future.succeededFuture()
        : swapLeadership.stop().compose(v -> swaps.close());
    return Future.join(barsWritten, leadership == null ? Future.succeededFuture() : leadership.stop(), swapsStopped);
  }

  /** What the feed publishes ({@code state}: as far as it knows yet), for the startup banner. */
  public static String describeSource(MariposaConfig config, RunningSource.State state) {
    MarketSource source = config.market().source();
    if (source == MarketSource.REPLAY) {
      return "REPLAYED prices" + state.days().map(days -> " of " + days).orElse("") + " from "
          + config.market().replayFiles().size() + " file(s), speed " + config.market().replaySpeed()
          + (config.market().replayLoop() ? ", looping" : "");
    }
    String symbols = " (" + String.join(", ", config.market().symbols()) + ")";
    if (source == MarketSource.SYNTHETIC) {
      return "SYNTHETIC prices, generated here" + symbols;
    }
    String binance = "binance " + config.market().binanceWsUrl() + symbols;
    return switch (state.prices()) {
      case SYNTHETIC -> "SYNTHETIC prices instead of " + binance + ": " + state.reason().orElse("Binance is unreachable");
      case NONE -> "NO market data from " + binance + ": " + state.reason().orElse("Binance is unreachable");
      default -> "live prices from " + binance + "; if it is unreachable: "
          + (config.exchange().kind() == MariposaConfig.ExchangeKind.PAPER ? "synthetic prices instead" : "no market data");
    };
  }

  private interface FeedFactory {
    SymbolFeed start(String symbol, long epoch);
  }

  /**
   * Demand-driven: the configured symbols, plus those someone asked for in the last
   * {@code feed.wantedIdleMs} (at most {@value #MAX_WANTED}), refreshed every second from Redis.
   */
  private Collection<String> configuredAndWanted() {
    Set<String> symbols = new TreeSet<>(config.market().symbols());
    symbols.addAll(wanted);
    return symbols;
  }

  private void refreshWanted() {
    long since = System.currentTimeMillis() - config.feed().wantedIdle().toMillis();
    String key = new MarketKeys(keys).wanted();
    redis.send(Request.cmd(Command.ZREMRANGEBYSCORE)
            .arg(key).arg("-inf").arg("(" + since))
        .compose(v -> redis.send(Request.cmd(Command.ZRANGE)
            .arg(key).arg(-MAX_WANTED).arg(-1)))
        .onSuccess(found -> {
          Set<String> now = new HashSet<>();
          found.forEach(r -> now.add(r.toString()));
          wanted = now;
        });
  }

  private void lead(Supplier<Collection<String>> symbols, FeedFactory factory) {
    leadership = new FeedLeadership(vertx, redis, scripts, keys, symbols, config.feed().leaseTtl(),
        new FeedLeadership.Listener() {
          @Override
          public void elected(String symbol, long epoch) {
            warm(symbol);
            feeding.put(symbol, factory.start(symbol, epoch));
          }

          @Override
          public void deposed(String symbol) {
            SymbolFeed feed = feeding.remove(symbol);
            if (feed != null) {
              feed.stop();
            }
          }
        });
    leadership.start();
  }

  /**
   * Puts the last history.warmBars closed bars of each cached interval whose set Redis lost (a
   * flush, a restart, its TTL: at most the one bar the feed may already have written) back from
   * MongoDB, so bars survive them; bars the feed writes meanwhile win. A leader taking over from
   * another finds the sets there and reads nothing.
   */
  private void warm(String symbol) {
    int bars = config.history().warmBars();
    MarketKeys marketKeys = new MarketKeys(keys);
    market.history().filter(h -> bars > 0).ifPresent(history -> {
      for (String interval : config.cache().klineTtl().keySet()) {
        redis.send(Request.cmd(Command.ZCARD).arg(marketKeys.klines(symbol, interval)))
            .compose(cached -> cached.toLong() > 1 ? Future.succeededFuture(List.<JsonObject>of())
                : history.latest(symbol, interval, bars))
            .onSuccess(cache::warm)
            .onFailure(t -> LOG.warn("Cannot warm the {} {} bars from MongoDB: {}", symbol, interval, t.getMessage()));
      }
    });
  }

  /** Both recordings of a symbol, if present: its bars and its stream messages (with the book). */
  private SymbolFeed replay(ReplayFiles files, String symbol, long epoch) {
    FencedPublisher publisher = new FencedPublisher(vertx.eventBus(), cache, symbol, epoch);
    MariposaConfig.Market market = config.market();
    List<Runnable> stops = new ArrayList<>();
    List<Kline> bars = files.bars(symbol);
    if (!bars.isEmpty()) {
      Optional<BarQuotes> quotes = files.stream(symbol).isEmpty()
          ? Optional.of(new BarQuotes(market.replayBarSpreadBps())) : Optional.empty();
      String finest = bars.stream().map(Kline::interval)
          .min(Comparator.comparing(i -> Kline.intervalLength(i).orElseThrow())).orElseThrow();
      KlineReplay replay = new KlineReplay(vertx, bars, largerIntervals(finest), quotes,
          market.replaySpeed(), market.replayLoop(), publisher::publish).start();
      stops.add(replay::stop);
    }
    if (!files.stream(symbol).isEmpty()) {
      StreamReplay replay = new StreamReplay(vertx, symbol, files.stream(symbol), files.snapshot(symbol),
          market.replaySpeed(), market.replayLoop(), publisher::publish).start();
      stops.add(replay::stop);
    }
    return () -> stops.forEach(Runnable::run);
  }

  /** The cached intervals longer than {@code interval}: aggregated from the replayed bars. */
  private List<String> largerIntervals(String interval) {
    long length = Kline.intervalLength(interval).map(Duration::toMillis).orElse(Long.MAX_VALUE);
    return config.cache().klineTtl().keySet().stream()
        .filter(i -> Kline.intervalLength(i).map(d -> d.toMillis() > length && d.toMillis() % length == 0).orElse(false))
        .sorted(Comparator.comparing(i -> Kline.intervalLength(i).orElseThrow()))
        .toList();
  }

  /**
   * Synthetic prices only where no real money can trade on them: with the paper exchange. The
   * market data service stops asking Binance before the synthetic feed starts, so the cache then
   * answers alone as with MARKET_SOURCE=synthetic (the analysis warms from the synthetic bars).
   */
  private boolean feedsSynthetic(MariposaConfig config, String reason) {
    if (config.exchange().kind() == MariposaConfig.ExchangeKind.PAPER) {
      LOG.warn("MARKET_SOURCE=binance: {}; FEEDING SYNTHETIC PRICES instead (EXCHANGE=paper: paper trading, no real money)",
          reason);
      market.source().fellBack(reason);
      announce(MarketSource.BINANCE, RunningSource.Prices.SYNTHETIC, "synthetic fallback: " + reason);
      return true;
    }
    LOG.error("MARKET_SOURCE=binance: {}; NO MARKET DATA, and no synthetic fallback with a real exchange", reason);
    market.source().noData(reason);
    announce(MarketSource.BINANCE, RunningSource.Prices.NONE, "no market data: " + reason);
    return false;
  }

  private void announce(MarketSource source, RunningSource.Prices prices, String state) {
    vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject()
        .put("component", "feed").put("source", source.name().toLowerCase()).put("state", state)
        .put("prices", prices.name().toLowerCase(Locale.ROOT))
        .put("instanceId", instanceId).put("at", Instant.now().toString()));
  }
}
