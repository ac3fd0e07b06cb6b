package dev.mariposa.analysis.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every indicator of {@link MarketSeries}, on every bar of a real day (BTCUSDT 1m, 2024-09-21: 1440
 * bars), against a reference computed here in plain doubles without ta4j. The series counts at
 * most 500 bars, so the last 940 bars are checked at that bound (IndicatorsMatchTa4jTest holds the
 * same values to ta4j's own).
 *
 * <p>The reference follows the definitions ta4j 0.17 implements (read from its bytecode):
 *
 * <ul>
 *   <li>EMA(n): {@code ema[0] = x[0]}, then {@code ema[i] = ema[i-1] + (x[i] - ema[i-1]) * 2/(n+1)}
 *       (seeded with the first value, not with an SMA of the first n).
 *   <li>Wilder's smoothing, ta4j's MMA(n): the same recursion with {@code 1/n}, also seeded with
 *       the first value.
 *   <li>RSI(n): {@code 100 - 100/(1 + MMA(gain)/MMA(loss))}, gain and loss of the close, both 0 on
 *       the first bar; 100 when the average loss is 0 (0 when both are).
 *   <li>ATR(n): MMA(n) of the true range; the first bar's true range is {@code high - low}.
 *   <li>MACD(12,26): EMA12 - EMA26; signal: EMA9 of the MACD (seeded with MACD[0] = 0); histogram:
 *       MACD - signal.
 *   <li>Bollinger(20, 2): SMA20 ± 2 population standard deviations (divided by n, not n-1).
 *   <li>VWAP(20): a rolling window, not a session VWAP: sum(typical price * volume) / sum(volume) over
 *       the last 20 bars, typical price = (high + low + close) / 3.
 * </ul>
 *
 * <p>The recursive indicators are seeded at bar 0 of the day and compared exactly on every bar, also
 * after evictions: the test reads a snapshot every bar, so ta4j finds the previous value in its
 * cache and never re-seeds from the oldest bar it still holds. (It would if no snapshot were taken
 * for more bars than the bound; with 500 bars the re-seeding error has decayed below 1e-14 by then.)
 * On this day every value is bit-identical to the reference except the upper Bollinger band, off by
 * at most 5e-16 relative (ta4j's SMA there comes from a running sum); the tolerance of 1e-9 only
 * leaves room for another order of floating-point operations.
 * {@link #ta4jSeedingConvergesToTheTextbookSeeding} measures how far ta4j's seeding is from the
 * textbook's (an EMA seeded with an SMA, Wilder's averages seeded with an average of n values).
 */
class MarketSeriesReferenceTest {
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final int MAX_BARS = 500;
  /** Relative tolerance, against max(|expected|, 1): the noise floor of a difference of ~63,000 prices. */
  private static final double TOLERANCE = 1e-9;
  // The periods as specified, written out rather than read from MarketSeries.
  private static final int RSI_BARS = 14;
  private static final int EMA_FAST_BARS = 9;
  private static final int EMA_SLOW_BARS = 21;
  private static final int MACD_FAST_BARS = 12;
  private static final int MACD_SLOW_BARS = 26;
  private static final int MACD_SIGNAL_BARS = 9;
  private static final int BOLLINGER_BARS = 20;
  private static final double BOLLINGER_K = 2.0;
  private static final int ATR_BARS = 14;
  private static final int VWAP_BARS = 20;

  private static List<Kline> klines;
  private static Reference ref;

  @BeforeAll
  static void load() throws IOException {
    klines = KlineCsv.read(SharedData.require(DAY));
    ref = new Reference(klines);
  }

  @Test
  void everyIndicatorMatchesTheReferenceOnEveryBar() {
    assertThat(klines).hasSize(1440);
    assertThat(MarketSeries.WARMUP_BARS).isGreaterThanOrEqualTo(MACD_SLOW_BARS + MACD_SIGNAL_BARS);
    MarketSeries series = new MarketSeries("BTCUSDT", "1m", MAX_BARS);
    assertThat(series.snapshot()).isEmpty();

    for (int i = 0; i < klines.size(); i++) {
      Kline k = klines.get(i);
      assertThat(add(series, k, 0)).as("bar %d added", i).isTrue();
      int bars = Math.min(i + 1, MAX_BARS);
      assertThat(series.size()).as("size at bar %d", i).isEqualTo(bars).isLessThanOrEqualTo(MAX_BARS);
      assertThat(series.lastOpenTime()).isEqualTo(k.openTime());

      IndicatorSnapshot s = series.snapshot().orElseThrow();
      assertThat(s.symbol()).isEqualTo("BTCUSDT");
      assertThat(s.interval()).isEqualTo("1m");
      assertThat(s.openTime()).isEqualTo(k.openTime());
      assertThat(s.closeTime()).isEqualTo(k.closeTime());
      assertThat(s.bars()).isEqualTo(bars);
      assertThat(s.warm()).as("warm at %d bars", bars).isEqualTo(bars >= MarketSeries.WARMUP_BARS);
      assertThat(s.close()).isEqualTo(ref.close[i]);

      for (Field f : Field.values()) {
        double actual = f.of(s);
        double expected = f.reference(ref, i, bars);
        if (Double.isNaN(expected)) {
          assertThat(actual).as("%s at bar %d (%d bars): not enough bars yet", f, i, bars).isNaN();
        } else {
          double scale = Math.max(Math.abs(expected), 1.0);
          assertThat(actual).as("%s at bar %d (%d bars)", f, i, bars)
              .isCloseTo(expected, within(TOLERANCE * scale));
        }
      }

      // A bar at or before the last one changes nothing: not the bars, not a value.
      IndicatorSnapshot before = series.snapshot().orElseThrow();
      assertThat(add(series, k, 1.0)).as("the same open time again, other prices").isFalse();
      assertThat(add(series, k, -2.5, -60_000)).as("an earlier open time").isFalse();
      assertThat(series.size()).isEqualTo(bars);
      assertThat(series.lastOpenTime()).isEqualTo(k.openTime());
      assertThat(series.snapshot()).contains(before);
    }
  }

  /**
   * Not a check of MarketSeries against ta4j but of ta4j's seeding against the textbook's, measured
   * on this day. Seeding the recursions with the first value instead of an average of n values moves
   * the first exposed values a lot: RSI by up to 7.9 points (bar 22), the EMA21 by $5.3 (bar 20), the
   * ATR by $5.0 (bar 13), the MACD by $24 (bar 25) and, at bar 34 where the series first says it is
   * warm, the MACD by $11.9 and its signal line by $21.4 (the median |MACD| of this day is $8.9).
   * The difference decays geometrically, by (1 - alpha) a bar: above $0.01 (or 0.01 RSI point) until
   * bar 35 for the EMA9, 85 for the EMA21, 96 for the RSI and the ATR, 125 for the MACD and 130 for
   * its signal; all six agree with the textbook within the relative 1e-9 from bar 320 on.
   */
  @Test
  void ta4jSeedingConvergesToTheTextbookSeeding() {
    MarketSeries series = new MarketSeries("BTCUSDT", "1m", MAX_BARS);
    Textbook tb = new Textbook(ref);
    for (int i = 0; i < klines.size(); i++) {
      add(series, klines.get(i), 0);
      IndicatorSnapshot s = series.snapshot().orElseThrow();
      if (i == MACD_SLOW_BARS + MACD_SIGNAL_BARS - 1) {
        // Where the MACD's signal is first defined, the seeding still dominates it...
        assertThat(Math.abs(s.macdSignal() - tb.signal[i])).as("MACD signal at bar 35, ta4j vs textbook")
            .isGreaterThan(10.0);
        assertThat(Math.abs(s.rsi() - tb.rsi[i])).as("RSI at bar 35, ta4j vs textbook").isGreaterThan(1.0);
      }
      if (i == MarketSeries.WARMUP_BARS - 1) {
        // ...which is why the series says it is warm only once it no longer matters.
        assertThat(s.warm()).isTrue();
        assertThat(Math.abs(s.macdSignal() - tb.signal[i])).as("MACD signal, first warm bar, ta4j vs textbook")
            .isLessThan(0.05);
        assertThat(Math.abs(s.rsi() - tb.rsi[i])).as("RSI, first warm bar, ta4j vs textbook").isLessThan(0.05);
      }
      if (i >= 320) {
        double[] actual = {s.rsi(), s.emaFast(), s.emaSlow(), s.macd(), s.macdSignal(), s.atr()};
        double[] textbook = {tb.rsi[i], tb.emaFast[i], tb.emaSlow[i], tb.macd[i], tb.signal[i], tb.atr[i]};
        String[] names = {"rsi", "emaFast", "emaSlow", "macd", "macdSignal", "atr"};
        for (int j = 0; j < names.length; j++) {
          assertThat(actual[j]).as("%s at bar %d vs the textbook seeding", names[j], i)
              .isCloseTo(textbook[j], within(TOLERANCE * Math.max(Math.abs(textbook[j]), 1.0)));
        }
      }
    }
  }

  private static boolean add(MarketSeries series, Kline k, double shift) {
    return add(series, k, shift, 0);
  }

  private static boolean add(MarketSeries series, Kline k, double shift, long timeShift) {
    return series.add(k.openTime() + timeShift, k.closeTime() + timeShift, k.open().doubleValue() + shift,
        k.high().doubleValue() + shift, k.low().doubleValue() + shift, k.close().doubleValue() + shift,
        k.volume().doubleValue() + Math.abs(shift));
  }

  /** The snapshot fields checked, with the bars each needs (as MarketSeries documents them). */
  private enum Field {
    RSI(RSI_BARS + 1) {
      double of(IndicatorSnapshot s) { return s.rsi(); }
      double value(Reference r, int i) { return r.rsi[i]; }
    },
    EMA_FAST(EMA_FAST_BARS) {
      double of(IndicatorSnapshot s) { return s.emaFast(); }
      double value(Reference r, int i) { return r.emaFast[i]; }
    },
    EMA_SLOW(EMA_SLOW_BARS) {
      double of(IndicatorSnapshot s) { return s.emaSlow(); }
      double value(Reference r, int i) { return r.emaSlow[i]; }
    },
    MACD(MACD_SLOW_BARS) {
      double of(IndicatorSnapshot s) { return s.macd(); }
      double value(Reference r, int i) { return r.macd[i]; }
    },
    MACD_SIGNAL(MACD_SLOW_BARS + MACD_SIGNAL_BARS) {
      double of(IndicatorSnapshot s) { return s.macdSignal(); }
      double value(Reference r, int i) { return r.signal[i]; }
    },
    MACD_HISTOGRAM(MACD_SLOW_BARS + MACD_SIGNAL_BARS) {
      double of(IndicatorSnapshot s) { return s.macdHistogram(); }
      double value(Reference r, int i) { return r.macd[i] - r.signal[i]; }
    },
    BOLLINGER_UPPER(BOLLINGER_BARS) {
      double of(IndicatorSnapshot s) { return s.bollingerUpper(); }
      double value(Reference r, int i) { return r.sma20[i] + BOLLINGER_K * r.sd20[i]; }
    },
    BOLLINGER_MIDDLE(BOLLINGER_BARS) {
      double of(IndicatorSnapshot s) { return s.bollingerMiddle(); }
      double value(Reference r, int i) { return r.sma20[i]; }
    },
    BOLLINGER_LOWER(BOLLINGER_BARS) {
      double of(IndicatorSnapshot s) { return s.bollingerLower(); }
      double value(Reference r, int i) { return r.sma20[i] - BOLLINGER_K * r.sd20[i]; }
    },
    ATR(ATR_BARS) {
      double of(IndicatorSnapshot s) { return s.atr(); }
      double value(Reference r, int i) { return r.atr[i]; }
    },
    VWAP(VWAP_BARS) {
      double of(IndicatorSnapshot s) { return s.vwap(); }
      double value(Reference r, int i) { return r.vwap[i]; }
    };

    final int needed;

    Field(int needed) {
      this.needed = needed;
    }

    abstract double of(IndicatorSnapshot s);

    abstract double value(Reference r, int i);

    /** NaN while the series holds fewer bars than the indicator needs. */
    double reference(Reference r, int i, int bars) {
      return bars < needed ? Double.NaN : value(r, i);
    }
  }

  /** The indicators of the whole day, bar by bar, in plain doubles: no ta4j. */
  static final class Reference {
    final int n;
    final double[] high;
    final double[] low;
    final double[] close;
    final double[] volume;
    final double[] gain;
    final double[] loss;
    final double[] trueRange;
    final double[] rsi;
    final double[] emaFast;
    final double[] emaSlow;
    final double[] macd;
    final double[] signal;
    final double[] sma20;
    final double[] sd20;
    final double[] atr;
    final double[] vwap;

    Reference(List<Kline> klines) {
      n = klines.size();
      high = new double[n];
      low = new double[n];
      close = new double[n];
      volume = new double[n];
      for (int i = 0; i < n; i++) {
        Kline k = klines.get(i);
        high[i] = k.high().doubleValue();
        low[i] = k.low().doubleValue();
        close[i] = k.close().doubleValue();
        volume[i] = k.volume().doubleValue();
      }
      gain = new double[n];
      loss = new double[n];
      trueRange = new double[n];
      trueRange[0] = high[0] - low[0];
      for (int i = 1; i < n; i++) {
        double change = close[i] - close[i - 1];
        gain[i] = Math.max(change, 0);
        loss[i] = Math.max(-change, 0);
        trueRange[i] = Math.max(high[i] - low[i],
            Math.max(Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1])));
      }
      double[] avgGain = smooth(gain, 1.0 / RSI_BARS);
      double[] avgLoss = smooth(loss, 1.0 / RSI_BARS);
      rsi = new double[n];
      for (int i = 0; i < n; i++) {
        rsi[i] = rsi(avgGain[i], avgLoss[i]);
      }
      emaFast = ema(close, EMA_FAST_BARS);
      emaSlow = ema(close, EMA_SLOW_BARS);
      double[] ema12 = ema(close, MACD_FAST_BARS);
      double[] ema26 = ema(close, MACD_SLOW_BARS);
      macd = new double[n];
      for (int i = 0; i < n; i++) {
        macd[i] = ema12[i] - ema26[i];
      }
      signal = ema(macd, MACD_SIGNAL_BARS);
      atr = smooth(trueRange, 1.0 / ATR_BARS);

      int w = BOLLINGER_BARS;
      sma20 = new double[n];
      sd20 = new double[n];
      for (int i = 0; i < n; i++) {
        int from = Math.max(0, i - w + 1);
        double sum = 0;
        for (int j = from; j <= i; j++) {
          sum += close[j];
        }
        double mean = sum / (i - from + 1);
        double squares = 0;
        for (int j = from; j <= i; j++) {
          squares += (close[j] - mean) * (close[j] - mean);
        }
        sma20[i] = mean;
        sd20[i] = Math.sqrt(squares / (i - from + 1));
      }
      vwap = new double[n];
      for (int i = 0; i < n; i++) {
        double priceVolume = 0;
        double volumes = 0;
        for (int j = Math.max(0, i - VWAP_BARS + 1); j <= i; j++) {
          priceVolume += (high[j] + low[j] + close[j]) / 3 * volume[j];
          volumes += volume[j];
        }
        vwap[i] = volumes == 0 ? Double.NaN : priceVolume / volumes;
      }
    }

    static double rsi(double avgGain, double avgLoss) {
      if (avgLoss == 0) {
        return avgGain == 0 ? 0 : 100;
      }
      return 100 - 100 / (1 + avgGain / avgLoss);
    }

    static double[] ema(double[] x, int bars) {
      return smooth(x, 2.0 / (bars + 1));
    }

    /** Exponential smoothing seeded with the first value. */
    static double[] smooth(double[] x, double alpha) {
      double[] out = new double[x.length];
      out[0] = x[0];
      for (int i = 1; i < x.length; i++) {
        out[i] = out[i - 1] + alpha * (x[i] - out[i - 1]);
      }
      return out;
    }
  }

  /**
   * The textbook seeding (StockCharts, Wilder): an EMA starts at bar n-1 from the SMA of the first n
   * values; Wilder's RSI starts at bar n from the averages of the first n gains and losses; the ATR
   * at bar n-1 from the average of the first n true ranges; the MACD signal from the SMA of the first
   * 9 MACD values. NaN before.
   */
  static final class Textbook {
    final double[] rsi;
    final double[] emaFast;
    final double[] emaSlow;
    final double[] macd;
    final double[] signal;
    final double[] atr;

    Textbook(Reference r) {
      int n = r.n;
      emaFast = ema(r.close, 0, EMA_FAST_BARS);
      emaSlow = ema(r.close, 0, EMA_SLOW_BARS);
      double[] ema12 = ema(r.close, 0, MACD_FAST_BARS);
      double[] ema26 = ema(r.close, 0, MACD_SLOW_BARS);
      macd = new double[n];
      for (int i = 0; i < n; i++) {
        macd[i] = ema12[i] - ema26[i];
      }
      signal = ema(macd, MACD_SLOW_BARS - 1, MACD_SIGNAL_BARS);
      double[] avgGain = wilder(r.gain, 1, RSI_BARS);
      double[] avgLoss = wilder(r.loss, 1, RSI_BARS);
      rsi = new double[n];
      for (int i = 0; i < n; i++) {
        rsi[i] = Double.isNaN(avgGain[i]) ? Double.NaN : Reference.rsi(avgGain[i], avgLoss[i]);
      }
      atr = wilder(r.trueRange, 0, ATR_BARS);
    }

    static double[] ema(double[] x, int first, int bars) {
      return seeded(x, first, bars, 2.0 / (bars + 1));
    }

    static double[] wilder(double[] x, int first, int bars) {
      return seeded(x, first, bars, 1.0 / bars);
    }

    /** NaN before first + bars - 1, there the mean of x[first .. first + bars - 1], then smoothed. */
    static double[] seeded(double[] x, int first, int bars, double alpha) {
      double[] out = new double[x.length];
      Arrays.fill(out, Double.NaN);
      int seed = first + bars - 1;
      double sum = 0;
      for (int i = first; i <= seed; i++) {
        sum += x[i];
      }
      out[seed] = sum / bars;
      for (int i = seed + 1; i < x.length; i++) {
        out[i] = out[i - 1] + alpha * (x[i] - out[i - 1]);
      }
      return out;
    }
  }
}
