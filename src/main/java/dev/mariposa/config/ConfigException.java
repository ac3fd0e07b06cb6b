package dev.mariposa.config;

/** A configuration value that cannot be used: the message names the variable and what is allowed. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
