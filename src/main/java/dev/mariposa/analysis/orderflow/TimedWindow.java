package dev.mariposa.analysis.orderflow;

/**
 * Timed pairs of values in a ring of primitive arrays, with the sums of each: what the last
 * {@code window} of event time holds, for O(1) updates and reads without allocating (the ring
 * doubles when full, which stops once it holds a window's worth). Entries come in time order;
 * {@link #evictThrough} drops those at or before a time. The running sums are recomputed from the
 * entries each time the ring's start wraps, so subtraction errors cannot build up in a long run.
 */
final class TimedWindow {
  private long[] times = new long[64];
  private double[] first = new double[64];
  private double[] second = new double[64];
  private int head;
  private int size;
  private double sumFirst;
  private double sumSecond;

  void add(long time, double a, double b) {
    if (size == times.length) {
      grow();
    }
    int at = (head + size) & (times.length - 1);
    times[at] = time;
    first[at] = a;
    second[at] = b;
    size++;
    sumFirst += a;
    sumSecond += b;
  }

  /** Drops the entries at or before {@code time}. */
  void evictThrough(long time) {
    boolean wrapped = false;
    while (size > 0 && times[head] <= time) {
      sumFirst -= first[head];
      sumSecond -= second[head];
      head = (head + 1) & (times.length - 1);
      size--;
      wrapped |= head == 0;
    }
    if (size == 0) {
      sumFirst = 0;
      sumSecond = 0;
    } else if (wrapped) {
      recompute();
    }
  }

  int size() {
    return size;
  }

  double sumFirst() {
    return sumFirst;
  }

  double sumSecond() {
    return sumSecond;
  }

  private void recompute() {
    double a = 0;
    double b = 0;
    for (int i = 0; i < size; i++) {
      int at = (head + i) & (times.length - 1);
      a += first[at];
      b += second[at];
    }
    sumFirst = a;
    sumSecond = b;
  }

  private void grow() {
    int capacity = times.length * 2;
    long[] t = new long[capacity];
    double[] a = new double[capacity];
    double[] b = new double[capacity];
    for (int i = 0; i < size; i++) {
      int at = (head + i) & (times.length - 1);
      t[i] = times[at];
      a[i] = first[at];
      b[i] = second[at];
    }
    times = t;
    first = a;
    second = b;
    head = 0;
  }
}
