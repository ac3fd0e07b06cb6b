package dev.mariposa.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real recordings in ../shared/data (or -Dmariposa.shared.data). They are not part of the
 * project: a test that needs them skips with the reason where they are absent (CI has them).
 */
public final class SharedData {
  private SharedData() {}

  public static Path dir() {
    return Path.of(System.getProperty("mariposa.shared.data", "../shared/data"));
  }

  /**
   * REPLAY_FILES for a real day of BTCUSDT bars and real BTCAUD tickers, books and trades: the
   * day's klines, then {@link #captureReplay} of BTCAUD, comma-separated.
   */
  public static String barsAndBtcaudReplay(Path dir) throws IOException {
    Path bars = require("binance/klines/BTCUSDT-1m-2024-09-21.csv");
    return String.join(",", bars.toString(), captureReplay(dir, "BTCAUD"));
  }

  /**
   * REPLAY_FILES for one symbol of the 2021-04-05 capture: its lines (written into {@code dir}:
   * the other nine symbols would cost CPU and show nothing more) and its depth snapshot.
   */
  public static String captureReplay(Path dir, String symbol) throws IOException {
    Path capture = require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl");
    Path snapshot = require("binance/rest/depth_snapshot_2021-04-05_" + symbol + ".json");
    Path lines = dir.resolve(symbol.toLowerCase() + "-2021-04-05.jsonl");
    try (var all = Files.lines(capture)) {
      Files.write(lines, all.filter(line -> line.contains("\"stream\":\"" + symbol.toLowerCase() + "@")).toList());
    }
    return String.join(",", lines.toString(), snapshot.toString());
  }

  /** The file under the data folder, or the calling test is skipped saying why. */
  public static Path require(String relative) {
    Path file = dir().resolve(relative);
    Assumptions.assumeTrue(Files.isReadable(file),
        "skipped: recording " + file + " not found (set -Dmariposa.shared.data to the shared/data folder)");
    return file;
  }

  /** A JSON recording under the data folder, or an empty object when absent (a fake serving it; a test that needs it skips through {@link #require}). */
  public static JsonObject jsonOrEmpty(String relative) {
    Path file = dir().resolve(relative);
    if (!Files.isReadable(file)) {
      return new JsonObject();
    }
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
