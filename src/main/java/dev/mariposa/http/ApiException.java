package dev.mariposa.http;

/**
 * A request that cannot be served, with the status and the code of the JSON error. Commands fail
 * their futures with it, so the HTTP route and the bridge's request address answer alike.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
