package dev.mariposa.http;

import dev.mariposa.config.Secret;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Guards mutating endpoints with the bearer tokens of API_TOKENS. Every configured token is
 * compared, in constant time, whatever matched first: the answer's timing says nothing about the
 * tokens. Without API_TOKENS the guarded endpoints are off, and say how to turn them on.
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final List<Secret> tokens;

  public BearerAuth(List<Secret> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /** Whether an {@code Authorization} value ("Bearer ...") presents one of the configured tokens. */
  public boolean valid(String authorization) {
    return match(authorization).isPresent();
  }

  /** The configured token an {@code Authorization: Bearer ...} value presents, if any. */
  Optional<Secret> match(String authorization) {
    String candidate = authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? authorization.substring(PREFIX.length()).trim() : "";
    Secret found = null;
    for (Secret token : tokens) {
      if (token.matches(candidate) && found == null) {
        found = token;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * Who presents an {@code Authorization} value, when it names a configured token: {@code
   * token:<fingerprint>}, the token told apart without showing it (rate limits, who halted).
   */
  Optional<String> identity(String authorization) {
    return match(authorization).map(token -> "token:" + token.fingerprint());
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled()) {
      ApiError.send(ctx, ErrorCode.MUTATIONS_DISABLED,
          "This endpoint changes state and is off: set API_TOKENS and send Authorization: Bearer <token>");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (match(header).isEmpty()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiError.send(ctx, ErrorCode.UNAUTHORIZED, header == null
          ? "Send Authorization: Bearer <token> (one of API_TOKENS)" : "The bearer token is not valid");
      return;
    }
    ctx.next();
  }
}
