package dev.mariposa.market.replay;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import dev.mariposa.market.bars.BarColumns.Decimal;
import java.io.IOException;
import java.nio.ByteBuffer;
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
  /** Bytes of a data.binance.vision line (about 110 with zeros, 150 with every column): sizes the columns. */
  private static final int BYTES_PER_LINE = 110;

  private final Path file;
  private final String symbol;
  private final String interval;
  private final byte[] b;
  private final BarColumns.Builder bars;
  /** 1 for millisecond files, 1000 for microsecond ones; 0 until the first bar decides. */
  private long divisor;
  private int p;
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

  /** Lines end at \n, \r or \r\n, as {@code Files.readAllLines} counts them. */
  private void lines() throws IOException {
    int n = b.length;
    int pos = 0;
    int lineNumber = 0;
    while (pos < n) {
      int start = pos;
      int end = start;
      while (end < n && b[end] != '\n' && b[end] != '\r') {
        end++;
      }
      pos = end < n && b[end] == '\r' && end + 1 < n && b[end + 1] == '\n' ? end + 2 : end + 1;
      lineNumber++;
      if (end > start) {
        line(start, end, lineNumber);
      }
    }
  }

  private void line(int start, int end, int lineNumber) throws IOException {
    byte first = b[start];
    boolean digitFirst = first >= '0' && first <= '9';
    if (!digitFirst || divisor == 0) {
      // A header, a blank line, non-ASCII text or the first bar: rare lines, read as text.
      String text = decode(start, end);
      if (KlineCsv.isHeader(text)) {
        return;
      }
      if (divisor == 0) {
        divisor = KlineCsv.isMicros(text) ? 1000 : 1;
      }
      if (!digitFirst) {
        slow(text, lineNumber);
        return;
      }
    }
    try {
      if (!fast(start, end)) {
        slow(decode(start, end), lineNumber);
      }
    } catch (ArithmeticException e) {
      throw tooLarge(lineNumber, e);
    }
  }

  /** A line of plain numbers, added; false (nothing added) for any other, left to {@link #slow}. */
  private boolean fast(int start, int end) {
    p = start;
    long openTime = whole(end);
    if (openTime < 0 || !decimal(end)) {
      return false;
    }
    long open = unscaled;
    int openScale = scale;
    if (!decimal(end)) {
      return false;
    }
    long high = unscaled;
    int highScale = scale;
    if (!decimal(end)) {
      return false;
    }
    long low = unscaled;
    int lowScale = scale;
    if (!decimal(end)) {
      return false;
    }
    long close = unscaled;
    int closeScale = scale;
    if (!decimal(end)) {
      return false;
    }
    long volume = unscaled;
    int volumeScale = scale;
    long closeTime = whole(end);
    if (closeTime < 0 || !decimal(end)) {
      return false;
    }
    long quoteVolume = unscaled;
    int quoteScale = scale;
    long trades = whole(end);
    if (trades < 0 || !elevenColumns(end)) {
      return false;
    }
    bars.times(openTime / divisor, closeTime / divisor, trades)
        .decimal(Decimal.OPEN, open, openScale).decimal(Decimal.HIGH, high, highScale)
        .decimal(Decimal.LOW, low, lowScale).decimal(Decimal.CLOSE, close, closeScale)
        .decimal(Decimal.VOLUME, volume, volumeScale).decimal(Decimal.QUOTE_VOLUME, quoteVolume, quoteScale);
    return true;
  }

  /** A field of 1 to 18 digits, the cursor moved past its comma; -1 for any other field. */
  private long whole(int end) {
    long value = 0;
    int q = p;
    while (q < end) {
      int c = b[q] - '0';
      if (c < 0 || c > 9) {
        break;
      }
      value = value * 10 + c;
      q++;
    }
    int digits = q - p;
    if (digits == 0 || digits > MAX_DIGITS || !fieldEnds(q, end)) {
      return -1;
    }
    return value;
  }

  /**
   * A field of digits with at most one decimal point between digits, into {@link #unscaled} and
   * {@link #scale}, the cursor moved past its comma; false for any other field.
   */
  private boolean decimal(int end) {
    long value = 0;
    int digits = 0;
    int decimals = -1; // -1: no point yet
    int q = p;
    for (; q < end; q++) {
      byte c = b[q];
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        digits++;
        if (decimals >= 0) {
          decimals++;
        }
      } else if (c == '.' && decimals < 0 && digits > 0) {
        decimals = 0;
      } else {
        break;
      }
    }
    if (digits == 0 || digits > MAX_DIGITS || decimals == 0 || !fieldEnds(q, end)) {
      return false;
    }
    unscaled = value;
    scale = Math.max(decimals, 0);
    return true;
  }

  /** The field ends at q (a comma or the line's end); the cursor moves to the next field. */
  private boolean fieldEnds(int q, int end) {
    if (q == end) {
      p = end;
      return true;
    }
    if (b[q] == ',') {
      p = q + 1;
      return true;
    }
    return false;
  }

  /**
   * After the ninth field: the line has a non-empty field from the eleventh on, so that splitting
   * it at commas (trailing empty fields dropped) gives 11 columns or more, and is ASCII.
   */
  private boolean elevenColumns(int end) {
    int field = 9;
    boolean enough = false;
    for (int q = p; q < end; q++) {
      byte c = b[q];
      if (c < 0) {
        return false;
      }
      if (c == ',') {
        field++;
      } else if (field >= 10) {
        enough = true;
      }
    }
    return enough;
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
