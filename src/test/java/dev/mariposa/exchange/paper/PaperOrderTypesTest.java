package dev.mariposa.exchange.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each order type against a real recorded book (Binance's BTCAUD depth of 2021-04-05), pure: what
 * an IOC, a FOK and a post-only order take, and what becomes of the rest. The quantity asked is
 * the first ask level's size plus half the second's, so a limit at the best ask can give only
 * part of it.
 */
class PaperOrderTypesTest {
  private static final Fees FEES = Fees.okxSpot();

  private BookSnapshot book;
  private BigDecimal ask1;
  private BigDecimal ask2;
  private BigDecimal size1;
  private BigDecimal quantity;
  private BigDecimal bid1;

  @BeforeEach
  void book() throws IOException {
    JsonObject depth = new JsonObject(Files.readString(SharedData.require("binance/rest/depth_snapshot_2021-04-05_BTCAUD.json")));
    book = BookSnapshot.fromJson(new JsonObject().put("symbol", "BTCAUD").put("source", "test").put("exchangeTime", 0L)
        .put("receivedAt", 0L).put("bids", depth.getJsonArray("bids")).put("asks", depth.getJsonArray("asks")));
    JsonArray asks = depth.getJsonArray("asks");
    ask1 = new BigDecimal(asks.getJsonArray(0).getString(0));
    size1 = new BigDecimal(asks.getJsonArray(0).getString(1));
    ask2 = new BigDecimal(asks.getJsonArray(1).getString(0));
    quantity = size1.add(new BigDecimal(asks.getJsonArray(1).getString(1)).divide(BigDecimal.valueOf(2)));
    bid1 = new BigDecimal(depth.getJsonArray("bids").getJsonArray(0).getString(0));
  }

  private PaperMatching.Match buy(OrderRequest.Type type, BigDecimal limit) {
    return PaperMatching.place(Optional.of(book), new OrderRequest("c1", "BTCAUD", Side.BUY, type, quantity,
        Optional.of(limit)), FEES, 1);
  }

  @Test
  void anIocTakesWhatItsPriceReachesAndCancelsTheRest() {
    PaperMatching.Match atBest = buy(OrderRequest.Type.IOC, ask1);
    assertThat(atBest.status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(atBest.fills()).singleElement().satisfies(f -> {
      assertThat(f.price()).isEqualByComparingTo(ask1);
      assertThat(f.quantity()).isEqualByComparingTo(size1);
      assertThat(f.fee()).as("a taker").isEqualByComparingTo(size1.multiply(ask1).multiply(FEES.taker()));
    });
    assertThat(atBest.result().state().orElseThrow().filledQuantity()).isEqualByComparingTo(size1);

    PaperMatching.Match reaching = buy(OrderRequest.Type.IOC, ask2);
    assertThat(reaching.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(reaching.fills()).extracting(Fill::price).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(ask1, ask2);

    PaperMatching.Match below = buy(OrderRequest.Type.IOC, bid1);
    assertThat(below.status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(below.fills()).isEmpty();
  }

  @Test
  void aFokTakesAllWithinItsPriceOrNothing() {
    PaperMatching.Match short1 = buy(OrderRequest.Type.FOK, ask1);
    assertThat(short1.status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(short1.fills()).as("the first level alone is not enough: nothing").isEmpty();

    PaperMatching.Match whole = buy(OrderRequest.Type.FOK, ask2);
    assertThat(whole.status()).isEqualTo(OrderState.Status.FILLED);
    assertThat(BookWalker.filled(whole.fills())).isEqualByComparingTo(quantity);
  }

  @Test
  void aPostOnlyRestsOrIsCancelledWhenItWouldTake() {
    PaperMatching.Match resting = buy(OrderRequest.Type.POST_ONLY, bid1);
    assertThat(resting.status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(resting.fills()).isEmpty();

    PaperMatching.Match taking = buy(OrderRequest.Type.POST_ONLY, ask1);
    assertThat(taking.status()).isEqualTo(OrderState.Status.CANCELED);
    assertThat(taking.fills()).as("a post-only never takes").isEmpty();
  }

  @Test
  void everyTypeButMarketNeedsALimitPrice() {
    for (OrderRequest.Type type : OrderRequest.Type.values()) {
      if (type == OrderRequest.Type.MARKET) {
        continue;
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OrderRequest("c1", "BTCAUD", Side.BUY, type,
          BigDecimal.ONE, Optional.empty())).as(type.name()).hasMessageContaining("no limit price");
    }
  }
}
