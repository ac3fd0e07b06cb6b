package dev.mariposa.kernel;

import dev.mariposa.signal.Signal;
import java.util.List;
import java.util.Locale;

/**
 * Why an order was placed, in the backtest report's words for exits: {@code signal} (the agent's
 * analysis or a signal sent through the API), {@code stop-loss}, {@code take-profit} or
 * {@code trailing} (a position guard's exit, by the text it gives: see trade.PositionGuard), or
 * {@code liquidation}. Live orders keep it ({@code exitReason}) and so do their fills, so the
 * dashboard's markers say it as the report does.
 */
public final class ExitReason {
  public static final String SIGNAL = "signal";
  public static final String LIQUIDATION = "liquidation";
  /** A guard's exits, matched on the start of the exit signal's first reason. */
  private static final List<String> GUARDS = List.of("stop-loss", "take-profit", "trailing");

  private ExitReason() {}

  /** An order's reason from its signal's {@code source} (lower case) and, for an exit, its first reason. */
  public static String of(String source, String exit) {
    if (LIQUIDATION.equals(source)) {
      return LIQUIDATION;
    }
    if (exit != null) {
      for (String guard : GUARDS) {
        if (exit.startsWith(guard)) {
          return guard;
        }
      }
    }
    return SIGNAL;
  }

  /** The reason of an order placed for {@code signal}. */
  public static String of(Signal signal) {
    boolean exit = signal.source() == Signal.Source.EXIT && !signal.reasons().isEmpty();
    return of(signal.source().name().toLowerCase(Locale.ROOT), exit ? signal.reasons().get(0) : null);
  }
}
