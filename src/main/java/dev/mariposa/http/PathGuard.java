package dev.mariposa.http;

import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The router's first route: a path it cannot decode (a bad %-escape) or one that climbs with
 * encoded slashes ("/..%2f..", which dot-segment removal leaves alone) is refused here with 400
 * {@code invalid_path}, a query string it cannot decode with 400 {@code invalid_parameter}. Past
 * this guard vertx-web's route matching throws on the first (a stack trace logged per request),
 * its static handler fails on the second (a 500), and a route with path parameters answers the
 * third with a bare 500.
 */
final class PathGuard {
  private PathGuard() {}

  static void check(RoutingContext ctx) {
    String path;
    try {
      path = ctx.normalizedPath();
    } catch (IllegalArgumentException e) {
      ApiError.send(ctx, ErrorCode.INVALID_PATH, "The path is not correctly percent-encoded");
      return;
    }
    if (path == null || path.isEmpty() || path.charAt(0) != '/' || climbs(path)) {
      ApiError.send(ctx, ErrorCode.INVALID_PATH, "The path must start with / and stay below the root");
      return;
    }
    if (ctx.request().query() != null && !queryDecodes(ctx)) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "The query string is not correctly percent-encoded");
      return;
    }
    ctx.next();
  }

  /** The query parsed once here (kept by the context): route matching would fail on it with a bare 500. */
  private static boolean queryDecodes(RoutingContext ctx) {
    try {
      ctx.queryParams();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether a segment of {@code path}, decoded, holds a "." or ".." segment of its own. */
  private static boolean climbs(String path) {
    if (path.indexOf('%') < 0 && path.indexOf('\\') < 0) {
      return false; // the normalized path has no dot segments left: only escapes can hide one
    }
    for (String segment : path.split("/")) {
      String decoded;
      try {
        decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return true;
      }
      for (String part : decoded.split("[/\\\\]", -1)) {
        if (part.equals(".") || part.equals("..")) {
          return true;
        }
      }
    }
    return false;
  }
}
