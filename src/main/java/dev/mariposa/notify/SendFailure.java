package dev.mariposa.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A notification that did not go: whether to try again, and when the other side asked us to
 * (Telegram's {@code parameters.retry_after}, a webhook's Retry-After). Its message never holds a
 * URL: the bot token is in every Bot API path, and a webhook URL is its own secret.
 */
final class SendFailure extends RuntimeException {
  private final boolean permanent;
  private final Optional<Duration> retryAfter;

  private SendFailure(String message, boolean permanent, Optional<Duration> retryAfter) {
    super(message, null, false, false);
    this.permanent = permanent;
    this.retryAfter = retryAfter;
  }

  /** Worth another try after the usual backoff (a 5xx, a network error). */
  static SendFailure retry(String message) {
    return new SendFailure(message, false, Optional.empty());
  }

  /** Worth another try after {@code wait}, as the other side asked. */
  static SendFailure retryAfter(String message, Duration wait) {
    return new SendFailure(message, false, Optional.of(wait));
  }

  /** The same request would fail again (a 400, a wrong token, a chat that blocked the bot). */
  static SendFailure permanent(String message) {
    return new SendFailure(message, true, Optional.empty());
  }

  boolean permanent() {
    return permanent;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
