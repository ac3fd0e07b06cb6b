package dev.mariposa.market.replay;

import dev.mariposa.bus.Addresses;
import dev.mariposa.market.Kline;
import dev.mariposa.market.KlineAggregator;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Replays closed bars of one symbol as {@code market.kline.<SYMBOL>.<interval>} events, with the
 * larger intervals aggregated from them, paced by the bars' close times (see {@link PacedReplay}).
 * The bars may be of several intervals, one per period ({@link ReplayFiles#bars}): each feeds the
 * aggregators of the intervals it builds, never a finer one's.
 * Unless the symbol's recorded stream brings real ones, each bar is preceded by the ticker and book
 * {@link BarQuotes} derives from it, so agents can trade on a kline replay. All are stamped as
 * received at the bar's close: the recorded time, as a backtest stamps them (a loop's later passes
 * right after the earlier ones).
 */
public final class KlineReplay {
  private final List<String> largerIntervals;
  private final Optional<BarQuotes> quotes;
  private final BiConsumer<String, Object> publish;
  private final PacedReplay<Kline> replay;
  private List<KlineAggregator> aggregators;

  /**
   * {@code publish(address, event)}; {@code bars} in time order, all of one symbol;
   * {@code largerIntervals}: those to aggregate (each from the bars that build it);
   * {@code quotes}: the derived quotes to publish, empty when real ones are replayed.
   */
  public KlineReplay(Vertx vertx, List<Kline> bars, List<String> largerIntervals, Optional<BarQuotes> quotes,
                     double speed, boolean loop, BiConsumer<String, Object> publish) {
    this.largerIntervals = largerIntervals;
    this.quotes = quotes;
    this.publish = publish;
    this.replay = new PacedReplay<>(vertx, bars, Kline::closeTime, speed, loop, this::emit, this::resetAggregators);
  }

  public KlineReplay start() {
    resetAggregators();
    replay.start();
    return this;
  }

  public void stop() {
    replay.stop();
  }

  private void resetAggregators() {
    aggregators = largerIntervals.stream().map(KlineAggregator::new).toList();
  }

  private void emit(Kline bar) {
    long now = bar.closeTime() + replay.passOffset();
    quotes.ifPresent(q -> {
      publish.accept(Addresses.ticker(bar.symbol()), q.ticker(bar, now));
      publish.accept(Addresses.book(bar.symbol()), q.book(bar, now));
    });
    publish.accept(Addresses.kline(bar.symbol(), bar.interval()), bar.toJson(now, "replay"));
    for (KlineAggregator aggregator : aggregators) {
      if (!aggregator.builds(bar.interval())) {
        continue;
      }
      aggregator.add(bar).ifPresent(larger ->
          publish.accept(Addresses.kline(larger.symbol(), larger.interval()), larger.toJson(now, "replay")));
    }
  }
}
