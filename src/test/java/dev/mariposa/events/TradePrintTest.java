package dev.mariposa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.market.BinanceMessages;
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

class TradePrintTest {
  /** What the Binance normalizer published for every 5th aggTrade of the 2021-04-05 capture. */
  private static List<String> recordedBodies() throws IOException {
    try (InputStream in = TradePrintTest.class.getResourceAsStream("/golden/binance-aggTrade-normalized.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void theNormalizerPublishesTheRecordWhoseJsonIsTodaysBodyByteForByte() throws IOException {
    Path capture = SharedData.require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl");
    List<String> aggTrades = Files.readAllLines(capture).stream().filter(l -> l.contains("@aggTrade")).toList();
    List<String> golden = recordedBodies();
    assertThat(golden).hasSizeGreaterThan(200);
    for (int i = 0; i < golden.size(); i++) {
      // The golden lines are every 5th aggTrade, normalized with receivedAt = 1617647603000 + its 1-based rank.
      int rank = i * 5 + 1;
      Object body = BinanceMessages.normalize(new JsonObject(aggTrades.get(rank - 1)), 1_617_647_603_000L + rank)
          .orElseThrow().body();
      assertThat(body).isInstanceOf(TradePrint.class);
      assertThat(((TradePrint) body).encode()).isEqualTo(golden.get(i));
      assertThat(TradePrint.fromJson(new JsonObject(golden.get(i)))).isEqualTo(body);
    }
  }

  @Test
  void aSyntheticTradeHasNoTradeTime() {
    TradePrint trade = new TradePrint("BTCUSDT", "synthetic", 5, 5, 42, new BigDecimal("63101.240"),
        new BigDecimal("0.00400"), null, true);
    assertThat(trade.encode()).isEqualTo("{\"symbol\":\"BTCUSDT\",\"source\":\"synthetic\",\"exchangeTime\":5,"
        + "\"receivedAt\":5,\"tradeId\":42,\"price\":63101.24,\"qty\":0.004,\"buyerIsMaker\":true}");
    assertThat(TradePrint.fromJson(trade.toJson())).isEqualTo(trade);
  }

  @Test
  void aBodyThatIsNotATradeIsRefused() {
    assertThatThrownBy(() -> TradePrint.fromJson(new JsonObject().put("from", "x"))).isInstanceOf(IllegalArgumentException.class);
  }
}
