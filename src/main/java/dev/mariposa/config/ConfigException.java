package dev.mariposa.config;

/** A configuration value that cannot be used: the message names the variable and what is allowed. */
public final class ConfigException extends RuntimeException {
  /** Line breaks in {@code message} are replaced by spaces: the error is always one line. */
  public ConfigException(String message) {
    super(message == null ? null : message.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " "), null, false, false);
  }
}
