package dev.mariposa.exchange.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Side;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuePositionTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }

  private static void assertDecimal(String expected, BigDecimal actual) {
    assertEquals(0, d(expected).compareTo(actual), () -> "expected " + expected + ", was " + actual);
  }

  private static QueuePosition buy(String quantity, String ahead) {
    return new QueuePosition(Side.BUY, d("100"), d(quantity), d(ahead), Fees.binanceSpot());
  }

  @Test
  void fillsOnceThePrintsHaveConsumedTheQueueAhead() {
    QueuePosition order = buy("2", "5");
    // ahead 5: a sell print of 4 at 100 goes to those ahead, ahead 1
    assertEquals(List.of(), order.onTrade(d("100"), d("4"), Side.SELL, 1));
    assertDecimal("1", order.ahead());
    // a print of 3: 1 to the last one ahead, min(3 - 1, 2) = 2 to us, done
    List<Fill> fills = order.onTrade(d("100"), d("3"), Side.SELL, 2);
    assertEquals(1, fills.size());
    assertDecimal("2", fills.get(0).quantity());
    assertDecimal("100", fills.get(0).price());
    assertEquals(2, fills.get(0).at());
    assertTrue(order.done());
    assertEquals(List.of(), order.onTrade(d("100"), d("9"), Side.SELL, 3), "a done order fills no more");
  }

  @Test
  void doesNotFillWhileTheQueueAheadIsNotConsumed() {
    QueuePosition order = buy("2", "5");
    // exactly the 5 ahead trade: all of it theirs, ahead 0, nothing for us yet
    assertEquals(List.of(), order.onTrade(d("100"), d("5"), Side.SELL, 1));
    assertDecimal("0", order.ahead());
    // a buy print at our price takes a sell queue, not ours
    assertEquals(List.of(), order.onTrade(d("100"), d("7"), Side.BUY, 2));
    // a sell print above our buy price is another level's queue
    assertEquals(List.of(), order.onTrade(d("100.5"), d("7"), Side.SELL, 3));
    // a buy print below our price (asks came down) is not a trade-through of a buy
    assertEquals(List.of(), order.onTrade(d("99"), d("7"), Side.BUY, 4));
    // the level emptying is cancels: no counterparty, no fill
    order.onLevel(d("0"));
    assertDecimal("0", order.filled());
    assertFalse(order.done());
  }

  @Test
  void fillsPartiallyWhenAPrintReachesPastTheQueue() {
    QueuePosition order = buy("2", "5");
    // a print of 6: 5 to those ahead, 1 to us; remaining 1
    List<Fill> first = order.onTrade(d("100"), d("6"), Side.SELL, 1);
    assertDecimal("1", first.get(0).quantity());
    assertDecimal("1", order.remaining());
    // ahead 0: a print of 0.5 is all ours; remaining 0.5
    assertDecimal("0.5", order.onTrade(d("100"), d("0.5"), Side.SELL, 2).get(0).quantity());
    assertDecimal("0.5", order.remaining());
    assertFalse(order.done());
  }

  @Test
  void aPrintThroughThePriceFillsTheRestAtTheOrdersPrice() {
    QueuePosition order = buy("2", "50");
    // 50 ahead, but a sell print of 0.01 at 99.9 < 100: the whole level went, the 2 fill at 100
    List<Fill> fills = order.onTrade(d("99.9"), d("0.01"), Side.SELL, 7);
    assertDecimal("2", fills.get(0).quantity());
    assertDecimal("100", fills.get(0).price());
    assertTrue(order.done());

    QueuePosition sell = new QueuePosition(Side.SELL, d("100"), d("3"), d("40"), Fees.binanceSpot());
    // a sell print below a resting sell, or a buy print under its price: nothing
    assertEquals(List.of(), sell.onTrade(d("99"), d("1"), Side.SELL, 1));
    assertEquals(List.of(), sell.onTrade(d("99.9"), d("1"), Side.BUY, 2));
    // a buy print at 100.1 > 100 trades through the sell: its 3 fill at 100
    List<Fill> through = sell.onTrade(d("100.1"), d("0.2"), Side.BUY, 3);
    assertDecimal("3", through.get(0).quantity());
    assertDecimal("100", through.get(0).price());
  }

  @Test
  void aShrinkIsTakenFromBehindTheOrderFirst() {
    QueuePosition order = buy("1", "6");
    // level 6 -> 10: 4 joined behind us (ahead 6, behind 4)
    order.onLevel(d("10"));
    assertDecimal("6", order.ahead());
    // 10 -> 7: the 3 cancelled are taken from the 4 behind; ahead 6
    order.onLevel(d("7"));
    assertDecimal("6", order.ahead());
    // 7 -> 5: the 1 left behind, then 1 ahead; ahead min(6, 5) = 5
    order.onLevel(d("5"));
    assertDecimal("5", order.ahead());
    // a print of 2 takes 2 from ahead (3), then the update showing it (level 3) moves nothing:
    // the same volume is not counted twice
    order.onTrade(d("100"), d("2"), Side.SELL, 4);
    order.onLevel(d("3"));
    assertDecimal("3", order.ahead());
    // prints of 3 then 1: the 3 ahead, then our 1
    assertEquals(List.of(), order.onTrade(d("100"), d("3"), Side.SELL, 6));
    assertDecimal("1", order.onTrade(d("100"), d("1"), Side.SELL, 7).get(0).quantity());
  }

  @Test
  void fillsAreChargedTheVenuesMakerRate() {
    assertDecimal("0.001", Fees.binanceSpot().maker());
    assertDecimal("0.001", Fees.binanceSpot().taker());
    assertDecimal("0.0008", Fees.okxSpot().maker());
    assertDecimal("0.001", Fees.okxSpot().taker());
    // 2 at 100 = 200 notional: Binance 200 x 0.001 = 0.2, OKX 200 x 0.0008 = 0.16
    Fill binance = buy("2", "0").onTrade(d("100"), d("2"), Side.SELL, 1).get(0);
    assertDecimal("0.2", binance.fee());
    QueuePosition okx = new QueuePosition(Side.BUY, d("100"), d("2"), d("0"), Fees.okxSpot());
    assertDecimal("0.16", okx.onTrade(d("100"), d("2"), Side.SELL, 1).get(0).fee());
  }

  /**
   * A resting buy of 1000 ZIL at ZILUSDT's best bid, replayed on the real 2021-04-05 capture. The
   * expected fills were derived by reading the capture with a Python one-off applying the same
   * rules (the zilusdt lines only; depth updates with u at or before the join's bookTicker u are
   * older than the join and skipped), and checked by eye against the lines quoted below.
   */
  @Test
  void replaysTheRecordedZilusdtStream() throws IOException {
    Path capture = SharedData.require(CAPTURE);
    List<JsonObject> zil;
    try (var lines = Files.lines(capture)) {
      zil = lines.filter(l -> l.contains("\"stream\":\"zilusdt@")).map(JsonObject::new).toList();
    }
    // Joins at bookTicker u 499822910: bid 0.21437 x 2800, ahead 2800. The next depth update
    // (E 1617647604172) shows 0 at 0.21437 (the bid moved down): cancels, ahead min(2800, 0) = 0;
    // those who come back queue behind us. Sell prints at 0.21437 then all reach us: 556
    // (T 1617647605245), 422.2 (T 1617647605535), and 21.8 of 1821.8 (T 1617647605571):
    // 556 + 422.2 + 21.8 = 1000.
    assertFills(replay(zil, 499822910L, d("1000")),
        "556@1617647605245", "422.2@1617647605535", "21.8@1617647605571");
    // Joins at bookTicker u 499823050: bid 0.21437 x 126.5, ahead 126.5. The depth update of
    // E 1617647606173 shows 0 there: ahead 0. A sell print of 87.4 at 0.21437 (T 1617647606745)
    // is ours: 87.4. Later levels refill behind us, with no more sell prints at 0.21437, until a
    // sell sweep at T 1617647628407 prints 2295.9 at 0.21436 < 0.21437: a trade-through, the
    // remaining 1000 - 87.4 = 912.6 fill at 0.21437.
    List<Fill> fills = replay(zil, 499823050L, d("1000"));
    assertFills(fills, "87.4@1617647606745", "912.6@1617647628407");
    fills.forEach(f -> assertDecimal("0.21437", f.price()));
    // maker fee of the second: 912.6 x 0.21437 x 0.001 = 0.195634062
    assertDecimal("0.195634062", fills.get(1).fee());
  }

  /** Places a buy of {@code quantity} at the best bid of the bookTicker with update id {@code joinU}, feeds what follows. */
  private static List<Fill> replay(List<JsonObject> zil, long joinU, BigDecimal quantity) {
    QueuePosition order = null;
    List<Fill> fills = new ArrayList<>();
    for (JsonObject message : zil) {
      String stream = message.getString("stream");
      JsonObject data = message.getJsonObject("data");
      if (order == null) {
        if (stream.endsWith("@bookTicker") && data.getLong("u") == joinU) {
          order = new QueuePosition(Side.BUY, d(data.getString("b")), quantity, d(data.getString("B")), Fees.binanceSpot());
        }
      } else if (stream.endsWith("@aggTrade")) {
        Side aggressor = data.getBoolean("m") ? Side.SELL : Side.BUY; // buyer is maker: the seller took
        fills.addAll(order.onTrade(d(data.getString("p")), d(data.getString("q")), aggressor, data.getLong("T")));
      } else if (stream.endsWith("@depth@100ms") && data.getLong("u") > joinU) {
        JsonArray bids = data.getJsonArray("b");
        for (int i = 0; i < bids.size(); i++) {
          if (d(bids.getJsonArray(i).getString(0)).compareTo(order.price()) == 0) {
            order.onLevel(d(bids.getJsonArray(i).getString(1)));
          }
        }
      }
      if (order != null && order.done()) {
        break;
      }
    }
    assertTrue(order != null, "no bookTicker with u " + joinU);
    return fills;
  }

  private static void assertFills(List<Fill> fills, String... expected) {
    assertEquals(List.of(expected), fills.stream()
        .map(f -> f.quantity().stripTrailingZeros().toPlainString() + "@" + f.at()).toList());
  }
}
