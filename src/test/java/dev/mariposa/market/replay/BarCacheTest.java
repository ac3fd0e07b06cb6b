package dev.mariposa.market.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.market.Kline;
import dev.mariposa.market.bars.BarColumns;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary cache next to a kline CSV, on a real month copied into the test's temp dir (the
 * shared recordings are never written): written on the first read, used while the CSV keeps its
 * size and time, rewritten when either changes or the cache is truncated, corrupt or foreign; a
 * directory that cannot take it reads without one.
 */
class BarCacheTest {
  private static final String MONTH = "binance/klines/months/BTCUSDT-5m-2024-02.csv";
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  @TempDir
  Path dir;
  Path csv;
  Path cache;
  List<Kline> expected;

  @BeforeEach
  void copyTheMonth() throws IOException {
    Path shared = SharedData.require(MONTH);
    csv = Files.copy(shared, dir.resolve(shared.getFileName()));
    cache = dir.resolve("BTCUSDT-5m-2024-02.csv.bars");
    expected = LegacyKlineCsv.read(shared);
  }

  @Test
  void theFirstReadWritesTheCacheAndTheNextOnesUseIt() throws IOException {
    assertThat(cache).doesNotExist();
    assertThat(KlineCsv.read(csv)).isEqualTo(expected);
    assertThat(cache).isRegularFile();
    assertThat(Files.size(cache)).as("a compact cache: %s bytes for %s of CSV", Files.size(cache), Files.size(csv))
        .isLessThan(Files.size(csv) / 3);
    Files.setLastModifiedTime(cache, LONG_AGO);
    byte[] written = Files.readAllBytes(cache);

    assertThat(KlineCsv.read(csv)).isEqualTo(expected);
    assertThat(Files.getLastModifiedTime(cache)).as("read, not rewritten").isEqualTo(LONG_AGO);
    assertThat(Files.readAllBytes(cache)).isEqualTo(written);

    // A change the cache cannot see (same size, same time) proves the bars came from the cache.
    FileTime csvTime = Files.getLastModifiedTime(csv);
    Files.writeString(csv, Files.readString(csv).replaceFirst("42687\\.63", "42687.64"));
    Files.setLastModifiedTime(csv, csvTime);
    assertThat(KlineCsv.read(csv)).isEqualTo(expected);
  }

