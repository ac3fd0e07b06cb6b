package dev.mariposa.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one error format of the API: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ApiError {
  private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

  private ApiError() {}

  public static void send(RoutingContext ctx, int status, String code, String message) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode());
  }

  /** Answers {@code failure}: an {@link ApiException} as itself, anything else as 500. */
  public static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiException api) {
      send(ctx, api.status(), api.code(), api.getMessage());
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, 500, "internal_error", "The server failed to handle the request");
    }
  }

  /** Router failure handler: maps whatever failed to a status and the JSON error. */
  public static void handleFailure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    switch (status) {
      case 400 -> send(ctx, 400, "bad_request", messageOr(ctx, "The request is malformed"));
      case 401 -> send(ctx, 401, "unauthorized", "A valid bearer token is required");
      case 403 -> send(ctx, 403, "forbidden", "This token may not do that");
      case 404 -> notFound(ctx);
      case 405 -> send(ctx, 405, "method_not_allowed", "Method " + ctx.request().method() + " is not allowed here");
      case 413 -> send(ctx, 413, "payload_too_large", "The request body is larger than the limit");
      case 415 -> send(ctx, 415, "unsupported_media_type", "Send JSON with Content-Type: application/json");
      default -> {
        if (status >= 500) {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
          send(ctx, status, "internal_error", "The server failed to handle the request");
        } else {
          send(ctx, status, "error", messageOr(ctx, "The request failed"));
        }
      }
    }
  }

  public static void notFound(RoutingContext ctx) {
    send(ctx, 404, "not_found", "No resource at " + ctx.request().path());
  }

  private static String messageOr(RoutingContext ctx, String fallback) {
    Throwable failure = ctx.failure();
    return failure != null && failure.getMessage() != null ? failure.getMessage() : fallback;
  }
}
