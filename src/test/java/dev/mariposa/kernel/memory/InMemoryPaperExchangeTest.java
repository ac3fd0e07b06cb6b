package dev.mariposa.kernel.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.Latency;
import dev.mariposa.testing.RecordedVenue;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The backtest's venue on the real 2021-04-05 DENTUSDT stream (books from the depth diffs over the
 * REST snapshot, prints from aggTrade), as the backtest feeds it: resting orders that fill, do not
 * fill and fill partially, with the queue arithmetic worked out by hand in the comments (and checked
 * with a separate Python replay of the same lines); then cancels and amends on their way to the
 * venue while prints fill the order.
 */
class InMemoryPaperExchangeTest {
  private static final String SYMBOL = "DENTUSDT";
  private static final BigDecimal SELL_PRICE = new BigDecimal("0.020956");

  private static RecordedVenue replay(Latency latency) throws IOException {
    return new RecordedVenue(SYMBOL, Fees.binanceSpot(), latency);
  }

  private static PlaceResult sell(RecordedVenue replay, String id, String quantity, BigDecimal price) {
    return replay.place(id, Side.SELL, OrderRequest.Type.LIMIT, quantity, price);
  }

  private static void assertFills(OrderState state, String... expected) {
    assertThat(state.fills()).extracting(f -> f.quantity().stripTrailingZeros().toPlainString() + "@" + f.at())
        .containsExactly(expected);
  }

