package dev.mariposa.analysis.indicators;

/**
 * The last {@code capacity} values of a series in a ring: sums over the newest {@code n} are taken
 * oldest first, as ta4j sums its windows, so a window of 20 costs 20 additions and no drift builds
 * up over a year of bars (a running sum would subtract its way into rounding error).
 */
final class RollingWindow {
  private final double[] values;
  private int next;
  private long count;

  RollingWindow(int capacity) {
    this.values = new double[capacity];
  }

  void add(double value) {
    values[next] = value;
    next = next + 1 == values.length ? 0 : next + 1;
    count++;
  }

  /** Values held: at most the capacity. */
  int size() {
    return (int) Math.min(count, values.length);
  }

  /** The value {@code age} steps back: 0 is the newest. */
  double back(int age) {
    if (age < 0 || age >= size()) {
      throw new IndexOutOfBoundsException("age " + age + " of " + size());
    }
    int i = next - 1 - age;
    return values[i < 0 ? i + values.length : i];
  }

  /** The sum of the newest {@code n} values (fewer when fewer are held), oldest first. */
  double sum(int n) {
    int held = Math.min(n, size());
    double sum = 0;
    for (int i = first(held), k = 0; k < held; k++) {
      sum += values[i];
      i = i + 1 == values.length ? 0 : i + 1;
    }
    return sum;
  }

  /** The index of the oldest of the newest {@code held} values. */
  private int first(int held) {
    int i = next - held;
    return i < 0 ? i + values.length : i;
  }

  /** The mean of the newest {@code n} values (fewer when fewer are held). */
  double mean(int n) {
    return sum(n) / Math.min(n, size());
  }

  /** Their population variance (divided by the count, as ta4j's VarianceIndicator) around {@code mean}. */
  double variance(int n, double mean) {
    double squares = 0;
    int held = Math.min(n, size());
    for (int i = first(held), k = 0; k < held; k++) {
      double d = values[i] - mean;
      squares += d * d;
      i = i + 1 == values.length ? 0 : i + 1;
    }
    return squares / held;
  }
}
