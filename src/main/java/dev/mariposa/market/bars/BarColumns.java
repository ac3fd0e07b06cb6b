package dev.mariposa.market.bars;

import dev.mariposa.market.Kline;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One symbol and interval's closed bars, column by column in primitive arrays rather than an
 * object per bar: open times, close times (as their distance from the open), the six decimals of a
 * {@link Kline} ({@link DecimalColumn}: exact, read as doubles or BigDecimals) and the trade
 * counts, each packed as tightly as its values allow ({@link PackedLongs}), all in one array. A
 * year of 1m bars is 10 to 14 MB here (docs/BENCHMARKS.md, "Bar data") where {@code List<Kline>}
 * takes some 166 MB.
 * Read bar i through the accessors ({@code close(i)}), the view {@link #bar(int)} or, for callers of
 * {@code Kline}, {@link #kline(int)} and {@link #klines()}. Immutable.
 */
public final class BarColumns {
  /** The decimal columns, in the order they are written. */
  public enum Decimal { OPEN, HIGH, LOW, CLOSE, VOLUME, QUOTE_VOLUME }

  private final String symbol;
  private final String interval;
  private final int size;
  private final PackedLongs openTimes;
  private final PackedLongs closeAfterOpen;
  private final DecimalColumn open;
  private final DecimalColumn high;
  private final DecimalColumn low;
  private final DecimalColumn close;
  private final DecimalColumn volume;
  private final DecimalColumn quoteVolume;
  private final PackedLongs trades;
  /** Every column's values, one after the other: one allocation for all. */
  private final byte[] shared;

  /**
   * Columns whose values are copied into one array ({@code share}) or are already in it (the
   * columns as {@link #read} gives them over the array it read).
   */
  private BarColumns(String symbol, String interval, int size, PackedLongs openTimes, PackedLongs closeAfterOpen,
                     DecimalColumn[] decimals, PackedLongs trades, byte[] shared, boolean share) {
    this.symbol = symbol;
    this.interval = interval;
    this.size = size;
    this.shared = shared;
    int[] at = {0};
    this.openTimes = place(openTimes, share, at);
    this.closeAfterOpen = place(closeAfterOpen, share, at);
    this.open = decimals[0].withValues(place(decimals[0].values(), share, at));
    this.high = decimals[1].withValues(place(decimals[1].values(), share, at));
    this.low = decimals[2].withValues(place(decimals[2].values(), share, at));
    this.close = decimals[3].withValues(place(decimals[3].values(), share, at));
    this.volume = decimals[4].withValues(place(decimals[4].values(), share, at));
    this.quoteVolume = decimals[5].withValues(place(decimals[5].values(), share, at));
    this.trades = place(trades, share, at);
  }

  private PackedLongs place(PackedLongs column, boolean share, int[] at) {
    PackedLongs placed = share ? column.copyInto(shared, at[0]) : column.over(shared, at[0]);
    at[0] += column.dataBytes();
    return placed;
  }

  private static long dataBytes(PackedLongs openTimes, PackedLongs closeAfterOpen, DecimalColumn[] decimals,
                                PackedLongs trades) {
    long bytes = (long) openTimes.dataBytes() + closeAfterOpen.dataBytes() + trades.dataBytes();
    for (DecimalColumn d : decimals) {
      bytes += d.values().dataBytes();
    }
    return bytes;
  }

  public static Builder builder(String symbol, String interval, int capacity) {
    return new Builder(symbol, interval, capacity);
  }

  public String symbol() {
    return symbol;
  }

  public String interval() {
    return interval;
  }

  public int size() {
    return size;
  }

  /** Epoch ms. */
  public long openTime(int i) {
    return openTimes.get(i);
  }

  /** Epoch ms. */
  public long closeTime(int i) {
    return openTimes.get(i) + closeAfterOpen.get(i);
  }

  public double open(int i) {
    return open.get(i);
  }

  public double high(int i) {
    return high.get(i);
  }

  public double low(int i) {
    return low.get(i);
  }

  public double close(int i) {
    return close.get(i);
  }

  public double volume(int i) {
    return volume.get(i);
  }

  public double quoteVolume(int i) {
    return quoteVolume.get(i);
  }

  public long trades(int i) {
    return trades.get(i);
  }

  /** One decimal column, exact (unscaled longs and their scale) or as doubles. */
  public DecimalColumn decimals(Decimal which) {
    return switch (which) {
      case OPEN -> open;
      case HIGH -> high;
      case LOW -> low;
      case CLOSE -> close;
      case VOLUME -> volume;
      case QUOTE_VOLUME -> quoteVolume;
    };
  }

  /** A view of bar i: no copy, its values read from the columns when asked. */
  public Bar bar(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("bar " + i + " of " + size);
    }
    return new Bar(this, i);
  }

  /** Bar i as a closed {@link Kline}: equal to the one parsed from the text it came from. */
  public Kline kline(int i) {
    return new Kline(symbol, interval, openTime(i), closeTime(i), open.decimal(i), high.decimal(i), low.decimal(i),
        close.decimal(i), volume.decimal(i), quoteVolume.decimal(i), trades.get(i), true);
  }

  /** Every bar as a {@link Kline}, in order, in a new list the caller may change. */
  public List<Kline> klines() {
    List<Kline> bars = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      bars.add(kline(i));
    }
    return bars;
  }

  /**
   * The bytes of the columns' arrays: what the bars cost beyond a few hundred bytes of objects and
   * fields, the figure that grows with the bars.
   */
  public long arrayBytes() {
    long bytes = shared.length;
    for (Decimal d : Decimal.values()) {
      bytes += decimals(d).arrayBytes() - decimals(d).values().arrayBytes(); // a scale per value, when they vary
    }
    return bytes;
  }

  /** How each column is held, e.g. {@code openTime=offsets close=offsets quoteVolume=constant ...}. */
  public String layout() {
    StringBuilder s = new StringBuilder("openTime=").append(openTimes.layout())
        .append(" closeTime-openTime=").append(closeAfterOpen.layout());
    for (Decimal d : Decimal.values()) {
      s.append(' ').append(d.name().toLowerCase()).append('=').append(decimals(d).layout());
    }
    return s.append(" trades=").append(trades.layout()).toString();
  }

  /** The bytes {@link #write} takes. */
  public int encodedSize() {
    int bytes = 4 + utf8(symbol).length + 4 + utf8(interval).length + 4 + 3 * PackedLongs.HEADER_BYTES;
    for (Decimal d : Decimal.values()) {
      bytes += decimals(d).headerBytes();
    }
    return bytes + shared.length - PackedLongs.PADDING;
  }

  /**
   * Writes the columns at the buffer's position, in its byte order ({@link #read} reads them back):
   * the names, the count, how each column is packed, then every value's bytes in one block.
   */
  public void write(ByteBuffer out) {
    byte[] s = utf8(symbol);
    byte[] i = utf8(interval);
    out.putInt(s.length).put(s).putInt(i.length).put(i).putInt(size);
    openTimes.writeHeader(out);
    closeAfterOpen.writeHeader(out);
    for (Decimal d : Decimal.values()) {
      decimals(d).writeHeader(out);
    }
    trades.writeHeader(out);
    out.put(shared, 0, shared.length - PackedLongs.PADDING);
  }

  /**
   * Columns as {@link #write} wrote them, from the buffer's position; the values in one bulk copy.
   *
   * @throws IllegalArgumentException (or a {@link java.nio.BufferUnderflowException}) for bytes
   *     that are not such columns
   */
  public static BarColumns read(ByteBuffer in) {
    String symbol = string(in);
    String interval = string(in);
    int size = in.getInt();
    if (size < 0) {
      throw new IllegalArgumentException("a negative bar count " + size);
    }
    PackedLongs openTimes = PackedLongs.readHeader(in, size);
    PackedLongs closeAfterOpen = PackedLongs.readHeader(in, size);
    DecimalColumn[] decimals = new DecimalColumn[Decimal.values().length];
    for (int d = 0; d < decimals.length; d++) {
      decimals[d] = DecimalColumn.readHeader(in, size);
    }
    PackedLongs trades = PackedLongs.readHeader(in, size);
    long bytes = dataBytes(openTimes, closeAfterOpen, decimals, trades);
    if (in.remaining() < bytes) {
      throw new IllegalArgumentException("columns of " + bytes + " bytes where " + in.remaining() + " remain");
    }
    byte[] shared = PackedLongs.sharedArray(bytes);
    in.get(shared, 0, (int) bytes);
    return new BarColumns(symbol, interval, size, openTimes, closeAfterOpen, decimals, trades, shared, false);
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > 64 || length > in.remaining()) {
      throw new IllegalArgumentException("no name of " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return symbol + " " + interval + ": " + size + " bars";
  }

  /** Bar i of a {@link BarColumns}, read from the columns when asked. */
  public record Bar(BarColumns columns, int index) {
    public long openTime() {
      return columns.openTime(index);
    }

    public long closeTime() {
      return columns.closeTime(index);
    }

    public double open() {
      return columns.open(index);
    }

    public double high() {
      return columns.high(index);
    }

    public double low() {
      return columns.low(index);
    }

    public double close() {
      return columns.close(index);
    }

    public double volume() {
      return columns.volume(index);
    }

    public double quoteVolume() {
      return columns.quoteVolume(index);
    }

    public long trades() {
      return columns.trades(index);
    }

    public Kline kline() {
      return columns.kline(index);
    }
  }

  /**
   * Collects bars in order, then packs them into columns ({@link #build}). Values go in as a
   * parser reads them: times in ms, decimals as an unscaled long and a scale.
   */
  public static final class Builder {
    private final String symbol;
    private final String interval;
    private long[] openTimes;
    private long[] closeTimes;
    private long[] trades;
    private final DecimalColumn.Builder[] decimals = new DecimalColumn.Builder[Decimal.values().length];
    private int size;

    private Builder(String symbol, String interval, int capacity) {
      this.symbol = symbol;
      this.interval = interval;
      int initial = Math.max(capacity, 16);
      openTimes = new long[initial];
      closeTimes = new long[initial];
      trades = new long[initial];
      for (int d = 0; d < decimals.length; d++) {
        decimals[d] = new DecimalColumn.Builder(initial);
      }
    }

    public int size() {
      return size;
    }

    /**
     * Starts a bar: its times and trade count; its six decimals follow with {@link #decimal},
     * in {@link Decimal} order.
     */
    public Builder times(long openTime, long closeTime, long tradeCount) {
      if (size == openTimes.length) {
        openTimes = Arrays.copyOf(openTimes, size * 2);
        closeTimes = Arrays.copyOf(closeTimes, size * 2);
        trades = Arrays.copyOf(trades, size * 2);
      }
      openTimes[size] = openTime;
      closeTimes[size] = closeTime;
      trades[size] = tradeCount;
      size++;
      return this;
    }

    /**
     * One decimal of the bar started last: {@code unscaled × 10^-scale}, kept with the scale it was
     * written with.
     *
     * @throws ArithmeticException for more than {@link DecimalColumn#MAX_SCALE} decimals, or a value
     *     that does not fit a long at the column's scale
     */
    public Builder decimal(Decimal which, long unscaled, int scale) {
      decimals[which.ordinal()].add(unscaled, scale);
      return this;
    }

    /** A bar of a Kline (its symbol and interval are this builder's). */
    public Builder add(Kline bar) {
      times(bar.openTime(), bar.closeTime(), bar.trades());
      add(Decimal.OPEN, bar.open());
      add(Decimal.HIGH, bar.high());
      add(Decimal.LOW, bar.low());
      add(Decimal.CLOSE, bar.close());
      add(Decimal.VOLUME, bar.volume());
      return add(Decimal.QUOTE_VOLUME, bar.quoteVolume());
    }

    /**
     * Bar i of {@code source} at other times, its values exactly as they are there (to tile or
     * resample recorded bars, or join files).
     */
    public Builder add(BarColumns source, int i, long openTime, long closeTime) {
      times(openTime, closeTime, source.trades(i));
      for (Decimal d : Decimal.values()) {
        DecimalColumn column = source.decimals(d);
        decimals[d.ordinal()].add(column.unscaled(i), column.scale(), column.textScale(i));
      }
      return this;
    }

    private Builder add(Decimal which, BigDecimal value) {
      return decimal(which, value.unscaledValue().longValueExact(), value.scale());
    }

    public BarColumns build() {
      long[] closeAfterOpen = new long[size];
      for (int i = 0; i < size; i++) {
        closeAfterOpen[i] = closeTimes[i] - openTimes[i];
      }
      DecimalColumn[] built = new DecimalColumn[decimals.length];
      for (int d = 0; d < decimals.length; d++) {
        built[d] = decimals[d].build();
        if (built[d].size() != size) {
          throw new IllegalStateException(size + " bars but " + built[d].size() + " values of " + Decimal.values()[d]);
        }
      }
      PackedLongs opens = PackedLongs.of(openTimes, size);
      PackedLongs closes = PackedLongs.of(closeAfterOpen, size);
      PackedLongs counts = PackedLongs.of(trades, size);
      byte[] shared = PackedLongs.sharedArray(dataBytes(opens, closes, built, counts));
      return new BarColumns(symbol, interval, size, opens, closes, built, counts, shared, true);
    }
  }
}
