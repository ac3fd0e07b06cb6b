package dev.mariposa.exchange;

import java.util.Optional;

/**
 * The outcome of a placement. ACCEPTED and REJECTED are known; UNKNOWN means the order may or may
 * not exist (a timeout, a 5xx, OKX 50004 or 51149) and must be looked up by its client order id
 * before anything else is done with it: never placed again blindly. DUPLICATE means the exchange
 * already has an order with this client order id (OKX 51016): look it up too.
 */
public record PlaceResult(Outcome outcome, Optional<String> exchangeOrderId, Optional<OrderState> state,
                          String code, String message) {
  public enum Outcome { ACCEPTED, REJECTED, UNKNOWN, DUPLICATE }

  public static PlaceResult accepted(String exchangeOrderId, Optional<OrderState> state) {
    return new PlaceResult(Outcome.ACCEPTED, Optional.of(exchangeOrderId), state, "0", "accepted");
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
