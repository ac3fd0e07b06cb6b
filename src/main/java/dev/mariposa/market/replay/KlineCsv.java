package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * data.binance.vision kline CSVs: {@code SYMBOL-INTERVAL-DATE.csv}, twelve columns, no header
 * (some files have one: skipped). Spot files from 2025 on count time in microseconds; the unit is
 * detected per file from the first open time's digits. Parsed from the bytes ({@code KlineCsvParser})
 * into columns, and kept in a binary cache next to the file ({@link BarCache}).
 */
public final class KlineCsv {
  private static final Pattern NAME = Pattern.compile("([A-Z0-9]+)-(\\d+[mhdwM])-.*\\.csv");

  private KlineCsv() {}

  /** Whether a file name looks like a kline CSV, e.g. BTCUSDT-1m-2024-09-21.csv. */
  public static boolean matches(Path file) {
    return NAME.matcher(file.getFileName().toString()).matches();
  }

  public static String symbol(Path file) {
    return name(file).group(1);
  }

  public static String interval(Path file) {
    return name(file).group(2);
  }

  /**
   * Every bar of the file, closed, in file order; times converted to milliseconds. Read through
   * {@link #columns}: from the file's binary cache when it is current.
   */
  public static List<Kline> read(Path file) throws IOException {
    return columns(file).klines();
  }

  /**
   * The file's bars as columns ({@link BarColumns}): from its cache next to it ({@link BarCache})
   * when that is current, else parsed from the bytes, then cached where the directory allows.
   */
  public static BarColumns columns(Path file) throws IOException {
    return BarCache.read(file);
  }

  /**
   * Reads the file's first bar as {@link #read} reads every bar, and no further: a check of what
   * the file holds that costs the same for a day as for a year.
   *
   * @throws IOException unreadable, or no bar where the first one should be (the message says why)
   */
  public static void checkFirstBar(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file)) {
      int lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (!isHeader(line)) {
          bar(symbol(file), interval(file), file, line, lineNumber, isMicros(line));
          return;
        }
      }
    }
    throw new IOException(file.getFileName() + " holds no bars");
  }

  /** A blank line or a header row (some files have one). */
  static boolean isHeader(String line) {
    return line.isBlank() || !Character.isDigit(line.charAt(0));
  }

  /** Spot files from 2025 on count time in microseconds: 16 digits and more. */
  static boolean isMicros(String line) {
    return line.split(",", 2)[0].trim().length() >= 16;
  }

  /** One line of text read as a bar, or refused saying why with the file's name and the line's number. */
  static Kline bar(String symbol, String interval, Path file, String line, int lineNumber, boolean micros)
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

  private static Matcher name(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(file.getFileName() + " is not named SYMBOL-INTERVAL-DATE.csv");
    }
    return m;
  }
}
