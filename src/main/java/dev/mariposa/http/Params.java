package dev.mariposa.http;

import dev.mariposa.agent.AgentJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Parameters and bodies, validated: a bad one is answered with 400 and the JSON error, and comes back empty. */
final class Params {
  private Params() {}

  /** The {@code id} path parameter as an agent id. */
  static Optional<String> agentId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !AgentJson.ID.matcher(id).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "agent id must be 1 to 40 lower-case letters, digits or '-'");
      return Optional.empty();
    }
    return Optional.of(id);
  }

  /**
   * The body as a JSON object; an empty body is an empty object when {@code required} is false.
   * Anything else is answered with 400 invalid_json.
   */
  static Optional<JsonObject> body(RoutingContext ctx, boolean required, String what) {
    Buffer buffer = ctx.body().buffer();
    if (!required && (buffer == null || buffer.length() == 0)) {
      return Optional.of(new JsonObject());
    }
    try {
      if (buffer != null && buffer.length() > 0 && Json.decodeValue(buffer) instanceof JsonObject object) {
        return Optional.of(object);
      }
    } catch (RuntimeException e) {
      // answered below
    }
    ApiError.send(ctx, ErrorCode.INVALID_JSON, "The body must be a JSON object" + what);
    return Optional.empty();
  }

  /** An optional time in ms since the epoch: empty (and answered 400) when present but not one; null inside when absent. */
  static Optional<Optional<Long>> millis(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return Optional.of(Optional.empty());
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return Optional.of(Optional.of(parsed));
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, name + " must be a time in ms since the epoch");
    return Optional.empty();
  }

  /** An optional true or false: empty (and answered 400) when present but neither; empty inside when absent. */
  static Optional<Optional<Boolean>> bool(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return Optional.of(Optional.empty());
    }
    if ("true".equals(value.trim()) || "false".equals(value.trim())) {
      return Optional.of(Optional.of(Boolean.parseBoolean(value.trim())));
    }
    ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, name + " must be true or false");
    return Optional.empty();
  }

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
    ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, name + " must be a whole number from " + min + " to " + max);
    return Optional.empty();
  }
}
