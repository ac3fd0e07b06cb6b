package dev.mariposa.exchange;

/**
 * What became of a request to amend a resting order's price or size, decided by the adapter so
 * that the caller knows no venue code. The caller's request id makes a retried amend the same
 * amend: send it again with the same id (and the same new values) whenever the outcome is unknown.
 * The amend sets absolute values (the new total size, fills included, and the new price), so an
 * amend that the venue did once and does again leaves the order as once. Retry only an order's
 * latest amend: an older one done again would undo a newer (OKX does not promise to recognise a
 * request id it has seen).
 */
public record AmendResult(Outcome outcome, String code, String message) {
  public enum Outcome {
    /**
     * The venue accepted the request, which does not yet say the order was amended (OKX amends
     * afterwards, and may still fail): look the order up for its new state. A new size at or below
     * what has filled ends the order as filled at OKX, which is no refusal.
     */
    AMENDED,
    /** The order was final already (filled or cancelled): nothing to amend; look it up for its fills. */
    ALREADY_FINAL,
    /** The venue does not know the order. */
    NOT_FOUND,
    /**
     * Known and final for this request: the venue refused the amend and the order stands as it was
     * ({@code code} says why: a price off the tick, a post-only price that would take ...).
     */
    REJECTED,
    /** No answer, or one that cannot be read: the order may or may not be amended; look it up. */
    UNKNOWN
  }

  public static AmendResult of(Outcome outcome, String code, String message) {
    return new AmendResult(outcome, code, message);
  }
}
