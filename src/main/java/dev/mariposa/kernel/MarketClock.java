package dev.mariposa.kernel;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Decision time. Live, one time for every symbol: the system clock. In a replay, each symbol's
 * own replayed time ({@link ReplayClock}): files of different days replay side by side, and a
 * decision about a symbol (its signal's expiry, its ticker's age, its order's and fill's stamps)
 * is taken at that symbol's time, or a 2021 capture would look years stale beside 2024 bars.
 */
public interface MarketClock extends InstantSource {
  /** The time of decisions about {@code symbol}; {@link #millis()} where the clock keeps one time. */
  default long millis(String symbol) {
    return millis();
  }

  /** The system clock: live trading. */
  static MarketClock system() {
    return SystemClock.INSTANCE;
  }

  /** The wall clock as a {@link MarketClock}. */
  enum SystemClock implements MarketClock {
    INSTANCE;

    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }
  }
}
