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
    double sum = 0;
    for (int age = Math.min(n, size()) - 1; age >= 0; age--) {
      sum += back(age);
    }
    return sum;
  }

  /** The mean of the newest {@code n} values (fewer when fewer are held). */
  double mean(int n) {
    return sum(n) / Math.min(n, size());
  }

  /** Their population variance (divided by the count, as ta4j's VarianceIndicator) around {@code mean}. */
  double variance(int n, double mean) {
    double squares = 0;
    int held = Math.min(n, size());
    for (int age = held - 1; age >= 0; age--) {
      double d = back(age) - mean;
      squares += d * d;
    }
    return squares / held;
  }
}
