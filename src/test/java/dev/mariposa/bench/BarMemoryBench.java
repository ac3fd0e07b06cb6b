package dev.mariposa.bench;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import dev.mariposa.market.bars.MinuteLikeYears;
import dev.mariposa.market.replay.BarsJmh;
import dev.mariposa.market.replay.KlineCsv;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory of ten symbol-years of 1m bars held as {@link BarColumns}: JOL's walk of the object
 * graph (every array, header and field: the retained size) and the heap used after GC with them
 * held, less before. Two sets, since the shared recordings hold no year of real 1m bars:
 * <ul>
 *   <li>1m-like years from the real 5m months ({@link MinuteLikeYears}: each 5m bar five times a
 *       minute apart), BTCUSDT and ETHUSDT of 2024 and of 2025 in turn, ten symbol-years built
 *       one by one (their quote volumes and trade counts are 0 in these files: no bytes);</li>
 *   <li>years with every column filled: the real data.binance.vision BTCUSDT 1m day of 2024-09-21
 *       (quote volume, trade count) tiled 365 times a day apart, ten copies.</li>
 * </ul>
 * Beside them, the same bars as {@code List<Kline>}: JOL on one month (the day tiled 31 times),
 * scaled to ten years. Prints a Markdown table (bench/bars.sh).
 *
 * <p>Usage: {@code BarMemoryBench DATA_DIR}
 */
public final class BarMemoryBench {
  private static final int SYMBOL_YEARS = 10;
  private static final double MB = 1_000_000.0;

  private BarMemoryBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    Path months = data.resolve("binance/klines/months");
    Path day = data.resolve("binance/klines/BTCUSDT-1m-2024-09-21.csv");

    String[][] years = {{"BTCUSDT", "2024"}, {"BTCUSDT", "2025"}, {"ETHUSDT", "2024"}, {"ETHUSDT", "2025"}};
    BarColumns realDay = KlineCsv.columns(day);
    // Once before measuring, so that what the first build loads for good (classes, logging) is in "before".
    MinuteLikeYears.of(months, "BTCUSDT", 2024);
    tiled(realDay, 365);
    List<String> rows = new ArrayList<>();
    rows.add(row("ten 1m-like symbol-years from the real 5m months (BTC, ETH × 2024, 2025)", () -> {
      List<BarColumns> held = new ArrayList<>();
      for (int i = 0; i < SYMBOL_YEARS; i++) {
        String[] y = years[i % years.length];
        held.add(unchecked(() -> MinuteLikeYears.of(months, y[0], Integer.parseInt(y[1]))));
      }
      return held;
    }));
    rows.add(row("ten 1m symbol-years, every column filled (the real 1m day × 365)", () -> {
      List<BarColumns> held = new ArrayList<>();
      for (int i = 0; i < SYMBOL_YEARS; i++) {
        held.add(tiled(realDay, 365));
      }
      return held;
    }));

    Path tmp = Files.createTempDirectory("bar-memory");
    try {
      List<Kline> month = KlineCsv.read(BarsJmh.monthOfMinutes(day, tmp));
      long bytes = GraphLayout.parseInstance(month).totalSize();
      double perBar = (double) bytes / month.size();
      rows.add(String.format("| the same as `List<Kline>`: JOL on a month of the real 1m day (%,d bars), × 12 × 10 "
          + "| %,d | %.1f | %,.0f MB | – |", month.size(), (long) MinuteLikeYears.YEAR_OF_MINUTES * SYMBOL_YEARS, perBar,
          perBar * MinuteLikeYears.YEAR_OF_MINUTES * SYMBOL_YEARS / MB));
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }

    System.out.println("Collectors: " + ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(java.lang.management.GarbageCollectorMXBean::getName).toList() + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB.");
    System.out.println();
    System.out.println("| held | bars | bytes per bar (JOL) | retained (JOL) | heap after GC, less before |");
    System.out.println("|---|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
  }

  /** Builds what {@code build} gives, holds it, and measures it both ways. */
  private static String row(String what, Supplier<List<BarColumns>> build) {
    long before = usedAfterGc();
    List<BarColumns> held = build.get();
    long after = usedAfterGc();
    long bars = held.stream().mapToLong(BarColumns::size).sum();
    long retained = GraphLayout.parseInstance(held.toArray()).totalSize();
    String layouts = held.stream().map(BarColumns::layout).distinct().reduce((a, b) -> a + "; " + b).orElse("");
    System.err.println(what + ": " + layouts);
    return String.format("| %s | %,d | %.1f | %.1f MB | %.1f MB |", what, bars, (double) retained / bars, retained / MB,
        (after - before) / MB);
  }

  /** The day's bars {@code days} times, a day apart. */
  private static BarColumns tiled(BarColumns day, int days) {
    BarColumns.Builder year = BarColumns.builder(day.symbol(), day.interval(), day.size() * days);
    for (int d = 0; d < days; d++) {
      long shift = d * 86_400_000L;
      for (int i = 0; i < day.size(); i++) {
        year.add(day, i, day.openTime(i) + shift, day.closeTime(i) + shift);
      }
    }
    return year.build();
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private interface IoSupplier<T> {
    T get() throws Exception;
  }

  private static <T> T unchecked(IoSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
