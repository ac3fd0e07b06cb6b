package dev.mariposa.analysis.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.market.Kline;
import dev.mariposa.market.replay.KlineCsv;
import dev.mariposa.testing.SharedData;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * The incremental indicators of {@link MarketSeries} against ta4j's own, on every bar of the
 * recorded data: a day and two days of 1m bars, a month of 1h bars and three months of 5m bars
 * (26,000 bars), each value within 1e-9 relative of ta4j's. ta4j runs as the series did before
 * it was made incremental: a series bounded at 500 bars (evictions included), every indicator read
 * at every bar so its recursions stay continuous.
 */
class IndicatorsMatchTa4jTest {
  private static final int MAX_BARS = 500;
  private static final double RELATIVE = 1e-9;

  @ParameterizedTest
  @ValueSource(strings = {
      "binance/klines/BTCUSDT-1m-2024-09-21.csv",
      "binance/klines/ETHUSDT-1m-2022-08-14.csv,binance/klines/ETHUSDT-1m-2022-08-15.csv",
      "binance/klines/BTCUSDT-1h-2024-08.csv",
      "binance/klines/months/BTCUSDT-5m-2024-01.csv,binance/klines/months/BTCUSDT-5m-2024-02.csv,"
          + "binance/klines/months/BTCUSDT-5m-2024-03.csv"})
  void everyValueMatchesTa4jOnEveryBar(String files) throws IOException {
    List<Kline> bars = new ArrayList<>();
    for (String file : files.split(",")) {
      bars.addAll(KlineCsv.read(SharedData.require(file)));
    }
    Kline first = bars.get(0);
    Duration length = Kline.intervalLength(first.interval()).orElseThrow();
    MarketSeries series = new MarketSeries(first.symbol(), first.interval(), MAX_BARS);
    Ta4jSeries ta4j = new Ta4jSeries(length);
    long compared = 0;
    for (int i = 0; i < bars.size(); i++) {
      Kline k = bars.get(i);
      series.add(k.openTime(), k.closeTime(), k.open().doubleValue(), k.high().doubleValue(), k.low().doubleValue(),
          k.close().doubleValue(), k.volume().doubleValue());
      ta4j.add(k);
      IndicatorSnapshot s = series.snapshot().orElseThrow();
      assertThat(s.bars()).isEqualTo(ta4j.series.getBarCount());
      for (Value v : ta4j.values()) {
        double expected = v.expected();
        double actual = v.actual().applyAsDouble(s);
        if (Double.isNaN(expected)) {
          assertThat(actual).as("%s at bar %d of %s: not enough bars yet", v.name(), i, files).isNaN();
        } else {
          double error = Math.abs(actual - expected);
          assertThat(error <= RELATIVE * Math.abs(expected)).as("%s at bar %d (%s) of %s: %s vs ta4j's %s",
              v.name(), i, Instant.ofEpochMilli(k.openTime()), files, actual, expected).isTrue();
          compared++;
        }
      }
    }
    assertThat(compared).as("values compared").isGreaterThan(bars.size() * 9L);
  }

  private record Value(String name, double expected, ToDoubleFunction<IndicatorSnapshot> actual) {}

  /** The indicators as ta4j 0.17 computes them, in doubles, over a bounded series. */
  private static final class Ta4jSeries {
    final Duration length;
    final BarSeries series;
    final ClosePriceIndicator close;
    final RSIIndicator rsi;
    final EMAIndicator emaFast;
    final EMAIndicator emaSlow;
    final MACDIndicator macd;
    final EMAIndicator signal;
    final BollingerBandFacade bollinger;
    final ATRIndicator atr;
    final VWAPIndicator vwap;

    Ta4jSeries(Duration length) {
      this.length = length;
      this.series = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum::valueOf).withMaxBarCount(MAX_BARS).build();
      this.close = new ClosePriceIndicator(series);
      this.rsi = new RSIIndicator(close, MarketSeries.RSI_BARS);
      this.emaFast = new EMAIndicator(close, MarketSeries.EMA_FAST_BARS);
      this.emaSlow = new EMAIndicator(close, MarketSeries.EMA_SLOW_BARS);
      this.macd = new MACDIndicator(close, MarketSeries.MACD_FAST_BARS, MarketSeries.MACD_SLOW_BARS);
      this.signal = new EMAIndicator(macd, MarketSeries.MACD_SIGNAL_BARS);
      this.bollinger = new BollingerBandFacade(close, MarketSeries.BOLLINGER_BARS, MarketSeries.BOLLINGER_K);
      this.atr = new ATRIndicator(series, MarketSeries.ATR_BARS);
      this.vwap = new VWAPIndicator(series, MarketSeries.VWAP_BARS);
    }

    void add(Kline k) {
      series.addBar(length, Instant.ofEpochMilli(k.openTime()).plus(length).atZone(ZoneOffset.UTC), k.open().doubleValue(),
          k.high().doubleValue(), k.low().doubleValue(), k.close().doubleValue(), k.volume().doubleValue());
    }

    /** Every value at the last bar, NaN while fewer bars than it needs are held (as the snapshot says). */
    List<Value> values() {
      int i = series.getEndIndex();
      int bars = series.getBarCount();
      double macdValue = value(macd, i, MarketSeries.MACD_SLOW_BARS, bars);
      double signalValue = value(signal, i, MarketSeries.MACD_SLOW_BARS + MarketSeries.MACD_SIGNAL_BARS, bars);
      return List.of(
          new Value("close", close.getValue(i).doubleValue(), IndicatorSnapshot::close),
          new Value("rsi", value(rsi, i, MarketSeries.RSI_BARS + 1, bars), IndicatorSnapshot::rsi),
          new Value("emaFast", value(emaFast, i, MarketSeries.EMA_FAST_BARS, bars), IndicatorSnapshot::emaFast),
          new Value("emaSlow", value(emaSlow, i, MarketSeries.EMA_SLOW_BARS, bars), IndicatorSnapshot::emaSlow),
          new Value("macd", macdValue, IndicatorSnapshot::macd),
          new Value("macdSignal", signalValue, IndicatorSnapshot::macdSignal),
          new Value("macdHistogram", macdValue - signalValue, IndicatorSnapshot::macdHistogram),
          new Value("bollingerUpper", value(bollinger.upper(), i, MarketSeries.BOLLINGER_BARS, bars),
              IndicatorSnapshot::bollingerUpper),
          new Value("bollingerMiddle", value(bollinger.middle(), i, MarketSeries.BOLLINGER_BARS, bars),
              IndicatorSnapshot::bollingerMiddle),
          new Value("bollingerLower", value(bollinger.lower(), i, MarketSeries.BOLLINGER_BARS, bars),
              IndicatorSnapshot::bollingerLower),
          new Value("atr", value(atr, i, MarketSeries.ATR_BARS, bars), IndicatorSnapshot::atr),
          new Value("vwap", value(vwap, i, MarketSeries.VWAP_BARS, bars), IndicatorSnapshot::vwap));
    }

    private static double value(Indicator<Num> indicator, int index, int needed, int bars) {
      if (bars < needed) {
        return Double.NaN;
      }
      double value = indicator.getValue(index).doubleValue();
      return Double.isFinite(value) ? value : Double.NaN;
    }
  }
}
