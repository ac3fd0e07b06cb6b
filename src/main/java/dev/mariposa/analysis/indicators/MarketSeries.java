package dev.mariposa.analysis.indicators;

import dev.mariposa.agent.IndicatorPeriods;
import java.util.AbstractList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The closed bars of one symbol and interval, and the indicators every agent on that series
 * shares: computed once per bar close however many agents read them, each updated incrementally
 * (one step of a recursion, or one sum over a window of 20 values) instead of re-evaluating a
 * window, with ta4j's definitions and seeding (IndicatorsMatchTa4jTest holds them to ta4j's own
 * values on the recorded days). Not thread-safe: owned by one verticle's event loop, or one
 * backtest.
 */
public final class MarketSeries {
  public static final int RSI_BARS = IndicatorPeriods.STANDARD.rsi();
  public static final int EMA_FAST_BARS = IndicatorPeriods.STANDARD.emaFast();
  public static final int EMA_SLOW_BARS = IndicatorPeriods.STANDARD.emaSlow();
  public static final int MACD_FAST_BARS = IndicatorPeriods.STANDARD.macdFast();
  public static final int MACD_SLOW_BARS = IndicatorPeriods.STANDARD.macdSlow();
  public static final int MACD_SIGNAL_BARS = IndicatorPeriods.STANDARD.macdSignal();
  public static final int BOLLINGER_BARS = IndicatorPeriods.STANDARD.bollinger();
  public static final double BOLLINGER_K = IndicatorPeriods.STANDARD.bollingerK();
  public static final int ATR_BARS = IndicatorPeriods.STANDARD.atr();
  public static final int VWAP_BARS = IndicatorPeriods.STANDARD.vwap();
  /**
   * Bars before the series says it is warm. ta4j's seeding, which these indicators keep, starts the
   * recursions (EMA, Wilder's RSI and ATR) from the first value rather than an average of the first
   * n: on the real BTCUSDT day the MACD signal was still $21 off the textbook value at bar 35 (the
   * 26 + 9 the MACD needs), and within cents from bar 120 (MarketSeriesReferenceTest measures it).
   * Models hold until then.
   */
  public static final int WARMUP_BARS = 120;
  /** Closes kept for {@link #recentCloses}: what a model may be shown of the recent past. */
  public static final int RECENT_CLOSES_KEPT = 256;

  private final String symbol;
  private final String interval;
  private final IndicatorPeriods periods;
  private final int maxBars;
  private final int warmupBars;
  private final RollingWindow closes;
  private final RollingWindow priceVolumes;
  private final RollingWindow volumes;
  private final ExponentialAverage averageGain;
  private final ExponentialAverage averageLoss;
  private final ExponentialAverage emaFast;
  private final ExponentialAverage emaSlow;
  private final ExponentialAverage macdFast;
  private final ExponentialAverage macdSlow;
  private final ExponentialAverage macdSignal;
  private final ExponentialAverage atr;
  private long added;
  private long lastOpenTime = Long.MIN_VALUE;
  private Optional<IndicatorSnapshot> last = Optional.empty();

  /** A series with the standard periods; it counts at most {@code maxBars} bars (its warm-up needs 120). */
  public MarketSeries(String symbol, String interval, int maxBars) {
    this(symbol, interval, maxBars, IndicatorPeriods.STANDARD);
  }

  public MarketSeries(String symbol, String interval, int maxBars, IndicatorPeriods periods) {
    this.periods = periods;
    this.warmupBars = warmupBars(periods);
    if (maxBars < warmupBars) {
      throw new IllegalArgumentException("a series needs at least " + warmupBars + " bars, not " + maxBars);
    }
    this.symbol = symbol;
    this.interval = interval;
    this.maxBars = maxBars;
    this.closes = new RollingWindow(Math.max(RECENT_CLOSES_KEPT, periods.widestWindow()));
    this.priceVolumes = new RollingWindow(periods.vwap());
    this.volumes = new RollingWindow(periods.vwap());
    this.averageGain = ExponentialAverage.wilder(periods.rsi());
    this.averageLoss = ExponentialAverage.wilder(periods.rsi());
    this.emaFast = ExponentialAverage.ema(periods.emaFast());
    this.emaSlow = ExponentialAverage.ema(periods.emaSlow());
    this.macdFast = ExponentialAverage.ema(periods.macdFast());
    this.macdSlow = ExponentialAverage.ema(periods.macdSlow());
    this.macdSignal = ExponentialAverage.ema(periods.macdSignal());
    this.atr = ExponentialAverage.wilder(periods.atr());
  }

