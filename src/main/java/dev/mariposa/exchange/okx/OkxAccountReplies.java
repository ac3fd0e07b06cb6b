package dev.mariposa.exchange.okx;

import static dev.mariposa.exchange.okx.OkxReplies.codeOf;
import static dev.mariposa.exchange.okx.OkxReplies.decimal;
import static dev.mariposa.exchange.okx.OkxReplies.firstItem;
import static dev.mariposa.exchange.okx.OkxReplies.jsonObject;
import static dev.mariposa.exchange.okx.OkxReplies.text;

import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.CancelResult.Outcome;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OKX v5 answers about the account read into the {@link dev.mariposa.exchange.VenueAccount} port's
 * values: pages of open orders and fills, balances, a cancel's {@link CancelResult} and an amend's
 * {@link AmendResult}.
 *
 * <p>Cancel outcomes, so that the caller never needs an OKX code:
 * <ul>
 *   <li>CANCELED: code 0 and sCode 0. OKX says this means the cancel was accepted; the order's
 *       final state (a fill may have beaten the cancel) is what a lookup or the fills say.</li>
 *   <li>ALREADY_FINAL: 51401 (already canceled), 51402 (already completed).</li>
 *   <li>NOT_FOUND, provisionally, for 51400 (filled, canceled or does not exist), which the
 *       adapter settles with a lookup.</li>
 *   <li>UNKNOWN: any HTTP 5xx, 50001, 50004, 51410 (already cancelling), 51412 (timed out), a
 *       2xx body that cannot be read, and no answer once the request was sent.</li>
 *   <li>A failed future: 50011/HTTP 429 and 50013 (OKX did nothing: send it again later, a
 *       cancel by clOrdId is idempotent), the 501xx family and HTTP 401/403 (configuration), and
 *       every other refusal, which says nothing of the order (51000, 51001, 51403 ...).</li>
 * </ul>
 *
 * <p>Amend outcomes, alike:
 * <ul>
 *   <li>AMENDED: code 0 and sCode 0. OKX says this means the request was accepted, not that the
 *       order was amended: its new state is what a lookup says.</li>
 *   <li>ALREADY_FINAL: 51509 (canceled), 51510 (completed), given for Nitro Spread only.</li>
 *   <li>NOT_FOUND, provisionally, for 51503 (filled or canceled; an unknown order on spot is not
 *       documented) and 51603, which the adapter settles with a lookup.</li>
 *   <li>UNKNOWN: as for a cancel (5xx, 50001, 50004, an unreadable 2xx body, no answer).</li>
 *   <li>A failed future: 50011/HTTP 429, 50013 and 51513 (OKX did nothing: send the same amend
 *       again later), the 501xx family and HTTP 401/403 (configuration).</li>
 *   <li>REJECTED with OKX's code and words: every other refusal (51000 a price off the tick,
 *       51511 a post-only price that would take, 51502 balance ...); the order stands as it was.</li>
 * </ul>
 */
final class OkxAccountReplies {
  private OkxAccountReplies() {}

