package dev.mariposa.market.swap;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One settled funding of a swap, a row of OKX's {@code /api/v5/public/funding-rate-history}.
 *
 * @param fundingTime  when it settled, ms since the epoch
 * @param rate         OKX's fundingRate of that period
 * @param realizedRate OKX's realizedRate: the rate actually charged, when OKX gives it (it may differ
 *                     from {@code rate} in its last digits)
 */
public record FundingRow(long fundingTime, BigDecimal rate, Optional<BigDecimal> realizedRate) {
  public FundingRow {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(realizedRate, "realizedRate");
  }

  public FundingRow(long fundingTime, BigDecimal rate) {
    this(fundingTime, rate, Optional.empty());
  }

  /** The rate that was paid: realizedRate when OKX gives it, else fundingRate. */
  public BigDecimal settledRate() {
    return realizedRate.orElse(rate);
  }

  /** A row of the history answer; throws IllegalArgumentException naming what is missing or malformed. */
  public static FundingRow fromRow(JsonObject row) {
    try {
      return new FundingRow(OkxRows.millis(row, "fundingTime"), OkxRows.decimal(row, "fundingRate"),
          OkxRows.optionalDecimal(row, "realizedRate"));
    } catch (IllegalArgumentException e) {
      throw OkxRows.problem("funding history", row, e);
    }
  }

  /** The row as OKX writes it (strings), for {@code instId}. */
  JsonObject toRow(String instId) {
    JsonObject row = new JsonObject().put("instType", "SWAP").put("instId", instId)
        .put("fundingRate", rate.toPlainString());
    realizedRate.ifPresent(r -> row.put("realizedRate", r.toPlainString()));
    return row.put("fundingTime", Long.toString(fundingTime));
  }
}