  /** Bars before a series of these periods says it is warm: {@link #WARMUP_BARS}, more for long periods. */
  public static int warmupBars(IndicatorPeriods periods) {
    return Math.max(WARMUP_BARS, Math.max(periods.macdSlow() + periods.macdSignal(),
        4 * Math.max(Math.max(periods.emaSlow(), periods.macdSlow()), Math.max(periods.rsi(), periods.atr()))));
  }

  public String symbol() {
    return symbol;
  }

  public String interval() {
    return interval;
  }

  public IndicatorPeriods periods() {
    return periods;
  }

  /**
   * Appends a closed bar. Bars at or before the last one (a replayed or duplicated close, the
   * overlap of a warm-up load with the live stream) are ignored; returns whether it was added.
   */
  public boolean add(long openTime, long closeTime, double open, double high, double low, double close, double volume) {
    if (openTime <= lastOpenTime) {
      return false;
    }
    boolean first = added == 0;
    double previousClose = first ? Double.NaN : closes.back(0);
    // ta4j's gain, loss and true range: 0, 0 and high - low on the first bar.
    double gain = !first && close > previousClose ? close - previousClose : 0;
    double loss = !first && close < previousClose ? previousClose - close : 0;
    double trueRange = Math.max(Math.max(Math.abs(high - low), first ? 0 : Math.abs(high - previousClose)),
        first ? 0 : Math.abs(previousClose - low));
    closes.add(close);
    priceVolumes.add((high + low + close) / 3 * volume);
    volumes.add(volume);
    averageGain.update(gain);
    averageLoss.update(loss);
    emaFast.update(close);
    emaSlow.update(close);
    double macd = macdFast.update(close) - macdSlow.update(close);
    macdSignal.update(macd);
    atr.update(trueRange);
    added++;
    lastOpenTime = openTime;
    last = Optional.of(snapshot(openTime, closeTime, close, macd));
    return true;
  }

  /** Bars counted: all added, up to the bound given at construction. */
  public int size() {
    return (int) Math.min(added, maxBars);
  }

  public long lastOpenTime() {
    return lastOpenTime;
  }

  /** The last {@code n} closes (at most {@link #RECENT_CLOSES_KEPT}), oldest first. */
  public List<Double> recentCloses(int n) {
    double[] recent = new double[Math.min(n, closes.size())];
    for (int i = 0; i < recent.length; i++) {
      recent[i] = closes.back(recent.length - 1 - i);
    }
    return new Closes(recent);
  }

  /** Closes held as doubles, boxed only when read (most bars' are never read). */
  private static final class Closes extends AbstractList<Double> implements RandomAccess {
    private final double[] values;

    Closes(double[] values) {
      this.values = values;
    }

    @Override
    public Double get(int index) {
      return values[index];
    }

    @Override
    public int size() {
      return values.length;
    }
  }

  /** The indicators at the last closed bar; empty before the first bar. */
  public Optional<IndicatorSnapshot> snapshot() {
    return last;
  }

  private IndicatorSnapshot snapshot(long openTime, long closeTime, double close, double macd) {
    int bars = size();
    IndicatorPeriods p = periods;
    double middle = closes.mean(p.bollinger());
    double deviation = Math.sqrt(closes.variance(p.bollinger(), middle));
    double signal = macdSignal.value();
    double macdValue = needs(macd, p.macdSlow(), bars);
    double signalValue = needs(signal, p.macdSlow() + p.macdSignal(), bars);
    return new IndicatorSnapshot(symbol, interval, openTime, closeTime, bars, bars >= warmupBars, close,
        needs(rsi(averageGain.value(), averageLoss.value()), p.rsi() + 1, bars),
        needs(emaFast.value(), p.emaFast(), bars),
        needs(emaSlow.value(), p.emaSlow(), bars),
        macdValue, signalValue, needs(macd - signal, p.macdSlow() + p.macdSignal(), bars),
        needs(middle + deviation * p.bollingerK(), p.bollinger(), bars),
        needs(middle, p.bollinger(), bars),
        needs(middle - deviation * p.bollingerK(), p.bollinger(), bars),
        needs(atr.value(), p.atr(), bars),
        needs(priceVolumes.sum(p.vwap()) / volumes.sum(p.vwap()), p.vwap(), bars));
  }

  /** ta4j's RSI: 100 when the average loss is 0 (0 when the average gain is too). */
  private static double rsi(double averageGain, double averageLoss) {
    if (averageLoss == 0) {
      return averageGain == 0 ? 0 : 100;
    }
    return 100 - 100 / (1 + averageGain / averageLoss);
  }

  /** A value once enough bars back it, else NaN (a model must not read noise); never infinite. */
  private static double needs(double value, int needed, int bars) {
    return bars >= needed && Double.isFinite(value) ? value : Double.NaN;
  }
}
