package dev.mariposa.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * How a value is stored in Redis: JSON bytes as they are, or, when longer than the threshold,
 * an LZ4 block behind a marker. The stored form of a compressed value is
 *
 * <pre>
 *   0xFF 'M' 'Z' 0x01 | original length, 4 bytes big-endian | LZ4 block (lz4-java, raw block format)
 * </pre>
 *
 * 0xFF never occurs in UTF-8 and JSON text is UTF-8 (RFC 8259), so no JSON value starts with it:
 * a reader tells the two forms apart by the first byte, and values written before compression
 * existed (plain JSON) still read. The fourth byte is the format version. A value whose block
 * would not be smaller than the JSON is stored as JSON. Thread-safe (the LZ4 instances are).
 */
public final class ValueCodec {
  static final byte[] MAGIC = {(byte) 0xFF, 'M', 'Z', 1};
  private static final int HEADER = MAGIC.length + 4;
  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

  private final int threshold;
  private final LZ4Compressor compressor = LZ4.fastCompressor();
  private final LZ4SafeDecompressor decompressor = LZ4.safeDecompressor();
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final Counter compressed;
  private final Timer compressTime;
  private final Timer decompressTime;

  /** Values longer than {@code thresholdBytes} are compressed; 0 turns compression off. */
  public ValueCodec(int thresholdBytes, MeterRegistry registry) {
    this.threshold = thresholdBytes;
    this.bytesIn = Counter.builder("mariposa.cache.compression.bytes").tag("side", "json")
        .description("Bytes of the JSON values that were compressed, before and after (side=json, side=stored)")
        .register(registry);
    this.bytesOut = Counter.builder("mariposa.cache.compression.bytes").tag("side", "stored")
        .description("Bytes of the JSON values that were compressed, before and after (side=json, side=stored)")
        .register(registry);
    this.compressed = Counter.builder("mariposa.cache.compression.values")
        .description("Values stored compressed in Redis").register(registry);
    this.compressTime = Timer.builder("mariposa.cache.compression.time").tag("op", "compress")
        .description("Time spent compressing and decompressing cached values").register(registry);
    this.decompressTime = Timer.builder("mariposa.cache.compression.time").tag("op", "decompress")
        .description("Time spent compressing and decompressing cached values").register(registry);
  }

  public int threshold() {
    return threshold;
  }

  /** The stored form of {@code value}. */
  public Buffer encode(JsonObject value) {
    return encode(value.toBuffer());
  }

  /** The stored form of JSON bytes: compressed when longer than the threshold and it pays. */
  public Buffer encode(Buffer json) {
    int length = json.length();
    if (threshold <= 0 || length <= threshold) {
      return json;
    }
    long started = System.nanoTime();
    byte[] src = json.getBytes();
    byte[] out = new byte[HEADER + compressor.maxCompressedLength(length)];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[4] = (byte) (length >>> 24);
    out[5] = (byte) (length >>> 16);
    out[6] = (byte) (length >>> 8);
    out[7] = (byte) length;
    int size = compressor.compress(src, 0, length, out, HEADER, out.length - HEADER);
    compressTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    if (HEADER + size >= length) {
      return json;
    }
    compressed.increment();
    bytesIn.increment(length);
    bytesOut.increment(HEADER + size);
    return Buffer.buffer(java.util.Arrays.copyOf(out, HEADER + size));
  }

  /** The JSON bytes of a stored value, compressed or not. */
  public Buffer decode(Buffer stored) {
    if (!isCompressed(stored)) {
      return stored;
    }
    if (stored.getByte(3) != MAGIC[3]) {
      throw new IllegalArgumentException("unknown compressed value format " + stored.getByte(3));
    }
    long started = System.nanoTime();
    int length = stored.getInt(4);
    byte[] src = stored.getBytes();
    byte[] out = new byte[length];
    int got = decompressor.decompress(src, HEADER, src.length - HEADER, out, 0, length);
    if (got != length) {
      throw new IllegalArgumentException("compressed value: " + got + " bytes, the header says " + length);
    }
    decompressTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    return Buffer.buffer(out);
  }

  /** A stored value decoded as JSON. */
  public JsonObject decodeJson(Buffer stored) {
    return new JsonObject(decode(stored));
  }

  /** True when {@code stored} begins with the marker (its first three bytes). */
  public static boolean isCompressed(Buffer stored) {
    return stored.length() >= HEADER && stored.getByte(0) == MAGIC[0] && stored.getByte(1) == MAGIC[1]
        && stored.getByte(2) == MAGIC[2];
  }
}
