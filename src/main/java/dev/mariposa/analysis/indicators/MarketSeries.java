package dev.mariposa.analysis.indicators;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandFacade;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * The closed bars of one symbol and interval in a bounded ta4j series, with the indicators every
 * agent on that symbol and interval shares: computed once per bar close however many agents read
 * them. Not thread-safe: owned by one verticle's event loop.
 */
public final class MarketSeries {
  public static final int RSI_BARS = 14;
  public static final int EMA_FAST_BARS = 9;
  public static final int EMA_SLOW_BARS = 21;
  public static final int MACD_FAST_BARS = 12;
  public static final int MACD_SLOW_BARS = 26;
  public static final int MACD_SIGNAL_BARS = 9;
  public static final int BOLLINGER_BARS = 20;
  public static final double BOLLINGER_K = 2.0;
  public static final int ATR_BARS = 14;
  public static final int VWAP_BARS = 20;
  /**
   * Bars before the series says it is warm. ta4j seeds its recursions (EMA, Wilder's RSI and ATR)
   * with the first value rather than an average of the first n: on the real BTCUSDT day the MACD
   * signal was still $21 off the textbook value at bar 35 (the 26 + 9 the MACD needs), and within
   * cents from bar 120 (MarketSeriesReferenceTest measures it). Models hold until then.
   */
  public static final int WARMUP_BARS = 120;

  private final String symbol;
  private final String interval;
  private final Duration length;
  private final BarSeries series;
  private final ClosePriceIndicator close;
  private final RSIIndicator rsi;
  private final EMAIndicator emaFast;
  private final EMAIndicator emaSlow;
  private final MACDIndicator macd;
  private final EMAIndicator macdSignal;
  private final BollingerBandFacade bollinger;
  private final ATRIndicator atr;
  private final VWAPIndicator vwap;
  private long lastOpenTime = Long.MIN_VALUE;
  private long lastCloseTime;
  private Optional<IndicatorSnapshot> last = Optional.empty();

  public MarketSeries(String symbol, String interval, Duration length, int maxBars) {
    if (maxBars < WARMUP_BARS) {
      throw new IllegalArgumentException("a series needs at least " + WARMUP_BARS + " bars, not " + maxBars);
    }
    this.symbol = symbol;
    this.interval = interval;
    this.length = length;
    this.series = new BaseBarSeriesBuilder().withName(symbol + "@" + interval)
        .withNumTypeOf(DoubleNum::valueOf).withMaxBarCount(maxBars).build();
    this.close = new ClosePriceIndicator(series);
    this.rsi = new RSIIndicator(close, RSI_BARS);
    this.emaFast = new EMAIndicator(close, EMA_FAST_BARS);
    this.emaSlow = new EMAIndicator(close, EMA_SLOW_BARS);
    this.macd = new MACDIndicator(close, MACD_FAST_BARS, MACD_SLOW_BARS);
    this.macdSignal = new EMAIndicator(macd, MACD_SIGNAL_BARS);
    this.bollinger = new BollingerBandFacade(close, BOLLINGER_BARS, BOLLINGER_K);
    this.atr = new ATRIndicator(series, ATR_BARS);
    this.vwap = new VWAPIndicator(series, VWAP_BARS);
  }

  public String symbol() {
    return symbol;
  }

  public String interval() {
    return interval;
  }

  /**
   * Appends a closed bar. Bars at or before the last one (a replayed or duplicated close, the
   * overlap of a warm-up load with the live stream) are ignored; returns whether it was added.
   */
  public boolean add(long openTime, long closeTime, double open, double high, double low, double close, double volume) {
    if (openTime <= lastOpenTime) {
      return false;
    }
    // Binance's close time is the last millisecond of the bar; ta4j's end time is exclusive.
    ZonedDateTime end = Instant.ofEpochMilli(openTime).plus(length).atZone(ZoneOffset.UTC);
    series.addBar(length, end, open, high, low, close, volume);
    lastOpenTime = openTime;
    lastCloseTime = closeTime;
    // Evaluated at every bar, so the recursions' caches stay continuous: ta4j restarts a recursion
    // from the oldest bar held when it was not evaluated for more bars than the bound. Kept: the
    // analysis of this bar reads the same values.
    last = Optional.of(compute());
    return true;
  }

  /** Bars held (at most the bound given at construction). */
  public int size() {
    return series.getBarCount();
  }

  public long lastOpenTime() {
    return lastOpenTime;
  }

  /** The last {@code n} closes, oldest first. */
  public List<Double> recentCloses(int n) {
    List<Double> closes = new ArrayList<>(n);
    for (int i = Math.max(series.getBeginIndex(), series.getEndIndex() - n + 1); i <= series.getEndIndex() && !series.isEmpty(); i++) {
      closes.add(series.getBar(i).getClosePrice().doubleValue());
    }
    return closes;
  }

  /** The indicators at the last closed bar; empty before the first bar. */
  public Optional<IndicatorSnapshot> snapshot() {
    return last;
  }

  private IndicatorSnapshot compute() {
    int i = series.getEndIndex();
    int bars = series.getBarCount();
    double macdValue = value(macd, i, MACD_SLOW_BARS, bars);
    double signal = value(macdSignal, i, MACD_SLOW_BARS + MACD_SIGNAL_BARS, bars);
    return new IndicatorSnapshot(symbol, interval, lastOpenTime, lastCloseTime, bars,
        bars >= WARMUP_BARS,
        close.getValue(i).doubleValue(),
        value(rsi, i, RSI_BARS + 1, bars),
        value(emaFast, i, EMA_FAST_BARS, bars),
        value(emaSlow, i, EMA_SLOW_BARS, bars),
        macdValue, signal, macdValue - signal,
        value(bollinger.upper(), i, BOLLINGER_BARS, bars),
        value(bollinger.middle(), i, BOLLINGER_BARS, bars),
        value(bollinger.lower(), i, BOLLINGER_BARS, bars),
        value(atr, i, ATR_BARS, bars),
        value(vwap, i, VWAP_BARS, bars));
  }

  /** An indicator's value once enough bars back it, else NaN (a model must not read noise). */
  private static double value(Indicator<Num> indicator, int index, int needed, int bars) {
    if (bars < needed) {
      return Double.NaN;
    }
    double value = indicator.getValue(index).doubleValue();
    return Double.isFinite(value) ? value : Double.NaN;
  }
}
