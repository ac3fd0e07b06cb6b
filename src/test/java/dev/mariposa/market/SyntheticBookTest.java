package dev.mariposa.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.events.BookSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The synthetic market's book: a record whose JSON is the body it has always published. */
class SyntheticBookTest {
  @Test
  void itsJsonKeepsTheSyntheticFieldsAndTheirOrder() {
    BookSnapshot book = new SyntheticMarket("BTCUSDT", 7, Duration.ofMillis(250)).step(1_000L, true).book();
    JsonObject published = new JsonObject().put("symbol", "BTCUSDT").put("source", "synthetic")
        .put("exchangeTime", 1_000L).put("receivedAt", 1_000L).put("bids", side(book.bids())).put("asks", side(book.asks()));
    assertThat(book.encode()).isEqualTo(published.encode());
    assertThat(book.bestBid().price()).isLessThan(book.bestAsk().price());
    assertThat(BookSnapshot.fromJson(published)).isEqualTo(book);
  }

  private static JsonArray side(List<BookSnapshot.Level> levels) {
    JsonArray side = new JsonArray();
    levels.forEach(l -> side.add(new JsonArray().add(l.price()).add(l.quantity())));
    return side;
  }
}
