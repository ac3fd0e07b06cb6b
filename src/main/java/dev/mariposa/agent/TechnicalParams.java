package dev.mariposa.agent;

/**
 * The technical model's settings an agent may change (its model entry's {@code params}): the score
 * beyond which it buys or sells, the RSI bounds it reads as oversold and overbought, and the
 * periods of the indicators it reads. {@link #STANDARD} unless the agent says otherwise.
 */
public record TechnicalParams(double threshold, double oversold, double overbought, IndicatorPeriods periods) {
  public static final TechnicalParams STANDARD = new TechnicalParams(0.25, 30, 70, IndicatorPeriods.STANDARD);

  public TechnicalParams {
    if (!(threshold > 0) || threshold > 1) {
      throw new IllegalArgumentException("threshold must be above 0 and at most 1, not " + threshold);
    }
    if (!(oversold >= 0) || !(overbought <= 100) || !(oversold < overbought)) {
      throw new IllegalArgumentException("oversold and overbought are RSI levels from 0 to 100, oversold below "
          + "overbought, not " + oversold + " and " + overbought);
    }
  }
}
