package dev.mariposa.market.bars;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A column of exact decimals (prices, volumes): each value an unscaled long at the column's one
 * scale, packed ({@link PackedLongs}), read as a double for arithmetic or as the BigDecimal it was
 * written as ("63201.05000000" keeps its eight decimals), so a bar made from the column equals the
 * bar parsed from the text.
 */
public final class DecimalColumn {
  /** The most decimals a column holds (10^18 is the largest power of ten in a long). */
  public static final int MAX_SCALE = 18;
  private static final long[] POWERS = new long[MAX_SCALE + 1];
  private static final double[] DIVISORS = new double[MAX_SCALE + 1];
  /** 2^53: every long below it in magnitude is a double exactly. */
  private static final long EXACT = 1L << 53;

  static {
    POWERS[0] = 1;
    for (int i = 1; i <= MAX_SCALE; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
    for (int i = 0; i <= MAX_SCALE; i++) {
      DIVISORS[i] = POWERS[i]; // exact: every power of ten up to 10^22 is a double
    }
  }

  private final PackedLongs unscaled;
  private final int scale;
  private final double divisor;
  /** The scale every value was written with; {@link #textScales} holds them when they differ. */
  private final int textScale;
  private final byte[] textScales;

  private DecimalColumn(PackedLongs unscaled, int scale, int textScale, byte[] textScales) {
    this.unscaled = unscaled;
    this.scale = scale;
    this.divisor = DIVISORS[scale];
    this.textScale = textScale;
    this.textScales = textScales;
  }

  public int size() {
    return unscaled.size();
  }

  /**
   * Value i as a double, the one nearest the decimal (as {@code BigDecimal.doubleValue} gives):
   * below 2^53 the unscaled long is a double exactly, and one division by the scale's power of ten
   * (also exact) rounds correctly; above, as rare as a quote volume of billions, through BigDecimal.
   */
  public double get(int i) {
    long value = unscaled.get(i);
    if (value < EXACT && value > -EXACT) {
      return value / divisor;
    }
    return BigDecimal.valueOf(value, scale).doubleValue();
  }

  /** Value i × 10^{@link #scale()}, exact. */
  public long unscaled(int i) {
    return unscaled.get(i);
  }

  public int scale() {
    return scale;
  }

  /** Value i as it was written: the same digits and scale as {@code new BigDecimal(text)}. */
  public BigDecimal decimal(int i) {
    BigDecimal value = BigDecimal.valueOf(unscaled.get(i), scale);
    int written = textScale(i);
    return written == scale ? value : value.setScale(written); // exact: no more decimals than written
  }

  int textScale(int i) {
    return textScales == null ? textScale : textScales[i];
  }

  /** The bytes of its arrays. */
  public long arrayBytes() {
    return unscaled.arrayBytes() + (textScales == null ? 0 : textScales.length);
  }

  /** How the unscaled values are held (see {@link PackedLongs#layout}). */
  public String layout() {
    return unscaled.layout() + (textScales == null ? "" : " + a scale per value");
  }

  /** Its unscaled values. */
  PackedLongs values() {
    return unscaled;
  }

  /** The same decimals over other storage of the same values. */
  DecimalColumn withValues(PackedLongs values) {
    return new DecimalColumn(values, scale, textScale, textScales);
  }

  int headerBytes() {
    return 3 + (textScales == null ? 0 : textScales.length) + PackedLongs.HEADER_BYTES;
  }

  /** Writes the scales and how the values are packed; their bytes are the columns' array's. */
  void writeHeader(ByteBuffer out) {
    out.put((byte) scale).put((byte) textScale).put((byte) (textScales == null ? 0 : 1));
    if (textScales != null) {
      out.put(textScales);
    }
    unscaled.writeHeader(out);
  }

  /** A column as {@link #writeHeader} described it, its values' bytes still to be given. */
  static DecimalColumn readHeader(ByteBuffer in, int size) {
    int scale = in.get();
    int textScale = in.get();
    byte[] textScales = null;
    if (scale < 0 || scale > MAX_SCALE) {
      throw new IllegalArgumentException("no column scale " + scale);
    }
    checkTextScale(textScale, scale);
    if (in.get() != 0) {
      if (in.remaining() < size) {
        throw new IllegalArgumentException("scales of " + size + " values where " + in.remaining() + " bytes remain");
      }
      textScales = new byte[size];
      in.get(textScales);
      for (byte written : textScales) {
        checkTextScale(written, scale);
      }
    }
    return new DecimalColumn(PackedLongs.readHeader(in, size), scale, textScale, textScales);
  }

  /** A value of the column's scale can be given back with this many decimals without rounding. */
  private static void checkTextScale(int textScale, int scale) {
    if (textScale > scale || textScale < -MAX_SCALE) {
      throw new IllegalArgumentException("values of " + scale + " decimals cannot be written with " + textScale);
    }
  }

  /** Collects a column's values, then packs them ({@link #build}). */
  static final class Builder {
    private long[] unscaled;
    private byte[] textScales;
    private int size;
    private int scale;
    private int firstTextScale;
    private boolean varies;

    Builder(int capacity) {
      unscaled = new long[Math.max(capacity, 16)];
      textScales = new byte[unscaled.length];
    }

    /**
     * Adds {@code unscaled × 10^-valueScale}, as {@code new BigDecimal} reads it (a negative scale
     * from an exponent such as 1E+3 included).
     *
     * @throws ArithmeticException when it needs more than {@link #MAX_SCALE} decimals, or does not
     *     fit a long at the column's scale
     */
    void add(long unscaled, int valueScale) {
      if (valueScale >= 0) {
        add(unscaled, valueScale, valueScale);
      } else {
        add(Math.multiplyExact(unscaled, power(-valueScale)), 0, valueScale);
      }
    }

    /** Adds {@code unscaled × 10^-valueScale} (valueScale ≥ 0), to be given back with {@code textScale} decimals. */
    void add(long unscaled, int valueScale, int textScale) {
      if (valueScale > MAX_SCALE || textScale < -MAX_SCALE || textScale > valueScale) {
        throw new ArithmeticException("a value of " + valueScale + " decimals written with " + textScale);
      }
      if (valueScale > scale) {
        long factor = power(valueScale - scale);
        for (int i = 0; i < size; i++) {
          this.unscaled[i] = Math.multiplyExact(this.unscaled[i], factor);
        }
        scale = valueScale;
      }
      if (size == this.unscaled.length) {
        this.unscaled = Arrays.copyOf(this.unscaled, size * 2);
        textScales = Arrays.copyOf(textScales, size * 2);
      }
      this.unscaled[size] = Math.multiplyExact(unscaled, power(scale - valueScale));
      textScales[size] = (byte) textScale;
      if (size == 0) {
        firstTextScale = textScale;
      } else if (textScale != firstTextScale) {
        varies = true;
      }
      size++;
    }

    DecimalColumn build() {
      return new DecimalColumn(PackedLongs.of(unscaled, size), scale, firstTextScale,
          varies ? Arrays.copyOf(textScales, size) : null);
    }

    private static long power(int exponent) {
      if (exponent > MAX_SCALE) {
        throw new ArithmeticException("10^" + exponent + " does not fit a long");
      }
      return POWERS[exponent];
    }
  }
}
