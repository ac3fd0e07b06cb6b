package dev.mariposa.http;

import dev.mariposa.config.Secret;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Guards mutating endpoints with the bearer tokens of API_TOKENS. Every configured token is
 * compared, in constant time, whatever matched first: the answer's timing says nothing about the
 * tokens. Without API_TOKENS the guarded endpoints are off, and say how to turn them on.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final List<Secret> tokens;

  BearerAuth(List<Secret> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (tokens.isEmpty()) {
      ApiError.send(ctx, 403, "mutations_disabled",
          "This endpoint changes state and is off: set API_TOKENS and send Authorization: Bearer <token>");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String candidate = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? header.substring(PREFIX.length()).trim() : "";
    boolean valid = false;
    for (Secret token : tokens) {
      valid |= token.matches(candidate);
    }
    if (!valid) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiError.send(ctx, 401, "unauthorized", header == null
          ? "Send Authorization: Bearer <token> (one of API_TOKENS)" : "The bearer token is not valid");
      return;
    }
    ctx.next();
  }
}
