package dev.mariposa.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * MARIPOSA_LOG_LEVEL, which logback.xml reads as {@code ${MARIPOSA_LOG_LEVEL:-INFO}}. Logback turns
 * a level it does not know (or a blank one) into DEBUG without a word, so the value is checked here
 * with the rest of the configuration, and Main hands logback the checked, upper-cased level.
 */
public final class LogLevel {
  public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  public static final String DEFAULT = "INFO";

  private LogLevel() {}

  /** The level {@code env} asks for, upper-case; {@link #DEFAULT} when unset or blank; empty when it is no level. */
  public static Optional<String> of(Map<String, String> env) {
    String value = env.get(Variables.MARIPOSA_LOG_LEVEL);
    if (value == null || value.isBlank()) {
      return Optional.of(DEFAULT);
    }
    String level = value.trim().toUpperCase(Locale.ROOT);
    return LEVELS.contains(level) ? Optional.of(level) : Optional.empty();
  }
}
