package dev.mariposa.market.swap;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A swap's funding as OKX publishes it (REST {@code /api/v5/public/funding-rate}, WebSocket
 * channel {@code funding-rate}; one row shape). {@code rate} is the rate of the period that
 * settles at {@code fundingTime} (a long pays it, a short earns it, when positive);
 * {@code nextFundingTime} is the settlement after that one. OKX left fields out over the years:
 * a newly listed swap has no fundingRate yet, older pushes carry nextFundingRate but neither
 * nextFundingTime nor ts, and since OKX moved to {@code method: current_period} nextFundingRate
 * is "" (no forecast). Each absent field is empty here, never zero.
 *
 * @param instId          the swap, e.g. BTC-USDT-SWAP
 * @param rate            the current period's rate (a fraction: 0.0001 = 0.01 %)
 * @param nextRate        OKX's forecast of the next period's rate, when it gives one
 * @param fundingTime     when the current period settles, ms since the epoch
 * @param nextFundingTime when the next period settles
 * @param ts              OKX's time of this value
 */
public record FundingRate(String instId, Optional<BigDecimal> rate, Optional<BigDecimal> nextRate, long fundingTime,
                          OptionalLong nextFundingTime, OptionalLong ts) {
  public FundingRate {
    Objects.requireNonNull(instId, "instId");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(nextRate, "nextRate");
    Objects.requireNonNull(nextFundingTime, "nextFundingTime");
    Objects.requireNonNull(ts, "ts");
  }

  /** A {@code data} row; throws IllegalArgumentException naming what is missing or malformed. */
  public static FundingRate fromRow(JsonObject row) {
    try {
      return new FundingRate(OkxRows.required(row, "instId"), OkxRows.optionalDecimal(row, "fundingRate"),
          OkxRows.optionalDecimal(row, "nextFundingRate"), OkxRows.millis(row, "fundingTime"),
          OkxRows.optionalMillis(row, "nextFundingTime"), OkxRows.optionalMillis(row, "ts"));
    } catch (IllegalArgumentException e) {
      throw OkxRows.problem("funding rate", row, e);
    }
  }
}
