package dev.mariposa.bus;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * The one rule for decimals in what Mariposa sends, API answers and event-bus bodies alike: a JSON
 * number, written from a {@link BigDecimal}, so its digits are exactly the value's (never a binary
 * double's neighbour such as 52272.200000000004), at most 15 significant digits and no trailing
 * zeros. Vert.x writes a BigDecimal as its {@code toString}: plain digits, an exponent only below
 * 10^-6.
 *
 * <p>Stored documents keep their own form (MongoDB and Redis hold money and quantities as decimal
 * strings); {@link #numbers} turns their decimal fields into numbers on the way out, and
 * {@link #read} reads either form back, or a double from a decoded body (Vert.x decodes JSON
 * numbers as doubles, whose shortest form is the decimal that was written).
 */
public final class JsonDecimals {
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final MathContext DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

  private JsonDecimals() {}

  /**
   * {@code value} as it goes into a body: at most 15 significant digits (what a double holds
   * exactly, and JSON readers, Vert.x's among them, read numbers as doubles: so a number read and
   * written again keeps its digits), no trailing zeros, never a negative scale (no 1E+2).
   */
  public static BigDecimal number(BigDecimal value) {
    // A venue's decimals have far fewer than 15 digits: rounding them would change nothing, and cost.
    BigDecimal rounded = value.precision() > DIGITS.getPrecision() ? value.round(DIGITS) : value;
    BigDecimal stripped = rounded.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** A double that holds a decimal (parsed from text, or decoded from JSON) as the decimal it holds. */
  public static BigDecimal number(double value) {
    return number(BigDecimal.valueOf(value));
  }

  /** A decimal from a body or a stored document: a number, a decimal string, or null (absent, or neither). */
  public static BigDecimal read(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** The mid price of a ticker {@code {bid, ask}}, exact (half a tick at most finer than the quotes); null without both. */
  public static BigDecimal mid(JsonObject ticker) {
    BigDecimal bid = read(ticker.getValue("bid"));
    BigDecimal ask = read(ticker.getValue("ask"));
    return bid == null || ask == null ? null : number(bid.add(ask).divide(TWO));
  }

  /**
   * {@code json} with each of {@code fields} that holds a decimal (a string or a number) as a
   * number, in place; returns it. Fields that are absent, null or not decimals are left alone.
   */
  public static JsonObject numbers(JsonObject json, Collection<String> fields) {
    for (String field : fields) {
      BigDecimal value = read(json.getValue(field));
      if (value != null) {
        json.put(field, number(value));
      }
    }
    return json;
  }
}
