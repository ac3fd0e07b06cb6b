package dev.mariposa.exchange;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a placement, decided by the exchange adapter so that the caller needs to know no
 * venue's codes: each {@link Outcome} says what the caller must do next.
 */
public record PlaceResult(Outcome outcome, Optional<String> exchangeOrderId, Optional<OrderState> state,
                          String code, String message) {
  /** What became of a placement, and what it obliges the caller to do. */
  public enum Outcome {
    /** The exchange took the order: it has an exchange order id, and its state when the answer told it. */
    ACCEPTED,
    /**
     * Nothing was created and trying again shortly, with the same client order id, is expected to
     * work: the exchange refused for rate or load before creating anything (OKX 50011, HTTP 429,
     * 50013), or no connection of this process came free in time, so nothing was sent.
     */
    NOT_PLACED,
    /** Known and final: the exchange refused the order (balance, size, a bad key...); {@code code} says why. */
    REJECTED,
    /**
     * The order may or may not exist (a timeout, a 5xx, OKX 50004 or 51149): look it up by its
     * client order id before anything else is done with it; never place it again blindly.
     */
    UNKNOWN,
    /** The exchange already has an order with this client order id (OKX 51016): look it up. */
    DUPLICATE
  }

  /** Only an accepted order has an exchange order id, and a state. */
  public PlaceResult {
    Objects.requireNonNull(outcome, "outcome");
    if (exchangeOrderId.isPresent() != (outcome == Outcome.ACCEPTED) || state.isPresent() && outcome != Outcome.ACCEPTED) {
      throw new IllegalArgumentException(outcome + " with an exchange order id " + exchangeOrderId + " and state " + state);
    }
  }

  public static PlaceResult accepted(String exchangeOrderId, Optional<OrderState> state) {
    return new PlaceResult(Outcome.ACCEPTED, Optional.of(exchangeOrderId), state, "0", "accepted");
  }

  public static PlaceResult notPlaced(String code, String message) {
    return new PlaceResult(Outcome.NOT_PLACED, Optional.empty(), Optional.empty(), code, message);
  }

  public static PlaceResult rejected(String code, String message) {
    return new PlaceResult(Outcome.REJECTED, Optional.empty(), Optional.empty(), code, message);
  }

  public static PlaceResult unknown(String code, String message) {
    return new PlaceResult(Outcome.UNKNOWN, Optional.empty(), Optional.empty(), code, message);
  }

  public static PlaceResult duplicate(String code, String message) {
    return new PlaceResult(Outcome.DUPLICATE, Optional.empty(), Optional.empty(), code, message);
  }
}
