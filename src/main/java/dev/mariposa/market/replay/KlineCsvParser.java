package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import dev.mariposa.market.bars.BarColumns.Decimal;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kline CSV's bytes into {@link BarColumns}, field by field, with no String, split or BigDecimal
 * per value. A line of plain numbers (digits, one decimal point) takes the fast path; any other
 * line (a header, spaces, a sign, an exponent, a short or non-ASCII line) is decoded and read by
 * {@link KlineCsv}'s rules for one line, so it is skipped, read or refused exactly as before, with
 * the same message naming the file and the line.
 */
final class KlineCsvParser {
  /** The most digits of a field the fast path reads into a long without overflow. */
  private static final int MAX_DIGITS = 18;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Bytes of a data.binance.vision line (about 110 with zeros, 150 with every column): sizes the columns. */
  private static final int BYTES_PER_LINE = 110;

  private final Path file;
  private final String symbol;
  private final String interval;
  private final byte[] b;
  private final BarColumns.Builder bars;
  /** 1 for millisecond files, 1000 for microsecond ones; 0 until the first bar decides. */
  private long divisor;
  /** The cursor: where the next field starts. */
  private int p;
  /** The last decimal field read ({@link #decimal}), as an unscaled long and its scale. */
  private long unscaled;
  private int scale;

  private KlineCsvParser(Path file, byte[] bytes) {
    this.file = file;
    this.symbol = KlineCsv.symbol(file);
    this.interval = KlineCsv.interval(file);
    this.b = bytes;
    this.bars = BarColumns.builder(symbol, interval, bytes.length / BYTES_PER_LINE);
  }

  /** Every bar of the file, closed, in file order; times in ms. */
  static BarColumns parse(Path file) throws IOException {
    return parse(file, Files.readAllBytes(file));
  }

  static BarColumns parse(Path file, byte[] bytes) throws IOException {
    KlineCsvParser parser = new KlineCsvParser(file, bytes);
    parser.lines();
    return parser.bars.build();
  }

