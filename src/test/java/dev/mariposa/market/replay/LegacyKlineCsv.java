package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader of kline CSVs before the bar columns ({@code Files.readAllLines}, {@code split}, a
 * BigDecimal per field), kept as the reference the columns are checked against, and the floor of
 * {@code BarsJmh}.
 */
public final class LegacyKlineCsv {
  private LegacyKlineCsv() {}

  /** Every bar of the file, closed, in file order; times converted to milliseconds. */
  public static List<Kline> read(Path file) throws IOException {
    String symbol = KlineCsv.symbol(file);
    String interval = KlineCsv.interval(file);
    List<Kline> bars = new ArrayList<>();
    Boolean micros = null;
    int lineNumber = 0;
    for (String line : Files.readAllLines(file)) {
      lineNumber++;
      if (isHeader(line)) {
        continue;
      }
      if (micros == null) {
        micros = isMicros(line);
      }
      bars.add(bar(symbol, interval, file, line, lineNumber, micros));
    }
    return bars;
  }

  /** A blank line or a header row (some files have one). */
  private static boolean isHeader(String line) {
    return line.isBlank() || !Character.isDigit(line.charAt(0));
  }

  /** Spot files from 2025 on count time in microseconds: 16 digits and more. */
  private static boolean isMicros(String line) {
    return line.split(",", 2)[0].trim().length() >= 16;
  }

  private static Kline bar(String symbol, String interval, Path file, String line, int lineNumber, boolean micros)
      throws IOException {
    String[] c = line.split(",");
    if (c.length < 11) {
      throw new IOException(file.getFileName() + ":" + lineNumber + ": expected 12 columns, found " + c.length);
    }
    long divisor = micros ? 1000 : 1;
    try {
      return new Kline(symbol, interval, Long.parseLong(c[0].trim()) / divisor, Long.parseLong(c[6].trim()) / divisor,
          new BigDecimal(c[1].trim()), new BigDecimal(c[2].trim()), new BigDecimal(c[3].trim()),
          new BigDecimal(c[4].trim()), new BigDecimal(c[5].trim()), new BigDecimal(c[7].trim()),
          Long.parseLong(c[8].trim()), true);
    } catch (NumberFormatException e) {
      throw new IOException(file.getFileName() + ":" + lineNumber + ": " + e.getMessage());
    }
  }
}
