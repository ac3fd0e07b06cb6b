package dev.mariposa.research;

/**
 * Bad input to {@code mariposa optimize} (exit code 2); {@code withUsage}: print the usage after
 * the message (a malformed command line), else the one line says it all.
 */
public final class UsageException extends Exception {
  final boolean withUsage;

  UsageException(String message, boolean withUsage) {
    super(message);
    this.withUsage = withUsage;
  }

  /** A malformed command line: the message, then the usage. */
  static UsageException withUsage(String message) {
    return new UsageException(message, true);
  }

  /** Input that parses but cannot be run: one line says why. */
  public static UsageException alone(String message) {
    return new UsageException(message, false);
  }
}