  /**
   * Line by line; lines end at \n, \r or \r\n, as {@code Files.readAllLines} counts them. A bar
   * line is parsed in one pass up to its end; any other is found whole and read as text.
   */
  private void lines() throws IOException {
    int n = b.length;
    int pos = 0;
    int lineNumber = 0;
    while (pos < n) {
      lineNumber++;
      byte first = b[pos];
      if (divisor != 0 && first >= '0' && first <= '9') {
        int next = fast(pos, lineNumber);
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      int end = pos;
      while (end < n && b[end] != '\n' && b[end] != '\r') {
        end++;
      }
      if (end > pos) {
        other(pos, end, lineNumber);
      }
      pos = afterEnd(end);
    }
  }

  /** Where the next line starts, after the line's end at {@code end} (\n, \r, \r\n or the file's end). */
  private int afterEnd(int end) {
    return end + 1 < b.length && b[end] == '\r' && b[end + 1] == '\n' ? end + 2 : end + 1;
  }

  /**
   * A line off the fast path: a header, a blank line, non-ASCII text, the first bar (which tells
   * ms from µs) or a bar the fast path left; rare lines, read as text.
   */
  private void other(int start, int end, int lineNumber) throws IOException {
    String text = decode(start, end);
    if (KlineCsv.isHeader(text)) {
      return;
    }
    if (divisor == 0) {
      divisor = KlineCsv.isMicros(text) ? 1000 : 1;
      byte first = b[start];
      if (first >= '0' && first <= '9' && fast(start, lineNumber) >= 0) {
        return;
      }
    }
    slow(text, lineNumber);
  }

  /**
   * A line of plain numbers from {@code start}, added: returns where the next line starts; -1
   * (nothing added) for any other line, left to {@link #slow}.
   */
  private int fast(int start, int lineNumber) throws IOException {
    p = start;
    long openTime = whole();
    if (openTime < 0 || !decimal()) {
      return -1;
    }
    long open = unscaled;
    int openScale = scale;
    if (!decimal()) {
      return -1;
    }
    long high = unscaled;
    int highScale = scale;
    if (!decimal()) {
      return -1;
    }
    long low = unscaled;
    int lowScale = scale;
    if (!decimal()) {
      return -1;
    }
    long close = unscaled;
    int closeScale = scale;
    if (!decimal()) {
      return -1;
    }
    long volume = unscaled;
    int volumeScale = scale;
    long closeTime = whole();
    if (closeTime < 0 || !decimal()) {
      return -1;
    }
    long quoteVolume = unscaled;
    int quoteScale = scale;
    long trades = whole();
    if (trades < 0) {
      return -1;
    }
    int next = restOfLine();
    if (next < 0) {
      return -1;
    }
    try {
      bars.times(openTime / divisor, closeTime / divisor, trades)
          .decimal(Decimal.OPEN, open, openScale).decimal(Decimal.HIGH, high, highScale)
          .decimal(Decimal.LOW, low, lowScale).decimal(Decimal.CLOSE, close, closeScale)
          .decimal(Decimal.VOLUME, volume, volumeScale).decimal(Decimal.QUOTE_VOLUME, quoteVolume, quoteScale);
    } catch (ArithmeticException e) {
      throw tooLarge(lineNumber, e);
    }
    return next;
  }

  /** A field of 1 to 18 digits ended by a comma, the cursor moved past it; -1 for any other field. */
  private long whole() {
    int n = b.length;
    int q = p;
    long value = 0;
    long eight;
    while (q <= n - 8 && (eight = eightDigits(q)) >= 0) {
      value = value * 100_000_000L + eight;
      q += 8;
    }
    int c;
    while (q < n && (c = b[q] - '0') >= 0 && c <= 9) {
      value = value * 10 + c;
      q++;
    }
    int digits = q - p;
    if (digits == 0 || digits > MAX_DIGITS || q == n || b[q] != ',') {
      return -1;
    }
    p = q + 1;
    return value;
  }

  /**
   * A field of digits, then a point and digits or not, 18 digits at most, ended by a comma: into
   * {@link #unscaled} and {@link #scale}, the cursor moved past it; false for any other field.
   */
  private boolean decimal() {
    int n = b.length;
    int q = p;
    long value = 0;
    int c;
    while (q < n && (c = b[q] - '0') >= 0 && c <= 9) {
      value = value * 10 + c;
      q++;
    }
    int digits = q - p;
    int decimals = 0;
    if (q < n && b[q] == '.') {
      int fraction = ++q;
      long eight;
      while (q <= n - 8 && (eight = eightDigits(q)) >= 0) {
        value = value * 100_000_000L + eight;
        q += 8;
      }
      while (q < n && (c = b[q] - '0') >= 0 && c <= 9) {
        value = value * 10 + c;
        q++;
      }
      decimals = q - fraction;
      if (decimals == 0) {
        return false;
      }
    }
    if (digits == 0 || digits + decimals > MAX_DIGITS || q == n || b[q] != ',') {
      return false;
    }
    p = q + 1;
    unscaled = value;
    scale = decimals;
    return true;
  }

  /**
   * The value of the 8 bytes from q when all are ASCII digits, else -1: one 8-byte load and three
   * multiplications instead of eight dependent multiply-adds (D. Lemire, "Faster integer parsing").
   */
  private long eightDigits(int q) {
    long chunk = (long) LONGS.get(b, q);
    if (((chunk & 0xF0F0F0F0F0F0F0F0L) | (((chunk + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) >>> 4))
        != 0x3333333333333333L) {
      return -1;
    }
    long value = chunk - 0x3030303030303030L;
    value = value * 10 + (value >>> 8);
    return ((value & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
        + ((value >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
  }

  /**
   * From the tenth field to the line's end: a non-empty field from the eleventh on (so that
   * splitting the line at commas, trailing empty fields dropped, gives 11 columns or more), and
   * ASCII only. Where the next line starts, or -1.
   */
  private int restOfLine() {
    int n = b.length;
    int field = 9;
    boolean enough = false;
    int q = p;
    for (; q < n; q++) {
      byte c = b[q];
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c < 0) {
        return -1;
      }
      if (c == ',') {
        field++;
      } else if (field >= 10) {
        enough = true;
      }
    }
    return enough ? afterEnd(q) : -1;
  }

  /** A line the fast path does not read: by the rules for one line of text, which say what is wrong. */
  private void slow(String text, int lineNumber) throws IOException {
    Kline bar = KlineCsv.bar(symbol, interval, file, text, lineNumber, divisor == 1000);
    try {
      bars.times(bar.openTime(), bar.closeTime(), bar.trades());
      add(Decimal.OPEN, bar.open().unscaledValue().longValueExact(), bar.open().scale());
      add(Decimal.HIGH, bar.high().unscaledValue().longValueExact(), bar.high().scale());
      add(Decimal.LOW, bar.low().unscaledValue().longValueExact(), bar.low().scale());
      add(Decimal.CLOSE, bar.close().unscaledValue().longValueExact(), bar.close().scale());
      add(Decimal.VOLUME, bar.volume().unscaledValue().longValueExact(), bar.volume().scale());
      add(Decimal.QUOTE_VOLUME, bar.quoteVolume().unscaledValue().longValueExact(), bar.quoteVolume().scale());
    } catch (ArithmeticException e) {
      throw tooLarge(lineNumber, e);
    }
  }

  private void add(Decimal which, long value, int valueScale) {
    bars.decimal(which, value, valueScale);
  }

  private IOException tooLarge(int lineNumber, ArithmeticException e) {
    return new IOException(file.getFileName() + ":" + lineNumber + ": a value with more digits than a bar column holds"
        + " (18 significant digits, 18 decimals): " + e.getMessage());
  }

  /** The line as text, as {@code Files.readAllLines} decodes it: malformed UTF-8 is refused. */
  private String decode(int start, int end) throws IOException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(b, start, end - start)).toString();
  }
}
