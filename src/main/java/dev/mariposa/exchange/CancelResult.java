package dev.mariposa.exchange;

/**
 * What became of a cancel request, decided by the adapter (OKX's 51400 family) so that the caller
 * knows no venue code. A cancel is safe to send again: it is idempotent by client order id.
 */
public record CancelResult(Outcome outcome, String code, String message) {
  public enum Outcome {
    /** The venue cancelled it (what had filled before stays filled). */
    CANCELED,
    /** It was final already: cancelled (51401) or filled (51402); look it up for its fills. */
    ALREADY_FINAL,
    /** The venue does not know the order (51400). */
    NOT_FOUND,
    /** No answer, or an answer that cannot be read: the order may or may not be cancelled; look it up. */
    UNKNOWN
  }

  public static CancelResult of(Outcome outcome, String code, String message) {
    return new CancelResult(outcome, code, message);
  }
}
