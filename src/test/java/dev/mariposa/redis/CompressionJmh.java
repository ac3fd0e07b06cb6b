package dev.mariposa.redis;

import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cache codec on the largest values Mariposa caches, built from the real recordings: the
 * top-20 book of BTCAUD (the 2021-04-05 REST snapshot, as the feed publishes it), and 100 and 1000
 * BTCUSDT 1m bars (2024-09-21) as a JSON array, the klines API's answer. Encode (JSON bytes to the
 * stored form: LZ4 above the threshold) and decode (back to JSON bytes); {@link #main} prints each
 * value's sizes. Run by bench/hotcold.sh (the data folder comes from -Dmariposa.shared.data).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionJmh {
  @Param({"book20", "bars100", "bars1000"})
  public String value;

  private final ValueCodec codec = new ValueCodec(1024, new SimpleMeterRegistry());
  private Buffer json;
  private Buffer stored;

  @Setup(Level.Trial)
  public void load() throws IOException {
    json = values(Path.of(System.getProperty("mariposa.shared.data", "../shared/data"))).get(value).toBuffer();
    stored = codec.encode(json);
  }

  @Benchmark
  public Buffer encode() {
    return codec.encode(json);
  }

  @Benchmark
  public Buffer decode() {
    return codec.decode(stored);
  }

  /** The JSON values, by name. */
  static java.util.Map<String, JsonObject> values(Path data) throws IOException {
    // The top 20 levels of the snapshot, as OrderBook.depth publishes them: [price, quantity] numbers.
    JsonObject snapshot = new JsonObject(Files.readString(data.resolve("binance/rest/depth_snapshot_2021-04-05_BTCAUD.json")));
    JsonObject top20 = new JsonObject().put("symbol", "BTCAUD").put("lastUpdateId", snapshot.getLong("lastUpdateId"))
        .put("bids", top(snapshot.getJsonArray("bids"))).put("asks", top(snapshot.getJsonArray("asks")))
        .put("exchangeTime", 1_617_580_800_000L).put("receivedAt", 1_617_580_800_012L).put("source", "binance");
    List<Kline> day = KlineCsv.read(data.resolve("binance/klines/BTCUSDT-1m-2024-09-21.csv"));
    JsonArray bars100 = new JsonArray();
    JsonArray bars1000 = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      JsonObject bar = day.get(i).toJson(day.get(i).closeTime() + 12, "replay");
      bars1000.add(bar);
      if (i >= 900) {
        bars100.add(bar);
      }
    }
    return java.util.Map.of("book20", top20, "bars100", new JsonObject().put("symbol", "BTCUSDT").put("interval", "1m")
        .put("klines", bars100), "bars1000", new JsonObject().put("symbol", "BTCUSDT").put("interval", "1m").put("klines", bars1000));
  }

  private static JsonArray top(JsonArray levels) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < Math.min(20, levels.size()); i++) {
      JsonArray level = levels.getJsonArray(i);
      out.add(new JsonArray().add(Double.parseDouble(level.getString(0))).add(Double.parseDouble(level.getString(1))));
    }
    return out;
  }

  /** Prints {@code SIZE <name> <json bytes> <stored bytes>} per value. */
  public static void main(String[] args) throws IOException {
    ValueCodec codec = new ValueCodec(1024, new SimpleMeterRegistry());
    var values = values(Path.of(args.length > 0 ? args[0] : "../shared/data"));
    for (String name : List.of("book20", "bars100", "bars1000")) {
      Buffer json = values.get(name).toBuffer();
      System.out.printf("SIZE %s %d %d%n", name, json.length(), codec.encode(json).length());
    }
  }
}
