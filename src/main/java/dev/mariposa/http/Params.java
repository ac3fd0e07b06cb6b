package dev.mariposa.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Query parameters, validated: a bad one is answered with 400 and the JSON error, and comes back empty. */
final class Params {
  private Params() {}

  static Optional<Integer> integer(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return Optional.of(fallback);
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return Optional.of(parsed);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    ApiError.send(ctx, 400, "invalid_parameter", name + " must be a whole number from " + min + " to " + max);
    return Optional.empty();
  }
}
