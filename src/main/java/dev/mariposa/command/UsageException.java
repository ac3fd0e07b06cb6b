package dev.mariposa.command;

/**
 * Bad input to an offline command (exit code 2); {@code withUsage}: print the usage after the
 * message (a malformed command line), else the one line says it all.
 */
public final class UsageException extends Exception {
  private final boolean withUsage;

  private UsageException(String message, boolean withUsage) {
    super(message);
    this.withUsage = withUsage;
  }

  /** A malformed command line: the message, then the usage. */
  public static UsageException withUsage(String message) {
    return new UsageException(message, true);
  }

  /** Input that parses but cannot be run: one line says why. */
  public static UsageException alone(String message) {
    return new UsageException(message, false);
  }

  public boolean withUsage() {
    return withUsage;
  }

  /** What the command prints: the usage alone for a bare --help, else the message (then the usage if asked). */
  public String text(String command, String usage) {
    return getMessage().isEmpty() ? usage : command + ": " + getMessage() + (withUsage ? "\n\n" + usage : "");
  }
}
