package dev.mariposa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.bus.EventSchemas;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.exchange.Fill;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeEventTest {
  private static final JsonObject ORDER = new JsonObject().put("_id", "m0c1d2e3f40516273849a5b6c7d8e9f0")
      .put("clOrdId", "m0c1d2e3f40516273849a5b6c7d8e9f0").put("agentId", "momentum-1m").put("symbol", "BTCUSDT").put("side", "BUY")
      .put("quantity", new BigDecimal("0.0015")).put("exchange", "paper").put("signalId", "s-1")
      .put("status", "FILLED").put("settled", true).put("createdAt", 1_726_876_860_040L)
      .put("filledQuantity", new BigDecimal("0.0015")).put("averagePrice", new BigDecimal("63149.01"))
      .put("fee", new BigDecimal("0.09472352")).put("reason", "a \"quoted\" reason");
  private static final JsonObject POSITION = new JsonObject().put("symbol", "BTCUSDT")
      .put("quantity", new BigDecimal("0.0015")).put("averagePrice", new BigDecimal("63149.01"))
      .put("openedAt", 1_726_876_860_101L).put("highWater", new BigDecimal("63149.03"));

  /** The body as ExecutionEngine built it before it was a record: a JsonObject filled field by field. */
  private static JsonObject todaysBody(List<Fill> fills, JsonObject position, BigDecimal cash) {
    return new JsonObject()
        .put("type", fills.isEmpty() ? "order" : "fill").put("order", ORDER)
        .put("fills", new JsonArray(fills.stream().map(f -> new JsonObject()
            .put("quantity", JsonDecimals.number(f.quantity())).put("price", JsonDecimals.number(f.price()))
            .put("fee", JsonDecimals.number(f.fee())).put("at", f.at())).toList()))
        .put("position", position)
        .put("cash", JsonDecimals.number(cash));
  }

  @Test
  void theEngineMakesTheRecordWhoseJsonIsTodaysBodyByteForByte() {
    List<Fill> fills = List.of(new Fill(new BigDecimal("0.0010"), new BigDecimal("63149.00"), new BigDecimal("0.06314900"), 1_726_876_860_100L),
        new Fill(new BigDecimal("0.0005"), new BigDecimal("63149.03"), new BigDecimal("0.03157452"), 1_726_876_860_101L));
    BigDecimal cash = new BigDecimal("9905.18175648");
    for (TradeEvent event : List.of(TradeEvent.of(ORDER, fills, POSITION, cash), TradeEvent.of(ORDER, List.of(), null, cash))) {
      JsonObject today = todaysBody(event.fills(), event.positionJson() == null ? null : POSITION, cash);
      assertThat(event.encode()).isEqualTo(today.encode());
      assertThat(EventSchemas.get().validate("trade.momentum-1m", event)).isEmpty();
      assertThat(TradeEvent.fromJson(event.toJson())).isEqualTo(event);
      assertThat(event.symbol()).isEqualTo("BTCUSDT");
    }
    assertThat(TradeEvent.of(ORDER, fills, POSITION, cash).receivedAt()).isEqualTo(1_726_876_860_101L);
    assertThat(TradeEvent.of(ORDER, List.of(), null, cash).receivedAt()).isEqualTo(1_726_876_860_040L);
    assertThat(TradeEvent.of(ORDER, List.of(), null, cash).encode()).contains("\"fills\":[],\"position\":null,");
  }

  @Test
  void theSchemasExampleReadsIntoTheRecordAndBack() throws IOException {
    JsonObject example;
    try (InputStream in = TradeEventTest.class.getResourceAsStream("/events/trade.schema.json")) {
      example = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonArray("examples").getJsonObject(0);
    }
    assertThat(TradeEvent.fromJson(example).toJson()).isEqualTo(example);
  }

  @Test
  void aBodyThatIsNotATradeEventIsRefused() {
    assertThatThrownBy(() -> TradeEvent.fromJson(new JsonObject().put("type", "fill")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a trade event");
    assertThat(RecordFamilies.carriesRecords("trade.a-1")).isTrue();
    assertThat(RecordFamilies.carriesRecords("market.trade.BTCUSDT")).isTrue();
  }
}