  @Test
  void aRestingSellFillsOnceThePrintsHaveTakenTheQueueAheadOfIt() throws IOException {
    RecordedVenue replay = replay(Latency.none());
    // After depth update u 148624033 (E 1617647604773) the book's best ask is 0.020956 x 22750:
    // a sell of 100000 there joins behind it, ahead 22750. (The bookTicker just after says
    // 254279: that is what joined behind us.)
    replay.untilDepth(148624033L);
    PlaceResult placed = sell(replay, "dent-full", "100000", SELL_PRICE);
    assertThat(placed.state().orElseThrow().status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(placed.state().orElseThrow().fills()).as("below no bid: nothing taken").isEmpty();
    replay.toTheEnd();
    // Buy prints at 0.020956: 4771 + 3340 + 7560 + 4771 = 20442 go to those ahead (22750 - 20442
    // = 2308 left); the levels shown meanwhile (254279 ... 233837) only grew behind us. Then
    //   62025 (E 1617647606094): 2308 ahead, 62025 - 2308 = 59717 ours;
    //   2024 (E 1617647606936): all ours, 61741;
    //   169788 (E 1617647607143): the 100000 - 61741 = 38259 left, filled.
    OrderState state = replay.state("dent-full");
    assertThat(state.status()).isEqualTo(OrderState.Status.FILLED);
    assertFills(state, "59717@1617647606094", "2024@1617647606936", "38259@1617647607143");
    assertThat(state.fills()).allMatch(f -> f.price().compareTo(SELL_PRICE) == 0, "at the order's own price");
    // Maker fee: 100000 x 0.020956 x 0.001 = 2.0956
    assertThat(state.fee()).isEqualByComparingTo("2.0956");
  }

  @Test
  void aRestingBuyBehindAThickLevelDoesNotFill() throws IOException {
    RecordedVenue replay = replay(Latency.none());
    // After u 148624645 (E 1617647618579) the best bid is 0.0209631 x 507182: ahead 507182.
    replay.untilDepth(148624645L);
    BigDecimal price = new BigDecimal("0.0209631");
    replay.place("dent-none", Side.BUY, OrderRequest.Type.LIMIT, "100000", price);
    replay.toTheEnd();
    // 19 sell prints at 0.0209631 from E 1617647619290 (203544) to E 1617647631733 (28651) add up
    // to 383121, all to those ahead (507182 - 383121 = 124061 left); the growing levels shown
    // (up to 1253861) joined behind. The bids then move away; at E 1617647689209 the level shows
    // 4079 (ahead min(124061, 4079) = 4079), and no sell print reaches 0.0209631 again before the
    // capture ends: nothing fills.
    OrderState state = replay.state("dent-none");
    assertThat(state.status()).isEqualTo(OrderState.Status.LIVE);
    assertThat(state.fills()).isEmpty();
  }

  @Test
  void aRestingSellFillsPartiallyWhenThePriceTurnsAway() throws IOException {
    RecordedVenue replay = replay(Latency.none());
    // After u 148627812 (E 1617647698613) the best ask is 0.021019 x 605: ahead 605.
    replay.untilDepth(148627812L);
    sell(replay, "dent-partial", "50000", new BigDecimal("0.021019"));
    replay.toTheEnd();
    // One buy print reaches it, 2754 at 0.021019 (E 1617647702348): 605 ahead, 2149 ours. No buy
    // print at or above 0.021019 follows before the end: 2149 of 50000, still resting.
    OrderState state = replay.state("dent-partial");
    assertThat(state.status()).isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    assertFills(state, "2149@1617647702348");
  }

  @Test
  void aCancelOnItsWayLetsTheOrderFillMeanwhile() throws IOException {
    RecordedVenue replay = replay(new Latency(150, 0, 1));
    replay.untilDepth(148624033L);
    sell(replay, "dent-cancel", "100000", SELL_PRICE);
    // The cancel leaves at 1617647606000 and arrives 150 ms later, at 1617647606150: the print of
    // 62025 at E 1617647606094 comes first and fills 59717 (as above).
    replay.until(1617647606000L);
    replay.at(1617647606000L);
    CancelResult sent = replay.venue.cancel(SYMBOL, "dent-cancel").result();
    assertThat(sent.outcome()).as("sent, look it up").isEqualTo(CancelResult.Outcome.UNKNOWN);
    assertThat(replay.venue.cancel(SYMBOL, "dent-cancel").result().outcome()).as("sent again: the same cancel")
        .isEqualTo(CancelResult.Outcome.UNKNOWN);
    assertThat(replay.state("dent-cancel").status()).isEqualTo(OrderState.Status.LIVE);
    replay.toTheEnd();
    OrderState state = replay.state("dent-cancel");
    assertThat(state.status()).isEqualTo(OrderState.Status.CANCELED);
    assertFills(state, "59717@1617647606094");
    assertThat(replay.venue.cancel(SYMBOL, "dent-cancel").result().outcome()).isEqualTo(CancelResult.Outcome.UNKNOWN);
    replay.venue.advanceTo(Long.MAX_VALUE);
    assertThat(replay.state("dent-cancel").status()).isEqualTo(OrderState.Status.CANCELED);
  }

  @Test
  void anAmendOnItsWayMeetsWhatFilledMeanwhile() throws IOException {
    RecordedVenue replay = replay(new Latency(150, 0, 1));
    replay.untilDepth(148624033L);
    sell(replay, "dent-amend", "100000", SELL_PRICE);
    // A new total of 50000 leaves at 1617647606000 and arrives at 606150; the 62025 print at
    // 606094 fills 59717 first (as above), so at its arrival more than 50000 has filled: the amend
    // ends the order FILLED with its 59717, and the 2024 print after finds nothing to fill.
    replay.until(1617647606000L);
    replay.at(1617647606000L);
    AmendResult sent = replay.venue.amend(SYMBOL, "dent-amend", "down", Optional.of(new BigDecimal("50000")),
        Optional.empty()).result();
    assertThat(sent.outcome()).as("sent, look it up").isEqualTo(AmendResult.Outcome.UNKNOWN);
    assertThat(replay.venue.amend(SYMBOL, "dent-amend", "down", Optional.of(new BigDecimal("50000")), Optional.empty())
        .result().outcome()).as("the same amend again, on its way once").isEqualTo(AmendResult.Outcome.UNKNOWN);
    replay.until(1617647606100L);
    assertThat(replay.state("dent-amend").status()).as("filled meanwhile, not amended yet")
        .isEqualTo(OrderState.Status.PARTIALLY_FILLED);
    replay.toTheEnd();
    OrderState state = replay.state("dent-amend");
    assertThat(state.status()).isEqualTo(OrderState.Status.FILLED);
    assertFills(state, "59717@1617647606094");
  }

  @Test
  void aSmallerSizeKeepsItsPlaceInTheQueue() throws IOException {
    RecordedVenue replay = replay(Latency.none());
    replay.untilDepth(148624033L);
    sell(replay, "dent-smaller", "100000", SELL_PRICE);
    // By 1617647606000 the prints 4771 + 3340 + 7560 = 15671 took from the 22750 ahead: 7079 left.
    replay.until(1617647606000L);
    AmendResult amended = replay.venue.amend(SYMBOL, "dent-smaller", "a1", Optional.of(new BigDecimal("60000")),
        Optional.empty()).result();
    assertThat(amended.outcome()).isEqualTo(AmendResult.Outcome.AMENDED);
    replay.toTheEnd();
    // Its place kept: the 4771 print leaves 2308 ahead, the 62025 print gives 59717, the 2024 print
    // the last 283 of 60000.
    OrderState state = replay.state("dent-smaller");
    assertThat(state.status()).isEqualTo(OrderState.Status.FILLED);
    assertFills(state, "59717@1617647606094", "283@1617647606936");
  }

  @Test
  void aNewPriceJoinsTheBackOfItsQueue() throws IOException {
    RecordedVenue replay = replay(Latency.none());
    replay.untilDepth(148624033L);
    sell(replay, "dent-moved", "100000", SELL_PRICE);
    replay.until(1617647606000L);
    // Moved up to 0.0209575 and back: it lost its place (7079 ahead) and rejoins behind what
    // 0.020956 displays then (238608, the depth update of E 1617647605873), so the prints there,
    // 4771 + 62025 + 2024 + 169788 = 238608, all go to those ahead and nothing fills at 0.020956;
    // the buy print at 0.0209575 right after (E 1617647607144) trades through it: all 100000 fill.
    assertThat(replay.venue.amend(SYMBOL, "dent-moved", "up", Optional.empty(), Optional.of(new BigDecimal("0.0209575")))
        .result().outcome()).isEqualTo(AmendResult.Outcome.AMENDED);
    assertThat(replay.venue.amend(SYMBOL, "dent-moved", "back", Optional.empty(), Optional.of(SELL_PRICE))
        .result().outcome()).isEqualTo(AmendResult.Outcome.AMENDED);
    replay.toTheEnd();
    OrderState state = replay.state("dent-moved");
    assertThat(state.status()).isEqualTo(OrderState.Status.FILLED);
    assertFills(state, "100000@1617647607144");
    assertThat(state.fills().get(0).price()).isEqualByComparingTo(SELL_PRICE);
  }

  @Test
  void fillsAreOnlyEverAppended() throws IOException {
    RecordedVenue replay = replay(Latency.none());
    replay.untilDepth(148624033L);
    sell(replay, "dent-append", "100000", SELL_PRICE);
    replay.until(1617647606500L);
    List<Fill> first = replay.state("dent-append").fills();
    assertThat(first).hasSize(1);
    replay.toTheEnd();
    assertThat(replay.state("dent-append").fills()).hasSize(3).startsWith(first.get(0));
  }
}