  /** The rows of a read answer (code 0), or the read's failure; a 5xx or an outage code counts against the breaker. */
  static Attempt<List<JsonObject>> rows(Reply reply, String what) {
    JsonObject json = jsonObject(reply.body());
    String code = json == null ? null : codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return OkxReplies.failure(what, reply, code, json);
    }
    if (!(json.getValue("data") instanceof JsonArray data)) {
      return Attempt.failed(new OkxException("BODY", "OKX " + what + " answered without data"), false);
    }
    List<JsonObject> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      if (!(data.getValue(i) instanceof JsonObject row)) {
        return Attempt.failed(new OkxException("BODY", "OKX " + what + " answered a row that is no object"), false);
      }
      rows.add(row);
    }
    return new Attempt<>(rows, false);
  }

  /**
   * An orders-pending row. OKX's ordType market (and optimal_limit_ioc, a market order) is
   * MARKET; limit, post_only, fok, ioc and any other type with a price are LIMIT. The size is OKX's
   * sz as it stands: for a spot market buy without tgtCcy=base_ccy that counts in the quote asset,
   * but such an order fills at once and is hardly ever seen open.
   */
  static VenueOrder openOrder(JsonObject row) {
    String instId = text(row.getValue("instId"));
    String symbol = OkxSymbols.toSymbol(instId);
    String ordType = text(row.getValue("ordType"));
    BigDecimal px = decimal(row.getValue("px"));
    boolean market = ordType.equals("market") || ordType.equals("optimal_limit_ioc") || px.signum() <= 0;
    BigDecimal sz = decimal(row.getValue("sz"));
    if (sz.signum() <= 0) {
      throw new OkxException("BODY", "OKX open order " + text(row.getValue("ordId")) + " has no size");
    }
    long cTime = Long.parseLong(text(row.getValue("cTime")).trim());
    return new VenueOrder(symbol, side(row), market ? OrderRequest.Type.MARKET : OrderRequest.Type.LIMIT,
        sz.stripTrailingZeros(), market ? Optional.empty() : Optional.of(px.stripTrailingZeros()), cTime,
        OkxReplies.orderState(row, instId));
  }

  /**
   * A fills or fills-history row. Its time is {@code ts}, the field OKX's {@code begin} filters on
   * ({@code fillTime}, the match time, is the same or a millisecond earlier). The fee is a cost in
   * the quote asset, converted at the fill price when OKX charged it in the base asset (a buy);
   * charged in any third asset, it cannot be converted and the row is refused.
   */
  static VenueFill fill(JsonObject row) {
    String instId = text(row.getValue("instId"));
    String symbol = OkxSymbols.toSymbol(instId);
    String tradeId = text(row.getValue("tradeId")).trim();
    if (tradeId.isEmpty()) {
      throw new OkxException("BODY", "OKX fill of order " + text(row.getValue("ordId")) + " has no tradeId");
    }
    BigDecimal size = decimal(row.getValue("fillSz"));
    BigDecimal price = decimal(row.getValue("fillPx"));
    if (size.signum() <= 0 || price.signum() <= 0) {
      throw new OkxException("BODY", "OKX fill " + tradeId + " has no size or price");
    }
    String feeCcy = text(row.getValue("feeCcy")).trim();
    BigDecimal okxFee = decimal(row.getValue("fee"));
    String base = instId.substring(0, instId.indexOf('-'));
    String quote = instId.substring(instId.indexOf('-') + 1);
    if (okxFee.signum() != 0 && !feeCcy.equalsIgnoreCase(base) && !feeCcy.equalsIgnoreCase(quote)) {
      throw new OkxException("BODY", "OKX fill " + tradeId + " on " + instId + " charged its fee in " + feeCcy);
    }
    BigDecimal fee = OkxReplies.feeCost(okxFee, feeCcy, instId, price);
    // The size the account received, as a looked-up order's (OkxReplies.orderState): they compare equal.
    return new VenueFill(symbol, tradeId, text(row.getValue("clOrdId")), text(row.getValue("ordId")), side(row),
        OkxReplies.received(size, okxFee, feeCcy, instId).stripTrailingZeros(), price.stripTrailingZeros(), fee.stripTrailingZeros(),
        Long.parseLong(text(row.getValue("ts")).trim()));
  }

  /**
   * A balance answer: each asset's {@code cashBal}, by asset. cashBal is the asset's cash, what
   * fills move, frozen in open orders included; availBal leaves out what open orders hold, and eq
   * adds unrealized P&L and liabilities of margin and derivative positions, which spot fills do
   * not explain. OKX leaves out an asset whose cashBal and eq are both 0: absent means zero.
   */
  static Map<String, BigDecimal> balances(List<JsonObject> data) {
    Map<String, BigDecimal> byAsset = new TreeMap<>();
    for (JsonObject account : data) {
      if (!(account.getValue("details") instanceof JsonArray details)) {
        throw new OkxException("BODY", "OKX balance answered an account without details");
      }
      for (int i = 0; i < details.size(); i++) {
        JsonObject detail = details.getJsonObject(i);
        String ccy = text(detail.getValue("ccy")).trim();
        String cash = text(detail.getValue("cashBal")).trim();
        if (ccy.isEmpty() || cash.isEmpty()) {
          throw new OkxException("BODY", "OKX balance answered an asset without ccy or cashBal");
        }
        byAsset.merge(ccy, new BigDecimal(cash).stripTrailingZeros(), BigDecimal::add);
      }
    }
    return byAsset;
  }

  /**
   * What one kind of request about an order (a cancel, an amend) makes of OKX's answer, beyond
   * what every such answer shares ({@link #orderRequest}).
   */
  private interface RequestAnswers<R> {
    /** The outcome is not known: the order must be looked up. */
    R unknown(String code, String message);

    /** OKX took the request. */
    R accepted(String message);

    /** What a code with a meaning for this request says; empty for any other code. */
    Optional<Attempt<R>> known(String code, String said, boolean unhealthy);

    /** Any other refusal: nothing was done. */
    Attempt<R> refused(String code, String said, String what, boolean unhealthy);
  }

  /**
   * An answer to a request about one order, per the rules in the class comment: a 5xx or an
   * unreadable 2xx body leaves the outcome unknown, 401/403 and the 501xx codes are configuration
   * errors, code 0 without a per-order code is acceptance, and the code (per order first) decides
   * the rest.
   */
  private static <R> Attempt<R> orderRequest(Reply reply, String what, RequestAnswers<R> answers) {
    int status = reply.status();
    JsonObject json = jsonObject(reply.body());
    String code = json == null ? null : codeOf(json.getValue("code"));
    String msg = json == null ? "" : text(json.getValue("msg")).trim();
    JsonObject item = firstItem(json);
    String sCode = item == null ? null : codeOf(item.getValue("sCode"));

    if (status >= 500) {
      String c = code != null && !OkxCodes.OK.equals(code) ? code : "HTTP " + status;
      return new Attempt<>(answers.unknown(c, "OKX answered HTTP " + status
          + (msg.isEmpty() ? "" : " (" + msg + ")") + " to the " + what + ": look the order up"), true);
    }
    if (code == null) {
      if (status == 429) {
        code = OkxCodes.RATE_LIMITED;
      } else if (status / 100 == 2) {
        return new Attempt<>(answers.unknown("HTTP " + status, "OKX answered the " + what
            + " with an unreadable body: look the order up"), false);
      } else if (status == 401 || status == 403) {
        return Attempt.failed(new OkxException("HTTP " + status, "OKX configuration error: HTTP " + status
            + " (check the API key, secret, passphrase and the demo setting)"), false);
      } else {
        return Attempt.failed(new OkxException("HTTP " + status, "OKX answered HTTP " + status + " to the " + what),
            false);
      }
    }
    boolean perOrder = sCode != null && !OkxCodes.OK.equals(sCode);
    if (OkxCodes.OK.equals(code) && !perOrder) {
      return new Attempt<>(item == null
          ? answers.unknown(OkxCodes.OK, "OKX answered the " + what + " without an order: look it up")
          : answers.accepted("OKX accepted the " + what), false);
    }
    String c = perOrder ? sCode : code;
    String m = perOrder ? text(item.getValue("sMsg")).trim() : msg;
    String said = m.isEmpty() ? "" : " (" + m + ")";
    boolean unhealthy = OkxCodes.unhealthy(status, c);
    if (OkxCodes.isConfigError(c)) {
      return Attempt.failed(new OkxException(c, OkxCodes.configError(c, m)), false);
    }
    return answers.known(c, said, unhealthy).orElseGet(() -> answers.refused(c, said, what, unhealthy));
  }

  /** A cancel's answer judged, per the rules in the class comment, and whether it tells of an unhealthy OKX. */
  static Attempt<CancelResult> cancel(Reply reply, String clOrdId) {
    return orderRequest(reply, "cancel of " + clOrdId, new RequestAnswers<>() {
      @Override
      public CancelResult unknown(String code, String message) {
        return CancelResult.of(Outcome.UNKNOWN, code, message);
      }

      @Override
      public CancelResult accepted(String message) {
        return CancelResult.of(Outcome.CANCELED, OkxCodes.OK, message);
      }

      @Override
      public Optional<Attempt<CancelResult>> known(String code, String said, boolean unhealthy) {
        return OkxCodes.cancelMeaning(code).map(known -> new Attempt<>(CancelResult.of(known.outcome(), code,
            "OKX " + known.says() + said + (known.outcome() == Outcome.UNKNOWN ? ": look the order up" : "")),
            unhealthy));
      }

      @Override
      public Attempt<CancelResult> refused(String code, String said, String what, boolean unhealthy) {
        if (OkxCodes.meaning(code).placement() == PlaceResult.Outcome.NOT_PLACED) {
          return Attempt.failed(new OkxException(code, "OKX " + OkxCodes.meaning(code).says() + said + ": the " + what
              + " was not made; send it again later"), unhealthy);
        }
        return Attempt.failed(new OkxException(code, "OKX refused the " + what + " with code " + code + said), unhealthy);
      }
    });
  }

  /** A cancel that got no complete answer: it may have reached OKX. */
  static Attempt<CancelResult> cancelWithoutAnswer(String clOrdId, Throwable cause) {
    return new Attempt<>(CancelResult.of(Outcome.UNKNOWN, "NO_ANSWER", cause.getMessage()
        + ": the cancel of " + clOrdId + " may have been made; look the order up"), true);
  }

  /** An amend's answer judged, per the rules in the class comment, and whether it tells of an unhealthy OKX. */
  static Attempt<AmendResult> amend(Reply reply, String clOrdId) {
    return orderRequest(reply, "amend of " + clOrdId, new RequestAnswers<>() {
      @Override
      public AmendResult unknown(String code, String message) {
        return AmendResult.of(AmendResult.Outcome.UNKNOWN, code, message);
      }

      @Override
      public AmendResult accepted(String message) {
        return AmendResult.of(AmendResult.Outcome.AMENDED, OkxCodes.OK, message + ": look the order up for its new state");
      }

      @Override
      public Optional<Attempt<AmendResult>> known(String code, String said, boolean unhealthy) {
        return OkxCodes.amendMeaning(code).map(known -> new Attempt<>(AmendResult.of(known.outcome(), code,
            "OKX " + known.says() + said + (known.outcome() == AmendResult.Outcome.UNKNOWN ? ": look the order up" : "")),
            unhealthy));
      }

      @Override
      public Attempt<AmendResult> refused(String code, String said, String what, boolean unhealthy) {
        boolean inProgress = OkxCodes.AMENDS_IN_PROGRESS.equals(code);
        if (inProgress || OkxCodes.meaning(code).placement() == PlaceResult.Outcome.NOT_PLACED) {
          String says = inProgress ? "has 3 amends of the order in progress" : OkxCodes.meaning(code).says();
          return Attempt.failed(new OkxException(code, "OKX " + says + said + ": the " + what
              + " was not made; send it again later with the same request id"), unhealthy);
        }
        return new Attempt<>(AmendResult.of(AmendResult.Outcome.REJECTED, code, "OKX refused the " + what + " with code "
            + code + said), unhealthy);
      }
    });
  }

  /** An amend that got no complete answer: it may have reached OKX. */
  static Attempt<AmendResult> amendWithoutAnswer(String clOrdId, Throwable cause) {
    return new Attempt<>(AmendResult.of(AmendResult.Outcome.UNKNOWN, "NO_ANSWER", cause.getMessage()
        + ": the amend of " + clOrdId + " may have been made; look the order up"), true);
  }

  private static Side side(JsonObject row) {
    return switch (text(row.getValue("side"))) {
      case "buy" -> Side.BUY;
      case "sell" -> Side.SELL;
      default -> throw new OkxException("BODY", "OKX row of order " + text(row.getValue("ordId"))
          + " has side '" + text(row.getValue("side")) + "'");
    };
  }
}
