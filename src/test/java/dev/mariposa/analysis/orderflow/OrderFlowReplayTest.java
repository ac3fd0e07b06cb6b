package dev.mariposa.analysis.orderflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.events.TradePrint;
import dev.mariposa.market.book.OrderBook;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The features over the real captures, each symbol's messages decoded as the backtest decodes them:
 * finite and within their bounds at every decision, the throttle at most one decision per symbol
 * per second of event time, the book read in place (the backtest) giving what the published top-20
 * snapshot gives (the live analysis role), and the last book the capture's last bookTicker.
 */
class OrderFlowReplayTest {
  private static final String TEN = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final String FOUR = "binance/ws/combined_2021-10-12_nknusdt_blzeth_lrcbtc_runeeur.jsonl";

  @Test
  void theTenSymbolCapture() throws Exception {
    int decisions = replay(SharedData.require(TEN), "2021-04-05");
    // 10 symbols over 119 s of capture, at most one a second each; the quiet ones (a book change in seconds) fewer.
    assertThat(decisions).isBetween(300, 10 * 120);
  }

  @Test
  void theFourSymbolCapture() throws Exception {
    int decisions = replay(SharedData.require(FOUR), "2021-10-12");
    assertThat(decisions).isBetween(20, 4 * 31);
  }

  /** Replays every symbol of the capture; returns the decisions taken. */
  private static int replay(Path capture, String day) throws Exception {
    List<Path> files = new ArrayList<>(List.of(capture));
    try (Stream<Path> rest = Files.list(SharedData.require("binance/rest"))) {
      rest.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_" + day + "_")).forEach(files::add);
    }
    ReplayFiles replay = ReplayFiles.read(files);
    OrderFlowParams params = OrderFlowParams.defaults();
    int decisions = 0;
    for (String symbol : replay.symbols()) {
      OrderFlowTracker inPlace = new OrderFlowTracker(params);
      OrderFlowTracker published = new OrderFlowTracker(params);
      RecordedStream stream = new RecordedStream(symbol, replay.snapshot(symbol));
      JsonObject lastQuote = null;
      long lastSlot = Long.MIN_VALUE;
      for (RecordedStream.Timed timed : RecordedStream.timed(replay.stream(symbol))) {
        RecordedStream.Decoded decoded = stream.decode(timed.message(), timed.time());
        boolean due = false;
        boolean dueToo = false;
        OrderBook book = stream.book().book();
        if (decoded.bookChanged() && !book.isCrossed()) {
          due = inPlace.onBook(book, timed.time());
          dueToo = published.onBook(book.snapshot(20, timed.time(), timed.time(), "replay"));
        }
        if (decoded.event().isPresent() && decoded.event().get().body() instanceof TradePrint trade) {
          due = inPlace.onTrade(trade);
          dueToo = published.onTrade(trade);
        }
        if (timed.message().getString("stream").endsWith("@bookTicker")) {
          lastQuote = timed.message().getJsonObject("data");
        }
        assertThat(dueToo).as("%s at %d: both paths decide together", symbol, timed.time()).isEqualTo(due);
        if (!due) {
          continue;
        }
        decisions++;
        OrderFlowSnapshot now = inPlace.snapshot(symbol).orElseThrow();
        assertThat(published.snapshot(symbol)).as("the published snapshot's features").contains(now);
        long slot = inPlace.slot(now.time());
        assertThat(slot).as("%s: one decision per slot", symbol).isGreaterThan(lastSlot);
        lastSlot = slot;
        assertSane(now);
      }
      if (lastQuote != null && inPlace.snapshot(symbol).isPresent()) {
        OrderFlowSnapshot last = inPlace.snapshot(symbol).get();
        assertThat(last.bid()).as("%s: the last book's best bid is the last bookTicker's", symbol)
            .isEqualTo(Double.parseDouble(lastQuote.getString("b")));
        assertThat(last.ask()).isEqualTo(Double.parseDouble(lastQuote.getString("a")));
      }
    }
    return decisions;
  }

  private static void assertSane(OrderFlowSnapshot f) {
    assertThat(f.bid()).as("%s bid", f.symbol()).isPositive().isLessThan(f.ask());
    assertThat(f.spreadBps()).isPositive().isFinite();
    assertThat(f.bookImbalance()).isBetween(-1.0, 1.0);
    assertThat(Math.abs(f.microPriceBps())).as("the micro-price is inside the spread").isLessThanOrEqualTo(f.spreadBps() / 2 + 1e-9);
    assertThat(f.tradeFlowImbalance()).isBetween(-1.0, 1.0);
    assertThat(f.buyVolume()).isFinite().isGreaterThanOrEqualTo(0);
    assertThat(f.sellVolume()).isFinite().isGreaterThanOrEqualTo(0);
    if (f.returns() >= 2) {
      assertThat(f.volatilityBps()).isFinite().isGreaterThanOrEqualTo(0);
    } else {
      assertThat(f.volatilityBps()).isNaN();
    }
    assertThat(f.mid()).isCloseTo((f.bid() + f.ask()) / 2, within(0.0));
  }
}
