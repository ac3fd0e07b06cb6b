package dev.mariposa.market.bars;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One column of longs in the fewest bytes that hold it exactly: each value is
 * {@code base + unit × offset}, where base is the column's least value, unit the greatest common
 * step of the values above it, and the offsets are stored in as many bytes as the largest needs,
 * 0 to 8. So a close time always 59,999 ms after the open or a quote volume of 0 throughout takes
 * no bytes per value, a year of open times a minute apart 3, prices on their tick 3, a volume 4
 * or 5. Reading value i is one unaligned 8-byte load, a mask, a multiply and an add.
 */
public final class PackedLongs {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Bytes after the last value, so that the 8-byte load of the last one stays in the array. */
  static final int PADDING = Long.BYTES;

  private final int size;
  private final long base;
  private final long unit;
  private final int width;
  private final long mask;
  /** The values from {@link #start} on: this column's own array, or one that its {@link BarColumns} share. */
  private final byte[] packed;
  private final int start;

  private PackedLongs(int size, long base, long unit, int width, byte[] packed, int start) {
    this.size = size;
    this.base = base;
    this.unit = unit;
    this.width = width;
    this.mask = width == 0 ? 0 : -1L >>> (64 - 8 * width);
    this.packed = packed;
    this.start = start;
  }

  /** The first {@code size} values, packed (copied: the array may be reused). */
  public static PackedLongs of(long[] source, int size) {
    if (size == 0) {
      return new PackedLongs(0, 0, 1, 0, new byte[PADDING], 0);
    }
    long min = source[0];
    long max = source[0];
    for (int i = 1; i < size; i++) {
      min = Math.min(min, source[i]);
      max = Math.max(max, source[i]);
    }
    long spread = max - min;
    long base = min;
    long unit = 1;
    if (spread < 0) { // the spread overflows a long: the values as they are, in 8 bytes
      base = 0;
      spread = -1;
    } else if (spread > 0) {
      unit = spread;
      for (int i = 0; i < size && unit != 1; i++) {
        long d = source[i] - min;
        if (d % unit != 0) { // one division a value while the step holds
          unit = gcd(unit, d);
        }
      }
      spread /= unit;
    }
    int width = (64 - Long.numberOfLeadingZeros(spread) + 7) / 8;
    byte[] packed = new byte[size * width + PADDING];
    for (int i = 0; i < size; i++) {
      // 8 bytes, little-endian: the offset's low bytes, then zeros that the next value overwrites
      LONGS.set(packed, i * width, (source[i] - base) / unit);
    }
    return new PackedLongs(size, base, unit, width, packed, 0);
  }

  /**
   * The same column with its values copied into {@code shared} from {@code at} on (one array for
   * all the columns of a {@link BarColumns}: one allocation, where a collector that gives each
   * large array whole regions of its own would waste part of one per column).
   */
  PackedLongs copyInto(byte[] shared, int at) {
    System.arraycopy(packed, start, shared, at, dataBytes());
    return new PackedLongs(size, base, unit, width, shared, at);
  }

  /** A column whose values {@link #readHeader} read, and whose bytes are in {@code shared} from {@code at} on. */
  PackedLongs over(byte[] shared, int at) {
    if ((long) at + dataBytes() + PADDING > shared.length) {
      throw new IllegalArgumentException("a column of " + dataBytes() + " bytes beyond the columns' end");
    }
    return new PackedLongs(size, base, unit, width, shared, at);
  }

  /** The bytes of its values, its share of the columns' array. */
  int dataBytes() {
    return size * width;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  public int size() {
    return size;
  }

  public long get(int i) {
    Objects.checkIndex(i, size);
    return base + unit * ((long) LONGS.get(packed, start + i * width) & mask);
  }

  /** The bytes of its values (a shared array adds 8 of padding once). */
  public long arrayBytes() {
    return dataBytes();
  }

  /** How many bytes each value takes: 0 (every value the same) to 8. */
  public int width() {
    return width;
  }

  /** How the column is held, e.g. {@code 3 bytes}, for the benches and tests. */
  public String layout() {
    return width == 0 ? "constant" : width + (width == 1 ? " byte" : " bytes");
  }

  static final int HEADER_BYTES = 1 + 8 + 8;

  /** Writes how the values are packed; their bytes are the columns' array's. */
  void writeHeader(ByteBuffer out) {
    out.put((byte) width).putLong(base).putLong(unit);
  }

  /** A column of {@code size} values as {@link #writeHeader} described it, its bytes still to be given ({@link #over}). */
  static PackedLongs readHeader(ByteBuffer in, int size) {
    int width = in.get();
    long base = in.getLong();
    long unit = in.getLong();
    if (width < 0 || width > 8 || unit <= 0) {
      throw new IllegalArgumentException("no column of " + width + " bytes a value in steps of " + unit);
    }
    if ((long) size * width > Integer.MAX_VALUE - PADDING) {
      throw new IllegalArgumentException("a column of " + size + " values of " + width + " bytes");
    }
    return new PackedLongs(size, base, unit, width, null, 0);
  }

  /** The array for columns of {@code bytes} bytes of values in all. */
  static byte[] sharedArray(long bytes) {
    if (bytes > Integer.MAX_VALUE - PADDING) {
      throw new IllegalArgumentException("columns of " + bytes + " bytes");
    }
    return new byte[(int) bytes + PADDING];
  }
}
