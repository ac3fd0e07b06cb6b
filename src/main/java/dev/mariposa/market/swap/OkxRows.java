package dev.mariposa.market.swap;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Field readers for OKX's public data rows (REST {@code data} elements and WebSocket pushes share
 * one shape): numbers come as strings, and "" means "none". Each throws IllegalArgumentException
 * naming the field that is missing or malformed.
 */
final class OkxRows {
  private OkxRows() {}

  static String text(JsonObject row, String field) {
    Object value = row.getValue(field);
    return value == null ? "" : value.toString().trim();
  }

  static String required(JsonObject row, String field) {
    String value = text(row, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value;
  }

  static BigDecimal decimal(JsonObject row, String field) {
    String value = required(row, field);
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + value + "' is not a decimal");
    }
  }

  static BigDecimal positive(JsonObject row, String field) {
    BigDecimal value = decimal(row, field);
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(field + " '" + value.toPlainString() + "' is not positive");
    }
    return value;
  }

  /** A decimal that OKX may leave out or send as "" (a new swap's fundingRate, nextFundingRate). */
  static Optional<BigDecimal> optionalDecimal(JsonObject row, String field) {
    return text(row, field).isEmpty() ? Optional.empty() : Optional.of(decimal(row, field));
  }

  static long millis(JsonObject row, String field) {
    String value = required(row, field);
    try {
      long ms = Long.parseLong(value);
      if (ms <= 0) {
        throw new NumberFormatException();
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " '" + value + "' is not a time in ms");
    }
  }

  static OptionalLong optionalMillis(JsonObject row, String field) {
    return text(row, field).isEmpty() ? OptionalLong.empty() : OptionalLong.of(millis(row, field));
  }

  /** {@code what} for {@code instId}: {@code field} is missing, say, as one message. */
  static IllegalArgumentException problem(String what, JsonObject row, IllegalArgumentException e) {
    String instId = row == null ? "" : text(row, "instId");
    return new IllegalArgumentException("OKX " + what + (instId.isEmpty() ? "" : " of " + instId) + ": "
        + e.getMessage(), e);
  }
}
