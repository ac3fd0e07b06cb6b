package dev.mariposa.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/** When events arrived (epoch ms), to judge a window afterwards: how many, per second, the longest silence. */
final class ArrivalLog {
  private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();

  void add() {
    arrivals.add(System.currentTimeMillis());
  }

  /** The arrivals in [from, to), sorted. */
  List<Long> within(long from, long to) {
    return arrivals.stream().filter(t -> t >= from && t < to).sorted().toList();
  }

  int count(long from, long to) {
    return within(from, to).size();
  }

  /** The first arrival at or after {@code since}. */
  Optional<Long> firstAfter(long since) {
    return arrivals.stream().filter(t -> t >= since).min(Long::compare);
  }

  /** The longest time in [from, to) without an arrival, the window's edges included. */
  long longestGap(long from, long to) {
    long previous = from;
    long longest = 0;
    for (long t : within(from, to)) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return Math.max(longest, to - previous);
  }

  /** Arrivals in each whole second of [from, to). */
  List<Integer> perSecond(long from, long to) {
    List<Integer> counts = new ArrayList<>();
    for (long start = from; start + 1000 <= to; start += 1000) {
      counts.add(count(start, start + 1000));
    }
    return counts;
  }
}
