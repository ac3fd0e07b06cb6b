package dev.mariposa.market;

import java.time.Duration;
import java.util.Optional;

/**
 * Builds bars of a larger interval from closed bars of a smaller one (1m into 5m, 1h …), aligned
 * on the epoch as Binance aligns them. A bar is emitted when the smaller bar that ends it arrives;
 * a bucket with missing smaller bars is still emitted, with what it got.
 */
public final class KlineAggregator {
  private final String interval;
  private final long lengthMs;
  private Kline current;

  public KlineAggregator(String interval) {
    this.interval = interval;
    this.lengthMs = Kline.intervalLength(interval)
        .orElseThrow(() -> new IllegalArgumentException("unknown interval " + interval)).toMillis();
  }

  public String interval() {
    return interval;
  }

  /** Whether bars of {@code smaller} build this interval's: shorter, and a whole number of them fill one. */
  public boolean builds(String smaller) {
    return Kline.intervalLength(smaller).map(Duration::toMillis)
        .map(ms -> ms < lengthMs && lengthMs % ms == 0).orElse(false);
  }

  /** Adds one closed smaller bar; returns the larger bar when this one completes it. */
  public Optional<Kline> add(Kline bar) {
    long bucket = Math.floorDiv(bar.openTime(), lengthMs) * lengthMs;
    Optional<Kline> finishedEarly = Optional.empty();
    if (current != null && current.openTime() != bucket) {
      finishedEarly = Optional.of(close(current)); // the bucket's last bars never came
      current = null;
    }
    current = current == null
        ? new Kline(bar.symbol(), interval, bucket, bucket + lengthMs - 1, bar.open(), bar.high(), bar.low(),
            bar.close(), bar.volume(), bar.quoteVolume(), bar.trades(), false)
        : new Kline(bar.symbol(), interval, bucket, bucket + lengthMs - 1, current.open(),
            current.high().max(bar.high()), current.low().min(bar.low()), bar.close(),
            current.volume().add(bar.volume()), current.quoteVolume().add(bar.quoteVolume()),
            current.trades() + bar.trades(), false);
    if (bar.closeTime() >= current.closeTime()) {
      Kline done = close(current);
      current = null;
      return Optional.of(done);
    }
    return finishedEarly;
  }

  private static Kline close(Kline bar) {
    return new Kline(bar.symbol(), bar.interval(), bar.openTime(), bar.closeTime(), bar.open(), bar.high(),
        bar.low(), bar.close(), bar.volume(), bar.quoteVolume(), bar.trades(), true);
  }
}
