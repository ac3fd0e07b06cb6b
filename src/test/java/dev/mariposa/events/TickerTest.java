package dev.mariposa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.market.BinanceMessages;
import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.BarQuotes;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickerTest {
  /** What the Binance normalizer published for every 20th bookTicker of the 2021-04-05 capture. */
  private static List<String> recordedBodies() throws IOException {
    try (InputStream in = TickerTest.class.getResourceAsStream("/golden/binance-bookTicker-normalized.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void theNormalizerPublishesTheRecordWhoseJsonIsTodaysBodyByteForByte() throws IOException {
    Path capture = SharedData.require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl");
    List<String> bookTickers = Files.readAllLines(capture).stream().filter(l -> l.contains("@bookTicker")).toList();
    List<String> golden = recordedBodies();
    for (int i = 0; i < golden.size(); i++) {
      // The golden lines are every 20th bookTicker, normalized with receivedAt = 1617647603000 + its 1-based rank.
      int rank = i * 20 + 1;
      Object body = BinanceMessages.normalize(new JsonObject(bookTickers.get(rank - 1)), 1_617_647_603_000L + rank)
          .orElseThrow().body();
      assertThat(body).isInstanceOf(Ticker.class);
      assertThat(((Ticker) body).encode()).isEqualTo(golden.get(i));
    }
  }

  @Test
  void aPublishedBodyReadIntoTheRecordIsWrittenBackByteForByte() throws IOException {
    List<String> bodies = recordedBodies();
    assertThat(bodies).hasSizeGreaterThan(200);
    for (String body : bodies) {
      Ticker ticker = Ticker.fromJson(new JsonObject(body));
      assertThat(ticker.encode()).isEqualTo(body);
      assertThat(ticker.toJson()).isEqualTo(new JsonObject(body));
      assertThat(ticker.withBookSynced(false).encode())
          .isEqualTo(new JsonObject(body).put("bookSynced", false).encode());
    }
  }

  @Test
  void theKlineReplaysDerivedQuoteKeepsItsFieldsAndTheirOrder() {
    Kline bar = new Kline("BTCUSDT", "1m", 1_726_876_800_000L, 1_726_876_859_999L, new BigDecimal("63100.1"),
        new BigDecimal("63120"), new BigDecimal("63090.5"), new BigDecimal("63101.23"), new BigDecimal("12.5"),
        new BigDecimal("788000"), 100, true);
    Ticker derived = new BarQuotes(1).ticker(bar, 1_726_876_860_005L);
    assertThat(derived.encode()).isEqualTo("{\"symbol\":\"BTCUSDT\",\"source\":\"replay\",\"derived\":true,"
        + "\"exchangeTime\":1726876859999,\"receivedAt\":1726876860005,\"bid\":63098.07,\"bidQty\":12.5,"
        + "\"ask\":63104.39,\"askQty\":12.5,\"updateId\":1726876859999}");
    assertThat(Ticker.fromJson(derived.toJson())).isEqualTo(derived);
  }

  @Test
  void pricesAreExactDecimalsWithoutTrailingZeros() {
    Ticker t = Ticker.quote("ZILUSDT", "binance", 1, 2, new BigDecimal("0.21437000"), new BigDecimal("2800.00000000"),
        new BigDecimal("0.21449000"), new BigDecimal("11400.00000000"));
    assertThat(t.encode()).contains("\"bid\":0.21437,\"bidQty\":2800,\"ask\":0.21449,\"askQty\":11400");
    assertThat(t.mid()).isEqualByComparingTo("0.21443");
    // A double read from a decoded body is the decimal that was written, not its binary neighbour.
    assertThat(Ticker.fromJson(new JsonObject(Ticker.quote("X", "s", 1, 2, new BigDecimal("52272.2"),
        BigDecimal.ONE, new BigDecimal("52272.21"), BigDecimal.ONE).encode())).mid()).isEqualByComparingTo("52272.205");
  }

  @Test
  void aBodyThatIsNotATickerIsRefused() {
    assertThatThrownBy(() -> Ticker.fromJson(new JsonObject().put("n", 1))).isInstanceOf(IllegalArgumentException.class);
  }
}
