package dev.mariposa.exchange.okx;

/** An answer of OKX that is not the expected one, or a call that could not be completed. */
public final class OkxException extends RuntimeException {
  private final String code;

  public OkxException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** OKX's code, or this adapter's own (NO_ANSWER, CIRCUIT_OPEN, RATE_LIMIT, BODY, ...). */
  public String code() {
    return code;
  }
}
