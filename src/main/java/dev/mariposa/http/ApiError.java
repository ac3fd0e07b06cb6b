package dev.mariposa.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.channels.ClosedChannelException;
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

  /**
   * A request the HTTP codec could not read (a bad request line or header, one too long): the JSON
   * error with the status Vert.x's default would send (which sends no body), then the connection
   * closes as there: where the next request starts cannot be trusted. The messages are fixed, as
   * the codec's own may quote the offending header.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "uri_too_long";
      message = "The request line is longer than the server reads";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "headers_too_large";
      message = "The request headers are larger than the server reads";
    } else {
      status = 400;
      code = "bad_request";
      message = "The request is not valid HTTP/1.1";
    }
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).encode())
        .onComplete(done -> request.connection().close());
  }

  /** Router failure handler: maps whatever failed to a status and the JSON error. */
  public static void handleFailure(RoutingContext ctx) {
    if (ctx.response().closed() || ctx.failure() instanceof ClosedChannelException
        || ctx.failure() instanceof HttpClosedException) {
      // The client is gone (it hung up, or broke the message's framing): nobody to answer, and
      // nothing failed on this side worth a stack trace.
      LOG.debug("{} {}: the connection closed before the answer", ctx.request().method(), ctx.request().path());
      return;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    switch (status) {
      case 400 -> send(ctx, 400, "bad_request", messageOr(ctx, "The request is malformed"));
      case 401 -> send(ctx, 401, "unauthorized", "A valid bearer token is required");
      case 403 -> send(ctx, 403, "forbidden", messageOr(ctx, "The request is not allowed"));
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
