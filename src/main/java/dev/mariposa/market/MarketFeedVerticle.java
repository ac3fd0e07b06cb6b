package dev.mariposa.market;

import dev.mariposa.Platform;
import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BusHeaders;
import dev.mariposa.config.MariposaConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role feed: for each configured symbol, the instance holding the symbol's feed lease publishes
 * its market events (fenced with the lease epoch and a sequence number). Today's source is the
 * synthetic market; the Binance adapter and replay arrive with the market feed issue, and until
 * then MARKET_SOURCE=binance falls back to synthetic only with the paper exchange (DESIGN.md §6).
 */
public final class MarketFeedVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MarketFeedVerticle.class);
  private static final int BOOK_EVERY = 5;

  private final Platform platform;
  private final Map<String, Feeding> feeding = new HashMap<>();
  private FeedLeadership leadership;

  /** What this verticle publishes for one symbol while it leads. */
  private final class Feeding {
    final String symbol;
    final long epoch;
    final SyntheticMarket market;
    final long timer;
    long seq;
    long steps;

    Feeding(String symbol, long epoch) {
      this.symbol = symbol;
      this.epoch = epoch;
      this.market = new SyntheticMarket(symbol, epoch ^ symbol.hashCode());
      this.timer = vertx.setPeriodic(platform.config().feed().syntheticTick().toMillis(), id -> step());
    }

    void step() {
      SyntheticMarket.Step step = market.step(System.currentTimeMillis(), steps++ % BOOK_EVERY == 0);
      step.trades().forEach(trade -> publish(Addresses.trade(symbol), trade));
      publish(Addresses.ticker(symbol), step.ticker());
      if (step.book() != null) {
        publish(Addresses.book(symbol), step.book());
      }
    }

    private void publish(String address, JsonObject event) {
      vertx.eventBus().publish(address, event, new DeliveryOptions()
          .addHeader(BusHeaders.FEED, symbol)
          .addHeader(BusHeaders.FEED_EPOCH, Long.toString(epoch))
          .addHeader(BusHeaders.FEED_SEQ, Long.toString(++seq)));
    }
  }

  public MarketFeedVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    MariposaConfig config = platform.config();
    if (!feedsSynthetic(config)) {
      return Future.succeededFuture();
    }
    leadership = new FeedLeadership(vertx, platform, config.market().symbols(), config.feed().leaseTtl(),
        new FeedLeadership.Listener() {
          @Override
          public void elected(String symbol, long epoch) {
            feeding.put(symbol, new Feeding(symbol, epoch));
          }

          @Override
          public void deposed(String symbol) {
            Feeding f = feeding.remove(symbol);
            if (f != null) {
              vertx.cancelTimer(f.timer);
            }
          }
        });
    leadership.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return leadership == null ? Future.succeededFuture() : leadership.stop();
  }

  /** What the feed will actually publish, for the startup banner. */
  public static String describeSource(MariposaConfig config) {
    MariposaConfig.MarketSource source = config.market().source();
    String symbols = " (" + String.join(", ", config.market().symbols()) + ")";
    if (source == MariposaConfig.MarketSource.SYNTHETIC) {
      return "synthetic" + symbols;
    }
    boolean paper = config.exchange().kind() == MariposaConfig.ExchangeKind.PAPER;
    return source.name().toLowerCase() + " not built yet: " + (paper ? "SYNTHETIC FALLBACK" : "NO MARKET DATA") + symbols;
  }

  /** DESIGN.md §6: synthetic prices only where no real money can trade on them. */
  private boolean feedsSynthetic(MariposaConfig config) {
    MariposaConfig.MarketSource source = config.market().source();
    boolean paper = config.exchange().kind() == MariposaConfig.ExchangeKind.PAPER;
    if (source == MariposaConfig.MarketSource.SYNTHETIC) {
      return true;
    }
    String reason = source == MariposaConfig.MarketSource.BINANCE
        ? "the Binance adapter is not built yet (market feed issue)"
        : "replay is not built yet (market feed issue)";
    if (paper) {
      LOG.warn("MARKET_SOURCE={}: {}; FEEDING SYNTHETIC PRICES instead (EXCHANGE=paper)",
          source.name().toLowerCase(), reason);
      announce(source, "synthetic fallback: " + reason);
      return true;
    }
    LOG.error("MARKET_SOURCE={}: {}; NO MARKET DATA, and no synthetic fallback with a real exchange",
        source.name().toLowerCase(), reason);
    announce(source, "no market data: " + reason);
    return false;
  }

  private void announce(MariposaConfig.MarketSource source, String state) {
    vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject()
        .put("component", "feed").put("source", source.name().toLowerCase()).put("state", state)
        .put("instanceId", platform.instanceId()).put("at", Instant.now().toString()));
  }
}
