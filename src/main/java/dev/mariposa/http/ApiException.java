package dev.mariposa.http;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that cannot be served: the code of the JSON error (its status with it), the message,
 * and what else the error carries ({@code problems}, {@code currentVersion}, {@code symbols}) and
 * the headers the answer carries (ETag, Retry-After). Commands fail their futures with it, so the
 * HTTP route and the bridge's request address answer alike.
 */
final class ApiException extends RuntimeException {
  private final ErrorCode code;
  private final JsonObject details = new JsonObject();
  private final Map<String, String> headers = new LinkedHashMap<>();

  ApiException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** Adds a field to the error object, beside code and message. */
  ApiException with(String field, Object value) {
    details.put(field, value);
    return this;
  }

  /** Adds a header to the answer. */
  ApiException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return code.status();
  }

  ErrorCode code() {
    return code;
  }

  JsonObject details() {
    return details;
  }

  Map<String, String> headers() {
    return headers;
  }
}
