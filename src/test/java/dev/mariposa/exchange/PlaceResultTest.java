package dev.mariposa.exchange;

import dev.mariposa.exchange.PlaceResult.Outcome;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceResultTest {
  @Test
  void onlyAnAcceptedOrderHasAnExchangeOrderIdAndAState() {
    OrderState filled = new OrderState("c1", "9", OrderState.Status.FILLED, BigDecimal.ONE, BigDecimal.TEN,
        BigDecimal.ZERO, List.of());
    assertThat(PlaceResult.accepted("9", Optional.of(filled)).state()).contains(filled);
    assertThat(PlaceResult.notPlaced("50011", "rate limit").exchangeOrderId()).isEmpty();
    for (Outcome outcome : List.of(Outcome.NOT_PLACED, Outcome.REJECTED, Outcome.UNKNOWN, Outcome.DUPLICATE)) {
      assertThatThrownBy(() -> new PlaceResult(outcome, Optional.of("9"), Optional.empty(), "x", "y"))
          .as(outcome.name()).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new PlaceResult(outcome, Optional.empty(), Optional.of(filled), "x", "y"))
          .as(outcome.name()).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new PlaceResult(Outcome.ACCEPTED, Optional.empty(), Optional.empty(), "0", "accepted"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
