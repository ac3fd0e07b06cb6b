package dev.mariposa.market;

import java.time.Duration;
import java.util.Optional;

/**
 * A market venue's REST API failed a request: it could not be reached or failed ({@link
 * Kind#UNAVAILABLE}), or it answered with a refusal ({@link Kind#REFUSED}). The message names the
 * venue and what happened, so whoever reports it (the API, a log line) blames the right component.
 */
public class UpstreamException extends RuntimeException {
  public enum Kind { UNAVAILABLE, REFUSED }

  private final String venue;
  private final Kind kind;
  private final Duration retryAfter;

  public UpstreamException(String venue, Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause, false, false);
    this.venue = venue;
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public String venue() {
    return venue;
  }

  public Kind kind() {
    return kind;
  }

  /** How long the venue (or the limiter guarding it) asks callers to wait, when it says. */
  public Optional<Duration> retryIn() {
    return Optional.ofNullable(retryAfter);
  }
}
