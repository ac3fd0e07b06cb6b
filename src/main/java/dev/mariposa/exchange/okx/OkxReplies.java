package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.okx.OkxCodes.Meaning;
import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * OKX v5 answers read into the exchange port's values: a placement's {@link PlaceResult}, a
 * looked-up {@link OrderState}, an {@link Instrument}. What a code means comes from {@link OkxCodes}.
 *
 * <p>Placement outcomes, decided so that an order is never placed twice blindly:
 * <ul>
 *   <li>ACCEPTED: code 0 and sCode 0, with the ordId (kept as a string: it exceeds a double).</li>
 *   <li>DUPLICATE: sCode 51016, the clOrdId is already known to OKX; look it up.</li>
 *   <li>UNKNOWN (look the order up by clOrdId before anything else): 50004 and 51149 (OKX says the
 *       outcome is unknown), any HTTP 5xx including 503/50001, a 2xx body that cannot be read, and a
 *       timeout or connection loss once the request was handed to a connection.</li>
 *   <li>NOT_PLACED, to be placed again later with the same clOrdId: 50011 (rate limited, also any
 *       HTTP 429) and 50013 (system busy).</li>
 *   <li>REJECTED as a configuration error: the 501xx authentication family (50101 demo/live key
 *       mismatch, 50102 clock skew, 50111 bad key, 50113 bad signature, ...), HTTP 401 and 403.</li>
 *   <li>REJECTED with OKX's sCode and sMsg otherwise (51008 balance, 51020/51121 size, 51000/51001 ...).</li>
 * </ul>
 */
final class OkxReplies {
  private OkxReplies() {}

  /** A placement's answer, judged: its outcome, and whether it tells of an unhealthy OKX. */
  static Attempt<PlaceResult> placementAttempt(Reply reply) {
    PlaceResult result = placement(reply.status(), reply.body());
    return new Attempt<>(result, OkxCodes.unhealthy(reply.status(), result.code()));
  }

  /** A placement that got no complete answer: it may have reached OKX. */
  static Attempt<PlaceResult> placementWithoutAnswer(Throwable cause) {
    return new Attempt<>(PlaceResult.unknown("NO_ANSWER", cause.getMessage()
        + ": the order may exist; look it up by clOrdId"), true);
  }

