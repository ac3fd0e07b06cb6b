package dev.mariposa.redis;

import dev.mariposa.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compression of large cached values, against a real redis-server: the stored bytes and what readers get back. */
@ExtendWith(VertxExtension.class)
class CompressedCacheTest {
  private static final int THRESHOLD = 1024;
  private static final RedisKeys KEYS = new RedisKeys("test:");
  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass().flushedBeforeEach();
  private SimpleMeterRegistry meters;
  private JsonCache cache;

  @BeforeEach
  void newCache() {
    meters = new SimpleMeterRegistry();
    cache = new JsonCache(redis.connections(), new ValueCodec(THRESHOLD, meters), meters);
  }

  @Test
  void aLargeValueIsStoredCompressedAndReadsBackEqual() {
    JsonObject book = book(20);
    assertThat(book.toBuffer().length()).isGreaterThan(THRESHOLD);
    String key = KEYS.key("market:", "book", "BTCUSDT");
    cache.put(key, book, Duration.ofSeconds(5)).await();

    Buffer stored = raw(key);
    assertThat(ValueCodec.isCompressed(stored)).isTrue();
    assertThat(stored.getBytes(0, 4)).containsExactly(0xFF, 'M', 'Z', 1);
    assertThat(stored.getInt(4)).as("the original length in the header").isEqualTo(book.toBuffer().length());
    assertThat(stored.length()).isLessThan(book.toBuffer().length());

    assertThat(cache.get(key).await()).contains(book);
    assertThat(cache.getAll(List.of(key, KEYS.key("market:", "book", "NONE"))).await())
        .containsExactly(Optional.of(book), Optional.empty());
    double json = meters.counter("mariposa.cache.compression.bytes", "side", "json").count();
    double kept = meters.counter("mariposa.cache.compression.bytes", "side", "stored").count();
    assertThat(json).isEqualTo(book.toBuffer().length());
    assertThat(kept).isEqualTo(stored.length());
    assertThat(meters.timer("mariposa.cache.compression.time", "op", "compress").count()).isEqualTo(1);
    assertThat(meters.timer("mariposa.cache.compression.time", "op", "decompress").count()).isEqualTo(2);
  }

  @Test
  void aValueAtOrBelowTheThresholdIsStoredAsJson() {
    JsonObject ticker = new JsonObject().put("symbol", "BTCUSDT").put("bid", 63000.1).put("ask", 63000.2);
    String small = KEYS.key("market:", "ticker", "BTCUSDT");
    cache.put(small, ticker, Duration.ofSeconds(5)).await();
    assertThat(raw(small)).isEqualTo(ticker.toBuffer());

    // Exactly the threshold: not compressed; one byte more: compressed.
    JsonObject exact = padded(THRESHOLD);
    JsonObject above = padded(THRESHOLD + 1);
    cache.put(KEYS.key("cache:", "exact"), exact, Duration.ofSeconds(5)).await();
    cache.put(KEYS.key("cache:", "above"), above, Duration.ofSeconds(5)).await();
    assertThat(raw(KEYS.key("cache:", "exact"))).isEqualTo(exact.toBuffer());
    assertThat(ValueCodec.isCompressed(raw(KEYS.key("cache:", "above")))).isTrue();
    assertThat(cache.get(KEYS.key("cache:", "exact")).await()).contains(exact);
    assertThat(cache.get(KEYS.key("cache:", "above")).await()).contains(above);
  }

  @Test
  void aValueWrittenBeforeCompressionStillReads() {
    // Written as plain JSON by a version without compression (or by redis-cli): read as it is.
    JsonObject old = book(20);
    String key = KEYS.key("market:", "book", "ETHUSDT");
    redis.connections().send(Request.cmd(Command.SET).arg(key).arg(old.encode())).await();
    assertThat(cache.get(key).await()).contains(old);
    // And a cache with compression off reads a compressed value written by one with it on.
    cache.put(key, old, Duration.ofSeconds(5)).await();
    assertThat(new JsonCache(redis.connections(), new SimpleMeterRegistry()).get(key).await()).contains(old);
  }

  @Test
  void incompressibleValuesStayJsonAndAZeroThresholdTurnsCompressionOff() {
    StringBuilder noise = new StringBuilder();
    java.util.Random random = new java.util.Random(7);
    while (noise.length() < 4000) {
      noise.append(Long.toString(random.nextLong(), 36));
    }
    JsonObject random4k = new JsonObject().put("noise", noise.toString());
    ValueCodec codec = new ValueCodec(THRESHOLD, new SimpleMeterRegistry());
    Buffer stored = codec.encode(random4k);
    assertThat(stored.length()).isLessThanOrEqualTo(random4k.toBuffer().length());
    assertThat(codec.decodeJson(stored)).isEqualTo(random4k);

    ValueCodec off = new ValueCodec(0, new SimpleMeterRegistry());
    assertThat(off.encode(book(20))).isEqualTo(book(20).toBuffer());
  }

  @Test
  void anUnknownFormatVersionIsRefusedNotMisread() {
    ValueCodec codec = new ValueCodec(THRESHOLD, new SimpleMeterRegistry());
    Buffer stored = codec.encode(book(20));
    stored.setByte(3, (byte) 9);
    assertThatThrownBy(() -> codec.decode(stored)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format");
  }

  private static Buffer raw(String key) {
    return redis.connections().send(Request.cmd(Command.GET).arg(key)).await().toBuffer();
  }

  /** A book event as the feed publishes it: 20 levels a side. */
  static JsonObject book(int depth) {
    JsonArray bids = new JsonArray();
    JsonArray asks = new JsonArray();
    for (int i = 0; i < depth; i++) {
      bids.add(new JsonArray().add(String.format("%.2f", 63_000.10 - i * 0.37)).add(String.format("%.5f", 0.01234 + i * 0.0431)));
      asks.add(new JsonArray().add(String.format("%.2f", 63_000.11 + i * 0.41)).add(String.format("%.5f", 0.02234 + i * 0.0377)));
    }
    return new JsonObject().put("symbol", "BTCUSDT").put("source", "binance").put("exchangeTime", 1_726_876_800_000L)
        .put("receivedAt", 1_726_876_800_012L).put("lastUpdateId", 51_234_567_890L).put("bids", bids).put("asks", asks);
  }

  private static JsonObject padded(int length) {
    JsonObject value = new JsonObject().put("p", "");
    int pad = length - value.toBuffer().length();
    return new JsonObject().put("p", "x".repeat(pad));
  }
}
