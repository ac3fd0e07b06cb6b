package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a month of 1m bars (44,640 lines, 6.6 MB): the real BTCUSDT 1m day of 2024-09-21
 * (data.binance.vision, every column filled) tiled 31 times a day apart into
 * {@code BTCUSDT-1m-2024-10.csv} in a temp dir. The CSV parsed without a cache (cold: no binary
 * cache, the file in the OS page cache), into columns and on to {@code List<Kline>}; the binary
 * cache read back, the same two ways; and the text reader the columns replaced, the floor. Run by
 * bench/bars.sh (the data folder comes from -Dmariposa.shared.data).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BarsJmh {
  public static final int DAYS = 31;
  private Path dir;
  private Path csv;
  private Path cached;

  @Setup(Level.Trial)
  public void writeTheMonth() throws IOException {
    Path data = Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
    dir = Files.createTempDirectory("bars-jmh");
    csv = monthOfMinutes(data.resolve("binance/klines/BTCUSDT-1m-2024-09-21.csv"), dir.resolve("csv"));
    cached = monthOfMinutes(data.resolve("binance/klines/BTCUSDT-1m-2024-09-21.csv"), dir.resolve("cached"));
    KlineCsv.columns(cached); // writes the cache
    if (!Files.isRegularFile(BarCache.fileOf(cached))) {
      throw new IllegalStateException("no cache written in " + cached.getParent());
    }
  }

  /** The day tiled {@link #DAYS} times, a day apart: BTCUSDT-1m-2024-10.csv in {@code into}. */
  public static Path monthOfMinutes(Path day, Path into) throws IOException {
    List<String> lines = Files.readAllLines(day);
    List<String> month = new ArrayList<>(lines.size() * DAYS);
    for (int d = 0; d < DAYS; d++) {
      long shift = d * 86_400_000L;
      for (String line : lines) {
        String[] c = line.split(",", -1);
        c[0] = String.valueOf(Long.parseLong(c[0]) + shift);
        c[6] = String.valueOf(Long.parseLong(c[6]) + shift);
        month.add(String.join(",", c));
      }
    }
    return Files.write(Files.createDirectories(into).resolve("BTCUSDT-1m-2024-10.csv"), month);
  }

  @TearDown(Level.Trial)
  public void removeTheMonth() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public BarColumns csvToColumns() throws IOException {
    return KlineCsvParser.parse(csv);
  }

  @Benchmark
  public List<Kline> csvToKlines() throws IOException {
    return KlineCsvParser.parse(csv).klines();
  }

  @Benchmark
  public BarColumns cacheToColumns() throws IOException {
    return KlineCsv.columns(cached);
  }

  @Benchmark
  public List<Kline> cacheToKlines() throws IOException {
    return KlineCsv.read(cached);
  }

  @Benchmark
  public List<Kline> textReaderBefore() throws IOException {
    return LegacyKlineCsv.read(csv);
  }
}