  @Test
  void aTouchedCsvIsReadAgainAndRecached() throws IOException {
    KlineCsv.read(csv);
    Files.setLastModifiedTime(cache, LONG_AGO);
    Files.setLastModifiedTime(csv, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(KlineCsv.read(csv)).isEqualTo(expected);
    assertThat(Files.getLastModifiedTime(cache)).as("rewritten").isNotEqualTo(LONG_AGO);
    Files.setLastModifiedTime(cache, LONG_AGO);
    assertThat(KlineCsv.read(csv)).isEqualTo(expected);
    assertThat(Files.getLastModifiedTime(cache)).as("the new cache is used").isEqualTo(LONG_AGO);
  }

  @Test
  void aChangedCsvGivesItsNewBars() throws IOException {
    KlineCsv.read(csv);
    String first = Files.readAllLines(csv).get(0);
    String changed = first.replaceFirst(",([0-9.]+),", ",12345.67000000,");
    Files.writeString(csv, Files.readString(csv).replace(first, changed + "\n" + first.replace("1706745600000", "1706745300000")));

    List<Kline> bars = KlineCsv.read(csv);
    assertThat(bars).hasSize(expected.size() + 1).isEqualTo(LegacyKlineCsv.read(csv));
    assertThat(bars.get(0).open()).isEqualTo(new java.math.BigDecimal("12345.67000000"));
    assertThat(BarCache.readCache(csv, cache, Files.size(csv), Files.getLastModifiedTime(csv).to(
        java.util.concurrent.TimeUnit.NANOSECONDS))).as("the cache is of the new CSV").isPresent();
  }

  @Test
  void aTruncatedCorruptOrForeignCacheIsReadPastAndRewritten() throws IOException {
    KlineCsv.read(csv);
    byte[] good = Files.readAllBytes(cache);

    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    byte[] flipped = good.clone();
    flipped[flipped.length - 100] ^= 0x10;
    byte[] otherVersion = good.clone();
    otherVersion[4] = (byte) (BarCache.VERSION + 1);
    byte[] headerOnly = java.util.Arrays.copyOf(good, BarCache.HEADER_BYTES);
    for (byte[] bad : List.of(truncated, flipped, otherVersion, headerOnly, "not a cache at all".getBytes(), new byte[0])) {
      Files.write(cache, bad);
      Files.setLastModifiedTime(cache, LONG_AGO);
      assertThat(KlineCsv.read(csv)).isEqualTo(expected);
      assertThat(Files.readAllBytes(cache)).as("rewritten whole").isEqualTo(good);
    }
    // Another file's cache under this name: the names inside it do not match.
    Path eth = Files.copy(SharedData.require("binance/klines/months/ETHUSDT-5m-2024-02.csv"),
        Files.createDirectories(dir.resolve("eth")).resolve("ETHUSDT-5m-2024-02.csv"));
    KlineCsv.read(eth);
    Path renamed = Files.copy(eth, dir.resolve("eth/BTCUSDT-5m-2024-02.csv"));
    Files.setLastModifiedTime(renamed, Files.getLastModifiedTime(eth)); // the header matches: only the names tell
    Files.copy(BarCache.fileOf(eth), BarCache.fileOf(renamed));
    assertThat(KlineCsv.read(renamed).get(0).symbol()).isEqualTo("BTCUSDT");
  }

  /** A directory whose mode grants no write (as the shared recordings'), root or not: no cache, the bars all the same. */
  @Test
  void aReadOnlyDirectoryReadsWithoutACache() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThat(KlineCsv.read(csv)).isEqualTo(expected);
      assertThat(KlineCsv.read(csv)).isEqualTo(expected);
      assertThat(cache).doesNotExist();
      assertThat(BarCache.reported(dir)).as("said once in the log").isTrue();
      try (var listed = Files.list(dir)) {
        assertThat(listed).as("no temporary file either").containsExactly(csv);
      }
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** A cache that cannot be written (here: a directory holds its name) costs the cache only. */
  @Test
  void aFailedWriteReadsWithoutACache() throws IOException {
    Files.createDirectories(cache.resolve("in-the-way"));
    assertThat(KlineCsv.read(csv)).isEqualTo(expected);
    assertThat(cache).isDirectory();
    assertThat(BarCache.reported(dir)).isTrue();
    try (var listed = Files.list(dir)) {
      assertThat(listed).as("the temporary file removed").containsExactlyInAnyOrder(csv, cache);
    }
  }

  @Test
  void theSharedRecordingsAreNeverWritten() {
    Path months = SharedData.require(MONTH).toAbsolutePath().getParent();
    assertThat(BarCache.refusal(months)).isNotNull();
  }

  @Test
  void columnsCarryTheBarsAndTheCacheIsNoReplayInput() throws IOException {
    BarColumns columns = KlineCsv.columns(csv);
    assertThat(columns.size()).isEqualTo(expected.size());
    assertThat(columns.close(0)).isEqualTo(expected.get(0).close().doubleValue());
    assertThat(KlineCsv.columns(csv).klines()).isEqualTo(expected);
    assertThat(BarCache.isCacheFile(cache)).isTrue();
    assertThat(BarCache.isCacheFile(dir.resolve("BTCUSDT-5m-2024-02.csv.bars.123456.tmp"))).isTrue();
    assertThat(BarCache.isCacheFile(csv)).isFalse();
    assertThat(KlineCsv.matches(cache)).isFalse();
  }
}
