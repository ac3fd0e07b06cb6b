package dev.mariposa.market;

import dev.mariposa.Platform;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.MariposaConfig.MarketSource;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.market.replay.KlineReplay;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role feed: for each symbol, the instance holding the symbol's feed lease publishes its market
 * events, fenced with the lease epoch. Sources today: {@code synthetic}, and {@code replay} of
 * data.binance.vision kline CSVs (recorded stream files and the Binance adapter arrive with the
 * rest of the market feed issue). MARKET_SOURCE=binance falls back to synthetic only with the
 * paper exchange (DESIGN.md §6).
 */
public final class MarketFeedVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MarketFeedVerticle.class);

  private final Platform platform;
  private final Map<String, SymbolFeed> feeding = new HashMap<>();
  private FeedLeadership leadership;

  public MarketFeedVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    MariposaConfig config = platform.config();
    MarketSource source = config.market().source();
    if (source == MarketSource.REPLAY) {
      // Files are read on a worker: never on the event loop.
      return vertx.executeBlocking(() -> readKlineFiles(config.market().replayFiles()))
          .onSuccess(bars -> lead(new ArrayList<>(bars.keySet()), (symbol, epoch) -> replay(bars.get(symbol), epoch)));
    }
    if (feedsSynthetic(config)) {
      Duration tick = config.feed().syntheticTick();
      lead(config.market().symbols(), (symbol, epoch) ->
          new SyntheticFeed(vertx, new FencedPublisher(vertx.eventBus(), symbol, epoch), epoch ^ symbol.hashCode(), tick));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return leadership == null ? Future.succeededFuture() : leadership.stop();
  }

  /** What the feed will actually publish, for the startup banner. */
  public static String describeSource(MariposaConfig config) {
    MarketSource source = config.market().source();
    if (source == MarketSource.REPLAY) {
      return "replay of " + config.market().replayFiles().size() + " file(s), speed " + config.market().replaySpeed()
          + (config.market().replayLoop() ? ", looping" : "");
    }
    String symbols = " (" + String.join(", ", config.market().symbols()) + ")";
    if (source == MarketSource.SYNTHETIC) {
      return "synthetic" + symbols;
    }
    boolean paper = config.exchange().kind() == MariposaConfig.ExchangeKind.PAPER;
    return source.name().toLowerCase() + " not built yet: " + (paper ? "SYNTHETIC FALLBACK" : "NO MARKET DATA") + symbols;
  }

  private interface FeedFactory {
    SymbolFeed start(String symbol, long epoch);
  }

  private void lead(List<String> symbols, FeedFactory factory) {
    leadership = new FeedLeadership(vertx, platform, symbols, platform.config().feed().leaseTtl(),
        new FeedLeadership.Listener() {
          @Override
          public void elected(String symbol, long epoch) {
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

  private SymbolFeed replay(List<Kline> bars, long epoch) {
    String symbol = bars.get(0).symbol();
    FencedPublisher publisher = new FencedPublisher(vertx.eventBus(), symbol, epoch);
    KlineReplay replay = new KlineReplay(vertx, bars, largerIntervals(bars.get(0).interval()),
        platform.config().market().replaySpeed(), platform.config().market().replayLoop(), publisher::publish).start();
    return replay::stop;
  }

  /** The cached intervals longer than {@code interval}: aggregated from the replayed bars. */
  private List<String> largerIntervals(String interval) {
    long length = Kline.intervalLength(interval).map(Duration::toMillis).orElse(Long.MAX_VALUE);
    return platform.config().cache().klineTtl().keySet().stream()
        .filter(i -> Kline.intervalLength(i).map(d -> d.toMillis() > length && d.toMillis() % length == 0).orElse(false))
        .sorted(Comparator.comparing(i -> Kline.intervalLength(i).orElseThrow()))
        .toList();
  }

  /** Bars per symbol from every kline CSV, in time order (one interval per symbol: the first file's). */
  private static Map<String, List<Kline>> readKlineFiles(List<Path> files) {
    Map<String, List<Kline>> bars = new HashMap<>();
    for (Path file : files) {
      if (!KlineCsv.matches(file)) {
        LOG.warn("Replay: {} is not a kline CSV (SYMBOL-INTERVAL-DATE.csv); recorded streams are not replayed yet", file);
        continue;
      }
      try {
        List<Kline> read = KlineCsv.read(file);
        List<Kline> symbolBars = bars.computeIfAbsent(KlineCsv.symbol(file), s -> new ArrayList<>());
        if (!symbolBars.isEmpty() && !symbolBars.get(0).interval().equals(KlineCsv.interval(file))) {
          LOG.warn("Replay: {} skipped, {} is already replayed at {}", file, KlineCsv.symbol(file), symbolBars.get(0).interval());
          continue;
        }
        symbolBars.addAll(read);
        LOG.info("Replay: {} bars of {} {} from {}", read.size(), KlineCsv.symbol(file), KlineCsv.interval(file), file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot replay " + file + ": " + e.getMessage(), e);
      }
    }
    bars.values().removeIf(List::isEmpty);
    bars.values().forEach(list -> list.sort(Comparator.comparingLong(Kline::openTime)));
    return bars;
  }

  /** DESIGN.md §6: synthetic prices only where no real money can trade on them. */
  private boolean feedsSynthetic(MariposaConfig config) {
    MarketSource source = config.market().source();
    if (source == MarketSource.SYNTHETIC) {
      return true;
    }
    String reason = "the Binance adapter is not built yet (market feed issue)";
    if (config.exchange().kind() == MariposaConfig.ExchangeKind.PAPER) {
      LOG.warn("MARKET_SOURCE=binance: {}; FEEDING SYNTHETIC PRICES instead (EXCHANGE=paper)", reason);
      announce(source, "synthetic fallback: " + reason);
      return true;
    }
    LOG.error("MARKET_SOURCE=binance: {}; NO MARKET DATA, and no synthetic fallback with a real exchange", reason);
    announce(source, "no market data: " + reason);
    return false;
  }

  private void announce(MarketSource source, String state) {
    vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject()
        .put("component", "feed").put("source", source.name().toLowerCase()).put("state", state)
        .put("instanceId", platform.instanceId()).put("at", Instant.now().toString()));
  }
}
