package dev.mariposa.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.BarQuotes;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BookSnapshotTest {
  private static final List<String> SYMBOLS =
      List.of("AXSBNB", "BTCAUD", "DENTUSDT", "ETHBRL", "MANAUSDT", "NEOUSDC", "QTUMETH", "RENBTCETH");

  /**
   * What the Binance feed published, before books were records, for every 25th synced, uncrossed
   * book of eight symbols of the 2021-04-05 capture (each from its recorded depth snapshot on),
   * with receivedAt = the diff's event time + 7.
   */
  private static List<String> recordedBodies() throws IOException {
    try (InputStream in = BookSnapshotTest.class.getResourceAsStream("/golden/binance-book-published.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void theLocalBookPublishesTheRecordWhoseJsonIsTodaysBodyByteForByte() throws IOException {
    Path capture = SharedData.require("binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl");
    List<String> lines = Files.readAllLines(capture);
    List<String> published = new ArrayList<>();
    for (String symbol : SYMBOLS) {
      JsonObject snapshot = new JsonObject(Files.readString(
          SharedData.require("binance/rest/depth_snapshot_2021-04-05_" + symbol + ".json")));
      RecordedStream stream = new RecordedStream(symbol, Optional.of(snapshot));
      int books = 0;
      for (String line : lines) {
        if (!line.contains("\"stream\":\"" + symbol.toLowerCase() + "@depth")) {
          continue;
        }
        JsonObject message = new JsonObject(line);
        long time = message.getJsonObject("data").getLong("E");
        if (stream.decode(message, time).bookChanged() && !stream.book().book().isCrossed() && books++ % 25 == 0) {
          published.add(stream.book().book().snapshot(20, time, time + 7, "binance").encode());
        }
      }
    }
    assertThat(published).containsExactlyElementsOf(recordedBodies());
  }

  @Test
  void aPublishedBodyReadIntoTheRecordIsWrittenBackByteForByte() throws IOException {
    List<String> bodies = recordedBodies();
    assertThat(bodies).hasSizeGreaterThan(100);
    for (String body : bodies) {
      BookSnapshot book = BookSnapshot.fromJson(new JsonObject(body));
      assertThat(book.encode()).isEqualTo(body);
      assertThat(book.toJson()).isEqualTo(new JsonObject(body));
      assertThat(book.bids()).hasSize(new JsonObject(body).getJsonArray("bids").size());
    }
  }

  @Test
  void theKlineReplaysDerivedBookKeepsItsFieldsAndTheirOrder() {
    Kline bar = new Kline("BTCUSDT", "1m", 1_726_876_800_000L, 1_726_876_859_999L, new BigDecimal("63100.1"),
        new BigDecimal("63120"), new BigDecimal("63090.5"), new BigDecimal("63101.23"), new BigDecimal("12.50"),
        new BigDecimal("788000"), 100, true);
    BookSnapshot derived = new BarQuotes(1).book(bar, 1_726_876_860_005L);
    assertThat(derived.encode()).isEqualTo("{\"symbol\":\"BTCUSDT\",\"source\":\"replay\",\"derived\":true,"
        + "\"exchangeTime\":1726876859999,\"receivedAt\":1726876860005,\"lastUpdateId\":1726876859999,"
        + "\"bids\":[[63098.07,12.5]],\"asks\":[[63104.39,12.5]]}");
    assertThat(BookSnapshot.fromJson(derived.toJson())).isEqualTo(derived);
  }

  @Test
  void theBestPricesAndTheMidAreExact() {
    BookSnapshot book = BookSnapshot.fromJson(new JsonObject("{\"symbol\":\"X\",\"lastUpdateId\":5,"
        + "\"bids\":[[52272.2,1.5],[52272.1,2]],\"asks\":[[52272.21,0.3]],\"exchangeTime\":1,\"receivedAt\":2,\"source\":\"binance\"}"));
    assertThat(book.bestBid().price()).isEqualByComparingTo("52272.2");
    assertThat(book.bestAsk().quantity()).isEqualByComparingTo("0.3");
    assertThat(book.mid()).isEqualByComparingTo("52272.205");
    assertThat(book.takerSide(true)).isEqualTo(book.asks());
    assertThat(book.top(1).bids()).hasSize(1);
    assertThat(book.top(2)).isSameAs(book);
    assertThat(book.top(1).mid()).isEqualTo(book.mid());
  }

  @Test
  void aBodyThatIsNotABookIsRefused() {
    assertThatThrownBy(() -> BookSnapshot.fromJson(new JsonObject().put("symbol", "X").put("source", "s")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BookSnapshot.fromJson(new JsonObject("{\"symbol\":\"X\",\"source\":\"s\","
        + "\"exchangeTime\":1,\"receivedAt\":1,\"bids\":[[1]],\"asks\":[]}"))).isInstanceOf(IllegalArgumentException.class);
  }
}
