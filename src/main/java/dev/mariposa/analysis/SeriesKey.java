package dev.mariposa.analysis;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.IndicatorPeriods;

/**
 * One symbol at one bar interval with one set of indicator periods: the unit of shared indicator
 * work (agents that change their technical model's periods get a series of their own).
 */
record SeriesKey(String symbol, String interval, IndicatorPeriods periods) {
  /** The series {@code agent} reads for {@code symbol}. */
  static SeriesKey of(String symbol, Agent agent) {
    return new SeriesKey(symbol, agent.interval(), agent.indicatorPeriods());
  }

  /** {@code BTCUSDT@1m}; other periods than the standard ones add a tag of them (a claim key per series). */
  @Override
  public String toString() {
    return symbol + "@" + interval + (periods.equals(IndicatorPeriods.STANDARD) ? ""
        : "#" + Integer.toHexString(periods.hashCode()));
  }
}
