package dev.mariposa.analysis.indicators;

/**
 * An exponential average updated once per value, seeded with the first value as ta4j seeds its
 * EMA and its MMA (Wilder's smoothing): {@code v[0] = x[0]}, then {@code v = (x - v) * k + v}, in
 * ta4j's order of operations so the doubles come out the same.
 */
final class ExponentialAverage {
  private final double multiplier;
  private double value = Double.NaN;
  private boolean seeded;

  private ExponentialAverage(double multiplier) {
    this.multiplier = multiplier;
  }

  /** The EMA of {@code bars}: {@code k = 2 / (bars + 1)}. */
  static ExponentialAverage ema(int bars) {
    return new ExponentialAverage(2.0 / (bars + 1));
  }

  /** Wilder's smoothing of {@code bars} (ta4j's MMA): {@code k = 1 / bars}. */
  static ExponentialAverage wilder(int bars) {
    return new ExponentialAverage(1.0 / bars);
  }

  double update(double x) {
    if (seeded) {
      value = (x - value) * multiplier + value;
    } else {
      value = x;
      seeded = true;
    }
    return value;
  }

  double value() {
    return value;
  }
}