  /** The outcome of a placement answer (HTTP status and body), per the rules in the class comment. */
  static PlaceResult placement(int status, Buffer body) {
    JsonObject json = jsonObject(body);
    String code = json == null ? null : codeOf(json.getValue("code"));
    String msg = json == null ? "" : text(json.getValue("msg"));
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));
    String sMsg = item == null ? "" : text(item.getValue("sMsg"));

    if (status == 429) {
      return PlaceResult.notPlaced(OkxCodes.RATE_LIMITED, "OKX rate limit (HTTP 429" + (code == null ? "" : " " + code)
          + "): not placed, place again later with the same clOrdId");
    }
    if (status >= 500) {
      // 503/50001 too: the doc allows retrying reads only, i.e. OKX does not promise that a write
      // answered 503 was not processed, so the placement must be reconciled by clOrdId.
      String c = code != null && !OkxCodes.OK.equals(code) ? code : "HTTP " + status;
      return PlaceResult.unknown(c, "OKX answered HTTP " + status + (msg.isBlank() ? "" : " (" + msg.trim() + ")")
          + ": the order may exist; look it up by clOrdId");
    }
    if (code == null) {
      if (status / 100 == 2) {
        return PlaceResult.unknown("HTTP " + status, "OKX answered HTTP " + status
            + " with an unreadable body: the order may exist; look it up by clOrdId");
      }
      if (status == 401 || status == 403) {
        return PlaceResult.rejected("HTTP " + status, "OKX configuration error: HTTP " + status
            + " (check the API key, secret, passphrase and the demo setting)");
      }
      return PlaceResult.rejected("HTTP " + status, "OKX answered HTTP " + status + ": not placed");
    }
    if (OkxCodes.OK.equals(code) && item != null && OkxCodes.OK.equals(sCode)) {
      String ordId = text(item.getValue("ordId"));
      if (ordId.isEmpty()) {
        return PlaceResult.unknown(OkxCodes.OK, "OKX accepted the order without an ordId: look it up by clOrdId");
      }
      return PlaceResult.accepted(ordId, Optional.empty());
    }
    if (OkxCodes.OK.equals(code) && (sCode == null || OkxCodes.OK.equals(sCode))) {
      return PlaceResult.unknown(OkxCodes.OK, "OKX answered code 0 without an order: look it up by clOrdId");
    }
    boolean perOrder = sCode != null && !OkxCodes.OK.equals(sCode);
    return byCode(perOrder ? sCode : code, perOrder ? sMsg : msg);
  }

  private static PlaceResult byCode(String code, String message) {
    String m = message == null ? "" : message.trim();
    String said = m.isEmpty() ? "" : " (" + m + ")";
    Meaning meaning = OkxCodes.meaning(code);
    return switch (meaning.placement()) {
      case DUPLICATE -> PlaceResult.duplicate(code, "OKX already has an order with this clOrdId (" + m + "): look it up");
      case UNKNOWN -> PlaceResult.unknown(code, "OKX " + code + said
          + ": the outcome is unknown; look the order up by clOrdId");
      case NOT_PLACED -> PlaceResult.notPlaced(code, "OKX " + meaning.says() + said
          + ": not placed, place again later with the same clOrdId");
      case ACCEPTED, REJECTED -> PlaceResult.rejected(code, OkxCodes.isConfigError(code) ? OkxCodes.configError(code, m)
          : m.isEmpty() ? "rejected by OKX with code " + code : m);
    };
  }

  /** A lookup's answer: the order, empty when OKX does not know the clOrdId (51603). */
  static Attempt<Optional<OrderState>> lookup(Reply reply, String instId) {
    JsonObject json = jsonObject(reply.body());
    String code = json == null ? null : codeOf(json.getValue("code"));
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));
    if (OkxCodes.ORDER_NOT_FOUND.equals(code) || OkxCodes.ORDER_NOT_FOUND.equals(sCode)) {
      return new Attempt<>(Optional.empty(), false);
    }
    if (reply.status() / 100 == 2 && OkxCodes.OK.equals(code)) {
      try {
        return new Attempt<>(item == null ? Optional.empty() : Optional.of(orderState(item, instId)), false);
      } catch (RuntimeException e) {
        return Attempt.failed(new OkxException("BODY", "OKX lookup answered an unreadable order: "
            + e.getMessage()), false);
      }
    }
    return failure("lookup", reply, code, json);
  }

  /**
   * An OKX order as an {@link OrderState}. OKX reports totals only (no fills). Its fee is signed
   * from the account's side (negative = charged, positive = rebate): it is negated into a cost, so
   * a charge is positive. A spot buy is charged in the base asset, out of what it bought: the
   * filled quantity is what the account received (accFillSz less that fee), and the fee is
   * converted to the quote asset at the average price, as {@link OrderState} speaks quote; the
   * cash spent (quantity × price + fee) is still accFillSz × avgPx. Otherwise a position would
   * count 0.1 % more than the venue holds, and its exit would be refused for balance (51008).
   */
  static OrderState orderState(JsonObject item, String instId) {
    String state = text(item.getValue("state"));
    OrderState.Status status = switch (state) {
      case "live" -> OrderState.Status.LIVE;
      case "partially_filled" -> OrderState.Status.PARTIALLY_FILLED;
      case "filled" -> OrderState.Status.FILLED;
      case "canceled", "mmp_canceled" -> OrderState.Status.CANCELED;
      default -> throw new OkxException("STATE", "OKX order " + text(item.getValue("clOrdId"))
          + " has an unknown state '" + state + "'");
    };
    BigDecimal filled = decimal(item.getValue("accFillSz"));
    BigDecimal avgPx = decimal(item.getValue("avgPx"));
    BigDecimal fee = feeCost(item.getValue("fee"), text(item.getValue("feeCcy")), instId, avgPx);
    filled = received(filled, item.getValue("fee"), text(item.getValue("feeCcy")), instId);
    return new OrderState(text(item.getValue("clOrdId")), text(item.getValue("ordId")), status,
        filled.stripTrailingZeros(), avgPx.stripTrailingZeros(), fee.stripTrailingZeros(), List.of());
  }

  /**
   * What the account received of a filled {@code size}: less the fee when OKX charged it in the
   * base asset (a spot buy pays its fee out of what it bought).
   */
  static BigDecimal received(BigDecimal size, Object okxFee, String feeCcy, String instId) {
    String base = instId.substring(0, instId.indexOf('-'));
    return feeCcy.equalsIgnoreCase(base) ? size.add(decimal(okxFee)) : size;
  }

  /**
   * OKX's fee (negative = charged, positive = rebate) as a cost in the quote asset: negated, and
   * multiplied by {@code price} when OKX charged it in the base asset (a spot buy).
   */
  static BigDecimal feeCost(Object okxFee, String feeCcy, String instId, BigDecimal price) {
    BigDecimal fee = decimal(okxFee).negate();
    String base = instId.substring(0, instId.indexOf('-'));
    if (feeCcy.equalsIgnoreCase(base) && price.signum() > 0) {
      fee = fee.multiply(price);
    }
    return fee;
  }

  /** An instruments answer: the spot instrument's tick, lot and minimum size. */
  static Attempt<Instrument> instrument(Reply reply, String instId) {
    JsonObject json = jsonObject(reply.body());
    String code = json == null ? null : codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return failure("instrument " + instId, reply, code, json);
    }
    JsonArray data = json.getValue("data") instanceof JsonArray a ? a : new JsonArray();
    for (int i = 0; i < data.size(); i++) {
      if (data.getValue(i) instanceof JsonObject row && instId.equals(row.getString("instId"))) {
        try {
          return new Attempt<>(new Instrument(OkxSymbols.toSymbol(instId), positive(row, "tickSz"),
              positive(row, "lotSz"), positive(row, "minSz"), BigDecimal.ZERO), false);
        } catch (RuntimeException e) {
          return Attempt.failed(new OkxException("INSTRUMENT", "OKX instrument " + instId + ": "
              + e.getMessage()), false);
        }
      }
    }
    return Attempt.failed(new OkxException("51001", "OKX does not list the spot instrument " + instId), false);
  }

  /** A read that got no complete answer: an error, and a sign of an unhealthy OKX. */
  static <T> Attempt<T> readWithoutAnswer(String what, Throwable cause) {
    return Attempt.failed(new OkxException("NO_ANSWER", "OKX " + what + " failed: " + cause.getMessage()), true);
  }

  private static BigDecimal positive(JsonObject row, String field) {
    BigDecimal value = decimal(row.getValue(field));
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(field + " is missing or not positive");
    }
    return value.stripTrailingZeros();
  }

  /** A failed read; a 5xx or an unhealthy code counts against the breaker. */
  static <T> Attempt<T> failure(String what, Reply reply, String code, JsonObject json) {
    String msg = json == null ? "" : text(json.getValue("msg")).trim();
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));
    boolean perOrder = sCode != null && !OkxCodes.OK.equals(sCode);
    String c = perOrder ? sCode : code != null ? code : "HTTP " + reply.status();
    String m = item != null && perOrder ? text(item.getValue("sMsg")).trim() : msg;
    String reason = OkxCodes.isConfigError(c) ? OkxCodes.configError(c, m) : "OKX answered HTTP " + reply.status()
        + " code " + c + (m.isEmpty() ? "" : " (" + m + ")");
    return Attempt.failed(new OkxException(c, "OKX " + what + " failed: " + reason),
        OkxCodes.unhealthy(reply.status(), c));
  }

  static JsonObject jsonObject(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return body.toJsonValue() instanceof JsonObject o ? o : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  static JsonObject firstItem(JsonObject json) {
    if (json != null && json.getValue("data") instanceof JsonArray data && !data.isEmpty()
        && data.getValue(0) instanceof JsonObject item) {
      return item;
    }
    return null;
  }

  /** OKX codes come as strings, and in some error bodies as numbers. */
  static String codeOf(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    String s = value.toString().trim();
    return s.isEmpty() ? null : s;
  }

  static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /** A decimal field; "" (OKX's "none", e.g. avgPx before a fill) is zero. */
  static BigDecimal decimal(Object value) {
    String s = text(value).trim();
    return s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
  }
}
