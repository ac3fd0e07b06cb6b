package dev.mariposa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mariposa.config.MariposaConfig.MarketSource;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REPLAY_FILES are recognised before anything starts, from each file's name and first lines as
 * ReplayFiles reads them: a file of no known kind, or files with nothing to replay, stop startup
 * with one line naming the file and what was expected (the feed used to fail after startup, with
 * a stack trace, leaving an instance UP with no data).
 */
class ReplayFilesConfigTest {
  private static final String BAR = "1726876800000,63201.05,63201.06,63186.00,63196.00,10.911,1726876859999,689505.83,2464,6.949,439120.77,0\n";
  private static final String MESSAGE = "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1617647603472,"
      + "\"s\":\"BTCUSDT\",\"p\":\"58000.1\",\"q\":\"0.01\",\"T\":1617647603470,\"m\":false}}\n";
  private static final String SNAPSHOT = "{\"lastUpdateId\":155214631,\"bids\":[[\"1.0\",\"2.0\"]],\"asks\":[[\"1.1\",\"2.0\"]]}";

  @TempDir
  Path dir;

  private static String error(Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.from(ConfigLoader.defaults(), env));
    assertThat(e).as("refused: %s", env).isNotNull();
    assertThat(e.getMessage()).startsWith("Invalid configuration: ").doesNotContain("\n");
    return e.getMessage();
  }

  private static Map<String, String> replay(Path... files) {
    StringBuilder list = new StringBuilder();
    for (Path file : files) {
      list.append(list.length() == 0 ? "" : ",").append(file);
    }
    return Map.of("MARKET_SOURCE", "replay", "REPLAY_FILES", list.toString());
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void aFileOfNoKnownKindIsNamedWithWhatWasExpected() throws IOException {
    Path notes = file("notes.txt", "hello world\nthis is not market data\n");
    assertThat(error(replay(notes))).isEqualTo("Invalid configuration: REPLAY_FILES=" + notes + " is invalid: expected "
        + "a kline CSV named SYMBOL-INTERVAL-DATE.csv, a recorded stream file (one {\"stream\",\"data\"} message per line)"
        + " or a depth snapshot named ..._SYMBOL.json");
  }

  @Test
  void aKlineCsvWhoseFirstRowIsNoBarSaysWhy() throws IOException {
    Path csv = file("BTCUSDT-1m-2024-09-21.csv", "1726876800000,63201.05,63201.06\n");
    assertThat(error(replay(csv))).contains("REPLAY_FILES=" + csv, "expected a kline CSV of 12 comma-separated columns",
        "BTCUSDT-1m-2024-09-21.csv:1: expected 12 columns, found 3");
    Path letters = file("ETHUSDT-1m-2024-09-21.csv", "open_time,open\n1726876800000,a,b,c,d,e,f,g,h,i,j,k\n");
    assertThat(error(replay(letters))).contains("REPLAY_FILES=" + letters, "ETHUSDT-1m-2024-09-21.csv:2");
    Path empty = file("SOLUSDT-1m-2024-09-21.csv", "");
    assertThat(error(replay(empty))).contains("REPLAY_FILES=" + empty, "holds no bars");
  }

  @Test
  void aZipDownloadIsToBeUnpackedFirst() throws IOException {
    Path zip = Files.write(dir.resolve("BTCUSDT-1m-2024-09-21.zip"), new byte[] {0x50, 0x4b, 0x03, 0x04, (byte) 0xff});
    assertThat(error(replay(zip))).contains("REPLAY_FILES=" + zip, "unpack BTCUSDT-1m-2024-09-21.zip first");
  }

  @Test
  void binaryContentIsNotText() throws IOException {
    Path binary = Files.write(dir.resolve("capture.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
    assertThat(error(replay(binary))).contains("REPLAY_FILES=" + binary, "(this is not text)");
  }

  /** A raw stream (no {"stream","data"} wrapper), such as a Binance.US depth recording, is no recorded stream file. */
  @Test
  void messagesWithoutTheCombinedStreamWrapperAreRefused() throws IOException {
    Path raw = file("btcusdt_depth_raw.jsonl", "{\"e\":\"depthUpdate\",\"E\":1752433492288,\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,"
        + "\"b\":[],\"a\":[]}\n".repeat(3));
    assertThat(error(replay(raw))).contains("REPLAY_FILES=" + raw, "a recorded stream file (one {\"stream\",\"data\"}");
  }

  @Test
  void aDirectoryIsNoFile() {
    assertThat(error(replay(dir))).contains("REPLAY_FILES=" + dir, "readable files");
  }

  @Test
  void depthSnapshotsAloneHoldNothingToReplay() throws IOException {
    Path snapshot = file("depth_snapshot_2021-04-05_BTCAUD.json", SNAPSHOT);
    assertThat(error(replay(snapshot))).contains("REPLAY_FILES is invalid: expected a kline CSV or a recorded stream file"
        + " among them: depth snapshots alone hold no symbol to replay");
  }

  @Test
  void everyBadFileIsNamedOnTheSameLine() throws IOException {
    Path good = file("BTCUSDT-1m-2024-09-21.csv", BAR);
    Path notes = file("notes.txt", "x\n");
    Path other = file("readme.md", "# y\n");
    String message = error(replay(good, notes, other));
    assertThat(message).contains("REPLAY_FILES=" + notes, "REPLAY_FILES=" + other).doesNotContain("REPLAY_FILES=" + good);
  }

  @Test
  void klinesStreamsAndSnapshotsAreAccepted() throws IOException {
    Path csv = file("BTCUSDT-1m-2024-09-21.csv", "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
        + "taker_buy_volume,taker_buy_quote_volume,ignore\n" + BAR);
    Path stream = file("capture.jsonl", "\nnot a message\n" + MESSAGE);
    Path snapshot = file("depth_snapshot_2021-04-05_BTCUSDT.json", SNAPSHOT);
    MariposaConfig config = ConfigLoader.from(ConfigLoader.defaults(), replay(csv, stream, snapshot));
    assertThat(config.market().source()).isEqualTo(MarketSource.REPLAY);
    assertThat(config.market().replayFiles()).containsExactly(csv, stream, snapshot);
    assertThat(ReplayFiles.read(config.market().replayFiles()).symbols()).containsExactly("BTCUSDT");
  }

  /** The real recordings the tests replay are recognised as what they are. */
  @Test
  void theSharedRecordingsAreRecognised() throws IOException {
    assertThat(ReplayFiles.kind(SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv")))
        .isEqualTo(ReplayFiles.Kind.KLINES);
    assertThat(ReplayFiles.kind(SharedData.require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl")))
        .isEqualTo(ReplayFiles.Kind.STREAM);
    assertThat(ReplayFiles.kind(SharedData.require("binance/rest/depth_snapshot_2021-04-05_BTCAUD.json")))
        .isEqualTo(ReplayFiles.Kind.DEPTH_SNAPSHOT);
  }

  /** The feed reads with the same rules: a file that is none of the kinds fails it with the same words. */
  @Test
  void theFullReadSaysTheSame() throws IOException {
    Path notes = file("notes.txt", "hello\n");
    IOException e = catchThrowableOfType(IOException.class, () -> ReplayFiles.read(java.util.List.of(notes)));
    assertThat(e).hasMessage("notes.txt is not replay input: expected " + ReplayFiles.EXPECTED);
  }
}
