package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.Instrument;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * One OKX perpetual swap (instType SWAP, e.g. BTC-USDT-SWAP) as OKX's public instruments list it.
 * OKX sizes swap orders in contracts; Mariposa sizes them in the base currency. A contract of a
 * linear (USDT-margined) swap is worth a fixed {@code ctVal × ctMult} of the base currency, so the
 * two convert exactly, with no price.
 *
 * <p>An inverse (coin-margined, e.g. BTC-USD-SWAP) contract is worth a fixed amount of USD
 * ({@code ctValCcy}): its worth in the base currency changes with every price, and any conversion
 * would be a division that rounds. Mariposa does not convert those: {@link #contracts} and
 * {@link #baseQuantity} refuse an inverse swap rather than size it approximately.
 *
 * @param instId       e.g. BTC-USDT-SWAP
 * @param instFamily   e.g. BTC-USDT (OKX's instFamily, or uly in listings older than instFamily)
 * @param linear       ctType linear (true) or inverse (false)
 * @param settleCcy    the margin and settlement currency (USDT for a linear swap, BTC for BTC-USD-SWAP)
 * @param ctVal        a contract's value, in {@code ctValCcy}
 * @param ctMult       the contract multiplier
 * @param ctValCcy     the currency of ctVal: the base currency of a linear swap, USD of an inverse one
 * @param lotSz        the size step, in contracts
 * @param minSz        the smallest order, in contracts
 * @param tickSz       the price step, in the quote currency
 * @param maxLeverage  OKX's lever: the highest leverage the instrument allows
 * @param state        live, suspend, preopen, ...
 */
public record SwapInstrument(String instId, String instFamily, boolean linear, String settleCcy, BigDecimal ctVal,
                             BigDecimal ctMult, String ctValCcy, BigDecimal lotSz, BigDecimal minSz,
                             BigDecimal tickSz, int maxLeverage, String state) {
  public SwapInstrument {
    Objects.requireNonNull(instId, "instId");
    requirePositive("ctVal", ctVal);
    requirePositive("ctMult", ctMult);
    requirePositive("lotSz", lotSz);
    requirePositive("minSz", minSz);
    requirePositive("tickSz", tickSz);
    if (maxLeverage <= 0) {
      throw new IllegalArgumentException("lever must be positive, got " + maxLeverage);
    }
  }

  /**
   * An instrument row of OKX's {@code /api/v5/public/instruments?instType=SWAP}; throws
   * IllegalArgumentException naming the field that is missing or malformed.
   */
  public static SwapInstrument fromRow(JsonObject row) {
    String instId = required(row, "instId");
    try {
      String instType = required(row, "instType");
      if (!instType.equals("SWAP")) {
        throw new IllegalArgumentException("instType is " + instType + ", not SWAP");
      }
      String family = text(row.getValue("instFamily"));
      String ctType = required(row, "ctType");
      if (!ctType.equals("linear") && !ctType.equals("inverse")) {
        throw new IllegalArgumentException("ctType '" + ctType + "' is neither linear nor inverse");
      }
      BigDecimal lever = decimal(row, "lever");
      if (lever.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("lever '" + lever + "' is not a whole number");
      }
      return new SwapInstrument(instId, family.isEmpty() ? required(row, "uly") : family, ctType.equals("linear"),
          required(row, "settleCcy"), decimal(row, "ctVal"), decimal(row, "ctMult"), required(row, "ctValCcy"),
          decimal(row, "lotSz"), decimal(row, "minSz"), decimal(row, "tickSz"), lever.intValueExact(),
          required(row, "state"));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("OKX swap instrument " + instId + ": " + e.getMessage(), e);
    }
  }

  /** The base currency (BTC of BTC-USDT-SWAP). */
  public String baseCcy() {
    return instId.substring(0, instId.indexOf('-'));
  }

  public boolean live() {
    return "live".equals(state);
  }

  /**
   * As the risk gate and the accounts size it, in the base currency: a lot and the minimum are
   * whole contracts converted, the tick is the swap's; {@code maintenanceMarginRate} is that of the
   * position tier the orders fall in (OKX's public position-tiers).
   */
  public Instrument toInstrument(String symbol, BigDecimal maintenanceMarginRate) {
    return new Instrument(symbol, tickSz, baseQuantity(lotSz), baseQuantity(minSz), BigDecimal.ZERO, maxLeverage,
        maintenanceMarginRate);
  }

  /** What one contract is worth in the base currency: ctVal × ctMult (a linear swap only). */
  public BigDecimal contractSize() {
    requireLinear();
    return exact(ctVal.multiply(ctMult));
  }

  /**
   * A base-currency quantity in contracts, rounded down to a whole number of lots, so the order is
   * never larger than asked; refused when that is below the minimum size.
   */
  public BigDecimal contracts(BigDecimal baseQuantity) {
    requirePositive("base quantity", baseQuantity);
    BigDecimal contractSize = contractSize();
    BigDecimal lots = baseQuantity.divide(contractSize.multiply(lotSz), 0, RoundingMode.DOWN);
    BigDecimal contracts = exact(lots.multiply(lotSz));
    if (contracts.compareTo(minSz) < 0) {
      throw new IllegalArgumentException(plain(baseQuantity) + " " + baseCcy() + " rounds down to " + plain(contracts)
          + " contracts of " + instId + " (" + plain(contractSize) + " " + baseCcy() + " each, in lots of "
          + plain(lotSz) + "), below its minimum of " + plain(minSz) + " contracts (" + plain(baseQuantity(minSz))
          + " " + baseCcy() + ")");
    }
    return contracts;
  }

  /** A number of contracts in the base currency: contracts × ctVal × ctMult, exact. */
  public BigDecimal baseQuantity(BigDecimal contracts) {
    Objects.requireNonNull(contracts, "contracts");
    if (contracts.signum() < 0) {
      throw new IllegalArgumentException("contracts must not be negative, got " + contracts);
    }
    return exact(contracts.multiply(contractSize()));
  }

  /** A price on the tick, rounded as the caller says (down for a buy limit, up for a sell, say); never zero. */
  public BigDecimal roundPrice(BigDecimal price, RoundingMode mode) {
    requirePositive("price", price);
    BigDecimal rounded = exact(price.divide(tickSz, 0, mode).multiply(tickSz));
    if (rounded.signum() <= 0) {
      throw new IllegalArgumentException("price " + plain(price) + " of " + instId + " rounds to zero on its tick "
          + plain(tickSz));
    }
    return rounded;
  }

  private void requireLinear() {
    if (!linear) {
      throw new UnsupportedOperationException(instId + " is an inverse swap: a contract is worth " + plain(ctVal)
          + " " + ctValCcy + ", so its size in " + baseCcy() + " changes with the price; Mariposa sizes linear "
          + "(USDT-margined) swaps only");
    }
  }

  private static void requirePositive(String what, BigDecimal value) {
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  private static String required(JsonObject row, String field) {
    String value = text(row.getValue(field));
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }

  private static BigDecimal decimal(JsonObject row, String field) {
    String value = required(row, field);
    try {
      return exact(new BigDecimal(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + value + "' is not a number");
    }
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString().trim();
  }

  /** Without trailing zeros, never in exponent form (2000, not 2E+3). */
  private static BigDecimal exact(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** An instrument id as OKX writes a swap's, upper-cased: BASE-QUOTE-SWAP. */
  static String swapInstId(String instId) {
    if (instId == null || instId.isBlank()) {
      throw new IllegalArgumentException("swap instrument id must not be empty");
    }
    String s = instId.trim().toUpperCase(Locale.ROOT);
    if (!s.matches("[A-Z0-9]+-[A-Z0-9]+-SWAP")) {
      throw new IllegalArgumentException("'" + instId + "' is not an OKX swap instrument id like BTC-USDT-SWAP");
    }
    return s;
  }
}
