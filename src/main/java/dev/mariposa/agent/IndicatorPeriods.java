package dev.mariposa.agent;

/**
 * The periods of the indicators an agent's technical model reads (its {@code params}): agents
 * with the same periods on a symbol and interval share one series, computed once per bar.
 */
public record IndicatorPeriods(int rsi, int emaFast, int emaSlow, int macdFast, int macdSlow, int macdSignal,
                               int bollinger, double bollingerK, int atr, int vwap) {
  /** RSI 14, EMA 9/21, MACD 12/26/9, Bollinger 20 ± 2σ, ATR 14, VWAP over 20 bars. */
  public static final IndicatorPeriods STANDARD = new IndicatorPeriods(14, 9, 21, 12, 26, 9, 20, 2.0, 14, 20);

  public IndicatorPeriods {
    for (int period : new int[] {rsi, emaFast, emaSlow, macdFast, macdSlow, macdSignal, bollinger, atr, vwap}) {
      if (period < 1 || period > 1_000) {
        throw new IllegalArgumentException("an indicator period is a whole number of bars from 1 to 1000, not " + period);
      }
    }
    if (macdFast >= macdSlow) {
      throw new IllegalArgumentException("the MACD's fast period (" + macdFast + ") must be shorter than its slow one ("
          + macdSlow + ")");
    }
    if (!(bollingerK > 0) || bollingerK > 10) {
      throw new IllegalArgumentException("the Bollinger width is above 0 and at most 10 standard deviations, not " + bollingerK);
    }
  }

  /** The widest window a value needs: how many closes a series keeps. */
  public int widestWindow() {
    return Math.max(bollinger, vwap);
  }
}
