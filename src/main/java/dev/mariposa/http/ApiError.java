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

  public static void send(RoutingContext ctx, ErrorCode code, String message) {
    send(ctx, code.status(), code, message, new JsonObject());
  }

  static void send(RoutingContext ctx, ApiException failure) {
    if (!ctx.response().headWritten()) {
      failure.headers().forEach(ctx.response()::putHeader);
    }
    send(ctx, failure.status(), failure.code(), failure.getMessage(), failure.details());
  }

  /** Answers {@code failure}: an {@link ApiException} as itself, anything else as 500. */
  public static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiException api) {
      send(ctx, api);
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      send(ctx, ErrorCode.INTERNAL_ERROR, "The server failed to handle the request");
    }
  }

  /**
   * Answers the failure of a handler's reads or writes, naming the component it came from (see
   * {@link Failures}); {@code subject} says what the handler was after, e.g. "the agents".
   */
  static void send(RoutingContext ctx, Throwable failure, String subject) {
    send(ctx, Failures.name(failure, subject, ctx.request().method() + " " + ctx.request().path()));
  }

  private static void send(RoutingContext ctx, int status, ErrorCode code, String message, JsonObject details) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body(code, message, details).encode());
  }

  /** {@code {"error":{"code","message",...details}}}. */
  static JsonObject body(ErrorCode code, String message, JsonObject details) {
    JsonObject error = new JsonObject().put("code", code.code()).put("message", message);
    details.forEach(field -> error.put(field.getKey(), field.getValue()));
    return new JsonObject().put("error", error);
  }

  /**
   * A request the HTTP codec could not read (a bad request line or header, one too long): the JSON
   * error with the status Vert.x's default would send (which sends no body), then the connection
   * closes as there: where the next request starts cannot be trusted. The messages are fixed, as
   * the codec's own may quote the offending header.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ErrorCode code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      code = ErrorCode.URI_TOO_LONG;
      message = "The request line is longer than the server reads";
    } else if (cause instanceof TooLongHttpHeaderException) {
      code = ErrorCode.HEADERS_TOO_LARGE;
      message = "The request headers are larger than the server reads";
    } else {
      code = ErrorCode.BAD_REQUEST;
      message = "The request is not valid HTTP/1.1";
    }
    request.response().setStatusCode(code.status()).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close")
        .end(body(code, message, new JsonObject()).encode())
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
      case 400 -> send(ctx, ErrorCode.BAD_REQUEST, messageOr(ctx, "The request is malformed"));
      case 401 -> send(ctx, ErrorCode.UNAUTHORIZED, "A valid bearer token is required");
      case 403 -> send(ctx, ErrorCode.FORBIDDEN, messageOr(ctx, "The request is not allowed"));
      case 404 -> notFound(ctx);
      case 405 -> methodNotAllowed(ctx);
      case 413 -> send(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the limit");
      case 415 -> send(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send JSON with Content-Type: application/json");
      default -> {
        if (status >= 500) {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
          send(ctx, ErrorCode.INTERNAL_ERROR, "The server failed to handle the request");
        } else {
          send(ctx, status, ErrorCode.REQUEST_REFUSED, messageOr(ctx, "The request was refused"), new JsonObject());
        }
      }
    }
  }

  public static void notFound(RoutingContext ctx) {
    send(ctx, ErrorCode.NOT_FOUND, "No resource at " + ctx.request().path());
  }

  public static void methodNotAllowed(RoutingContext ctx) {
    send(ctx, ErrorCode.METHOD_NOT_ALLOWED, "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path());
  }

  private static String messageOr(RoutingContext ctx, String fallback) {
    Throwable failure = ctx.failure();
    return failure != null && failure.getMessage() != null ? failure.getMessage() : fallback;
  }
}
