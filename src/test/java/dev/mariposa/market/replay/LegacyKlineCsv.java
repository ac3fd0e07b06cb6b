package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader of kline CSVs before the bar columns ({@code Files.readAllLines}, then
 * {@link KlineCsv#bar}'s {@code split} and a BigDecimal per field for every line), kept as the
 * reference the columns are checked against, and the floor of {@code BarsJmh}. The per-line rules
 * are KlineCsv's own: the new parser takes them only for the lines off its fast path.
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
      if (KlineCsv.isHeader(line)) {
        continue;
      }
      if (micros == null) {
        micros = KlineCsv.isMicros(line);
      }
      bars.add(KlineCsv.bar(symbol, interval, file, line, lineNumber, micros));
    }
    return bars;
  }
}
