package dev.mariposa.market.replay;

import dev.mariposa.market.bars.BarColumns;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kline CSV's bars kept in binary next to it ({@code BTCUSDT-5m-2024-01.csv.bars}): written on
 * the first read, read back in bulk on the next ones while the CSV keeps its size and modification
 * time. The cache file names its format version and the CSV's size and time, and a CRC32 of its
 * columns: a cache of another version, of another state of the CSV, truncated, corrupt or foreign
 * is never used, but read past and rewritten. A directory that cannot be written (read-only to its
 * user, or whose mode grants no write bit, as a shared read-only data folder, even to root) gets no
 * cache: its CSVs are parsed on each read, said once per directory in the log, and nothing fails.
 * Written to a temporary file then moved into place, so a reader never sees half a cache.
 */
public final class BarCache {
  private static final Logger LOG = LoggerFactory.getLogger(BarCache.class);
  /** The cache file of {@code X.csv} is {@code X.csv.bars}. */
  public static final String SUFFIX = ".bars";
  /**
   * Directories under which no cache is written, separated by the path separator (the tests name
   * the shared recordings, which they must never change).
   */
  public static final String NO_CACHE_UNDER = "mariposa.bars.noCacheUnder";
  /** "MBAR". */
  private static final int MAGIC = 0x4D424152;
  /** Raised with any change to the layout of the file or of the columns. */
  static final int VERSION = 1;
  /** magic, version, CSV size, CSV modification time, columns' length, columns' CRC32. */
  static final int HEADER_BYTES = 4 + 4 + 8 + 8 + 4 + 4;
  private static final Set<PosixFilePermission> WRITE_BITS =
      Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final Set<Path> REPORTED = ConcurrentHashMap.newKeySet();

  private BarCache() {}

  /** The cache file of a CSV. */
  public static Path fileOf(Path csv) {
    return csv.resolveSibling(csv.getFileName() + SUFFIX);
  }

  /** A cache file, or a cache being written: no replay input (a listed data directory leaves it out). */
  public static boolean isCacheFile(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".csv" + SUFFIX) || name.contains(".csv" + SUFFIX + ".") && name.endsWith(".tmp");
  }

  /**
   * The CSV's bars: from its cache when that is current, else parsed from the CSV, and then cached
   * where the directory allows it. Blocking.
   *
   * @throws IOException the CSV cannot be read, or holds a line that is no bar (the message names
   *     the file and the line)
   */
  public static BarColumns read(Path csv) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(csv, BasicFileAttributes.class);
    long size = attributes.size();
    long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Path cache = fileOf(csv);
    Optional<BarColumns> cached = readCache(csv, cache, size, modified);
    if (cached.isPresent()) {
      return cached.get();
    }
    BarColumns bars = KlineCsvParser.parse(csv);
    write(cache, bars, size, modified);
    return bars;
  }

  /** The columns of a current cache of the CSV; empty when there is none, or it is not one. */
  static Optional<BarColumns> readCache(Path csv, Path cache, long csvSize, long csvModified) {
    if (!Files.isRegularFile(cache)) {
      return Optional.empty();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(cache)).order(ByteOrder.LITTLE_ENDIAN);
      String not = notCurrent(in, csvSize, csvModified);
      if (not != null) {
        LOG.debug("Bar cache: {} {}: parsing {}", cache.getFileName(), not, csv.getFileName());
        return Optional.empty();
      }
      BarColumns bars = BarColumns.read(in);
      if (in.hasRemaining() || !bars.symbol().equals(KlineCsv.symbol(csv))
          || !bars.interval().equals(KlineCsv.interval(csv))) {
        throw new IllegalArgumentException("columns of another file");
      }
      return Optional.of(bars);
    } catch (IOException | RuntimeException e) {
      LOG.info("Bar cache: {} is no cache of {} ({}): parsing the CSV", cache.getFileName(), csv.getFileName(),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      return Optional.empty();
    }
  }

  /** Why the header is not that of a current cache of the CSV, or null when it is; the buffer left at the columns. */
  private static String notCurrent(ByteBuffer in, long csvSize, long csvModified) {
    if (in.remaining() < HEADER_BYTES || in.getInt() != MAGIC) {
      throw new IllegalArgumentException("not a bar cache");
    }
    int version = in.getInt();
    if (version != VERSION) {
      return "is of format " + version + ", not " + VERSION;
    }
    if (in.getLong() != csvSize || in.getLong() != csvModified) {
      return "is of an older state of the CSV";
    }
    int length = in.getInt();
    int crc = in.getInt();
    if (length != in.remaining()) {
      throw new IllegalArgumentException("truncated: " + in.remaining() + " bytes of columns where " + length
          + " were written");
    }
    CRC32 check = new CRC32();
    check.update(in.duplicate());
    if ((int) check.getValue() != crc) {
      throw new IllegalArgumentException("corrupt: its CRC32 does not match");
    }
    return null;
  }

  /** Writes the cache where the directory allows it; says once per directory why not, and never fails. */
  static void write(Path cache, BarColumns bars, long csvSize, long csvModified) {
    Path dir = cache.toAbsolutePath().getParent();
    String refusal = refusal(dir);
    if (refusal != null) {
      reportOnce(dir, refusal);
      return;
    }
    Path tmp = null;
    try {
      int length = bars.encodedSize();
      ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + length).order(ByteOrder.LITTLE_ENDIAN);
      out.position(HEADER_BYTES);
      bars.write(out);
      CRC32 crc = new CRC32();
      crc.update(out.array(), HEADER_BYTES, length);
      out.position(0);
      out.putInt(MAGIC).putInt(VERSION).putLong(csvSize).putLong(csvModified).putInt(length).putInt((int) crc.getValue());
      tmp = Files.createTempFile(dir, cache.getFileName() + ".", ".tmp");
      Files.write(tmp, out.array());
      move(tmp, cache);
      tmp = null;
    } catch (IOException | RuntimeException e) {
      reportOnce(dir, "the cache could not be written: " + e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // left behind: a later write goes to another temporary name
        }
      }
    }
  }

  private static void move(Path tmp, Path cache) throws IOException {
    try {
      Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Why no cache is written in the directory, or null when one may be. */
  static String refusal(Path dir) {
    for (String under : System.getProperty(NO_CACHE_UNDER, "").split(File.pathSeparator)) {
      if (!under.isBlank() && dir.normalize().startsWith(Path.of(under).toAbsolutePath().normalize())) {
        return "no cache is written under " + under + " (" + NO_CACHE_UNDER + ")";
      }
    }
    if (!Files.isWritable(dir)) {
      return "the directory is not writable";
    }
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      Set<PosixFilePermission> mode = posix == null ? null : posix.readAttributes().permissions();
      if (mode != null && mode.stream().noneMatch(WRITE_BITS::contains)) {
        return "the directory's mode grants no write (" + PosixFilePermissions.toString(mode) + ")";
      }
    } catch (IOException e) {
      return "its mode cannot be read: " + e.getMessage();
    }
    return null;
  }

  private static void reportOnce(Path dir, String why) {
    if (REPORTED.add(dir)) {
      LOG.info("Bar cache: kline CSVs in {} are read without a cache: {}", dir, why);
    }
  }

  /** For tests: whether the directory was reported. */
  static boolean reported(Path dir) {
    return REPORTED.contains(dir.toAbsolutePath());
  }
}
