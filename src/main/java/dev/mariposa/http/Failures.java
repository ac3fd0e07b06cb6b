package dev.mariposa.http;

import com.mongodb.MongoException;
import dev.mariposa.market.UpstreamException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names what failed: the failure of a handler's reads or writes becomes the error of the component
 * it came from, told by its type, never guessed from the handler: a market venue (its {@link
 * UpstreamException} names it), MongoDB (the driver's exceptions), Redis (the client's, a refused
 * connection or a command timeout: the venue's are wrapped, so these are Redis's). Anything else is
 * a defect here, answered 500 and logged with its cause.
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  /** {@code subject}: what the request reads or writes ("the agents"); {@code request}: for the log. */
  static ApiException name(Throwable failure, String subject, String request) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof UpstreamException upstream) {
      ApiException answer = new ApiException(upstream.kind() == UpstreamException.Kind.REFUSED
          ? ErrorCode.UPSTREAM_REFUSED : ErrorCode.UPSTREAM_UNAVAILABLE, upstream.getMessage())
          .with("venue", upstream.venue());
      upstream.retryIn().ifPresent(wait -> answer.header("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
      return answer;
    }
    if (causedBy(failure, MongoException.class)) {
      return new ApiException(ErrorCode.MONGODB_UNAVAILABLE, "MongoDB is not answering (for " + subject + ")");
    }
    if (fromRedis(failure)) {
      return new ApiException(ErrorCode.REDIS_UNAVAILABLE, "Redis is not answering (for " + subject + ")");
    }
    LOG.error("{} failed", request, failure);
    return new ApiException(ErrorCode.INTERNAL_ERROR, "The server failed to handle the request");
  }

  private static boolean fromRedis(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof TimeoutException || c.getClass().getName().startsWith("io.vertx.redis.")) {
        return true;
      }
    }
    return false;
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
