package dev.mariposa.market.bars;

import dev.mariposa.market.replay.KlineCsv;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A year of 1m-like bars for the memory figures, from the real 5m months of
 * {@code binance/klines/months} (the shared recordings hold no year of real 1m bars): each 5m bar
 * repeated five times, a minute apart, with its recorded values, cut at 525,600 bars. Not real
 * minutes, but real prices, volumes and ranges, which decide how tightly the columns pack.
 */
public final class MinuteLikeYears {
  public static final int YEAR_OF_MINUTES = 525_600;

  private MinuteLikeYears() {}

  /** SYMBOL's months of {@code year} ({@code SYMBOL-5m-YEAR-MM.csv}, all twelve) as a year of 1m-like bars. */
  public static BarColumns of(Path months, String symbol, int year) throws IOException {
    BarColumns.Builder minutes = BarColumns.builder(symbol, "1m", YEAR_OF_MINUTES);
    for (int month = 1; month <= 12 && minutes.size() < YEAR_OF_MINUTES; month++) {
      BarColumns fives = KlineCsv.columns(months.resolve(String.format("%s-5m-%d-%02d.csv", symbol, year, month)));
      for (int i = 0; i < fives.size() && minutes.size() < YEAR_OF_MINUTES; i++) {
        for (int k = 0; k < 5 && minutes.size() < YEAR_OF_MINUTES; k++) {
          long open = fives.openTime(i) + k * 60_000L;
          minutes.add(fives, i, open, open + 59_999);
        }
      }
    }
    return minutes.build();
  }
}
