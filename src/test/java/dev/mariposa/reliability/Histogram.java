package dev.mariposa.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts by row and column (category × status, say), thread-safe, printed as a Markdown table. */
final class Histogram {
  private final Map<String, Map<String, LongAdder>> counts = new ConcurrentSkipListMap<>();

  void add(Object row, Object column) {
    counts.computeIfAbsent(String.valueOf(row), r -> new ConcurrentHashMap<>())
        .computeIfAbsent(String.valueOf(column), c -> new LongAdder()).increment();
  }

  long total() {
    return counts.values().stream().flatMap(r -> r.values().stream()).mapToLong(LongAdder::sum).sum();
  }

  /** Totals per column over every row. */
  Map<String, Long> columns() {
    Map<String, Long> out = new TreeMap<>();
    counts.values().forEach(r -> r.forEach((c, n) -> out.merge(c, n.sum(), Long::sum)));
    return out;
  }

  String markdown(String rowTitle) {
    TreeSet<String> columns = new TreeSet<>(columns().keySet());
    StringBuilder sb = new StringBuilder("| ").append(rowTitle).append(" | total |");
    columns.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append("\n|---|---:|");
    columns.forEach(c -> sb.append("---:|"));
    counts.forEach((row, cells) -> {
      sb.append("\n| ").append(row).append(" | ").append(cells.values().stream().mapToLong(LongAdder::sum).sum()).append(" |");
      columns.forEach(c -> sb.append(' ').append(cells.containsKey(c) ? cells.get(c).sum() : 0).append(" |"));
    });
    Map<String, Long> totals = columns();
    sb.append("\n| **all** | **").append(total()).append("** |");
    columns.forEach(c -> sb.append(" **").append(totals.get(c)).append("** |"));
    return sb.toString();
  }
}
