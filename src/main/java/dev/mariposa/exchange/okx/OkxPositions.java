package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.FundingBill;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.exchange.VenuePosition;
import dev.mariposa.exchange.okx.OkxRestClient.Attempt;
import dev.mariposa.exchange.okx.OkxRestClient.Reader;
import dev.mariposa.exchange.okx.OkxRestClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's swap positions (GET /api/v5/account/positions?instType=SWAP) and funding payments
 * (GET /api/v5/account/bills?instType=SWAP&type=8), read for reconciliation and accounting.
 *
 * <p>A position's size converts to the base asset with its instrument's contract size, so only
 * linear (USDT-margined) swaps are listed: an inverse one (BTC-USD-SWAP, sized in USD) is not
 * Mariposa's and has no exact size in its base; it is logged and left out. Bills need no
 * conversion and are listed whatever the swap, each in its own currency.
 *
 * <p>OKX's bills endpoint keeps the last 7 days, newest first, paged with {@code after} = billId;
 * {@code begin} is taken as exclusive (OKX does not say; the stricter reading), as for fills.
 */
final class OkxPositions {
  private static final Logger LOG = LoggerFactory.getLogger(OkxPositions.class);
  static final String POSITIONS_PATH = "/api/v5/account/positions";
  static final String BILLS_PATH = "/api/v5/account/bills";
  /** OKX's bill type of a funding fee. */
  static final String FUNDING_FEE = "8";
  private static final int PAGE = 100;
  /** Enough for a week of 8-hourly funding on 100 positions; a guard against a pager that never ends. */
  private static final int MAX_PAGES = 50;

  private final OkxRestClient rest;
  private final Function<String, Future<SwapInstrument>> instruments;

  OkxPositions(OkxRestClient rest, Function<String, Future<SwapInstrument>> instruments) {
    this.rest = Objects.requireNonNull(rest, "rest");
    this.instruments = Objects.requireNonNull(instruments, "instruments");
  }

  /** Every open linear swap position (a zero pos left out). */
  Future<List<VenuePosition>> positions() {
    return rest.call(HttpMethod.GET, POSITIONS_PATH + "?instType=SWAP", null, true,
            new Reader<>(reply -> rows(reply, "positions"), t -> OkxReplies.readWithoutAnswer("positions", t)))
        .compose(rows -> {
          Map<String, Future<SwapInstrument>> byInstId = new LinkedHashMap<>();
          rows.forEach(row -> byInstId.computeIfAbsent(OkxReplies.text(row.getValue("instId")), instruments));
          return Future.all(new ArrayList<>(byInstId.values())).map(v -> {
            List<VenuePosition> positions = new ArrayList<>();
            for (JsonObject row : rows) {
              SwapInstrument inst = byInstId.get(OkxReplies.text(row.getValue("instId"))).result();
              if (!inst.linear()) {
                LOG.warn("OKX lists a position on the inverse swap {}: not Mariposa's, left out", inst.instId());
              } else if (OkxReplies.decimal(row.getValue("pos")).signum() != 0) {
                positions.add(position(row, inst));
              }
            }
            return positions;
          });
        });
  }

  /** The funding payments booked at or after {@code sinceMs} (OKX keeps 7 days), oldest first. */
  Future<List<FundingBill>> fundingBills(long sinceMs) {
    return billsPage(sinceMs, null, new ArrayList<>(), 0).map(bills -> {
      List<FundingBill> oldestFirst = new ArrayList<>(bills);
      java.util.Collections.reverse(oldestFirst);
      return oldestFirst;
    });
  }

  private Future<List<FundingBill>> billsPage(long sinceMs, String after, List<FundingBill> acc, int pages) {
    String path = BILLS_PATH + "?instType=SWAP&type=" + FUNDING_FEE + "&begin=" + (sinceMs - 1) + "&limit=" + PAGE
        + (after == null ? "" : "&after=" + after);
    return rest.call(HttpMethod.GET, path, null, true,
            new Reader<>(reply -> rows(reply, "bills"), t -> OkxReplies.readWithoutAnswer("bills", t)))
        .compose(rows -> {
          for (JsonObject row : rows) {
            FundingBill bill = fundingBill(row);
            if (bill.ts() >= sinceMs) {
              acc.add(bill);
            }
          }
          if (rows.size() < PAGE || pages + 1 >= MAX_PAGES) {
            return Future.succeededFuture(acc);
          }
          return billsPage(sinceMs, OkxReplies.text(rows.get(rows.size() - 1).getValue("billId")), acc, pages + 1);
        });
  }

  /** A positions row of a linear swap, in Mariposa's units. */
  static VenuePosition position(JsonObject row, SwapInstrument inst) {
    String instId = OkxReplies.text(row.getValue("instId"));
    if (!instId.equals(inst.instId())) {
      throw new IllegalArgumentException("position of " + instId + " read with the instrument " + inst.instId());
    }
    BigDecimal pos = OkxReplies.decimal(row.getValue("pos"));
    String posSide = OkxReplies.text(row.getValue("posSide"));
    PositionSide side = switch (posSide) {
      case "long" -> PositionSide.LONG;
      case "short" -> PositionSide.SHORT;
      case "net", "" -> pos.signum() < 0 ? PositionSide.SHORT : PositionSide.LONG;
      default -> throw new IllegalArgumentException("position of " + instId + " has an unknown posSide '" + posSide + "'");
    };
    BigDecimal contracts = exact(pos.abs());
    String mgnMode = OkxReplies.text(row.getValue("mgnMode"));
    BigDecimal margin = OkxReplies.decimal(row.getValue("isolated".equals(mgnMode) ? "margin" : "imr"));
    String liq = OkxReplies.text(row.getValue("liqPx")).trim();
    return new VenuePosition(OkxSymbols.swapToSymbol(instId), instId, side, contracts, inst.baseQuantity(contracts),
        plain(row, "avgPx"), plain(row, "markPx"), liq.isEmpty() ? Optional.empty() : Optional.of(new BigDecimal(liq)),
        exact(margin), plain(row, "lever"), mgnMode, plain(row, "upl"), plain(row, "fundingFee"),
        plain(row, "realizedPnl"));
  }

  /** A bills row of a funding fee. */
  static FundingBill fundingBill(JsonObject row) {
    String instId = OkxReplies.text(row.getValue("instId"));
    String type = OkxReplies.text(row.getValue("type"));
    if (!FUNDING_FEE.equals(type)) {
      throw new IllegalArgumentException("bill " + OkxReplies.text(row.getValue("billId")) + " is of type " + type
          + ", not a funding fee (8)");
    }
    return new FundingBill(OkxSymbols.swapToSymbol(instId), instId, OkxReplies.text(row.getValue("billId")),
        OkxReplies.text(row.getValue("ccy")), plain(row, "balChg"), Long.parseLong(OkxReplies.text(row.getValue("ts"))));
  }

  /** The rows of a list answer; a row that cannot be read fails the read. */
  private static Attempt<List<JsonObject>> rows(Reply reply, String what) {
    JsonObject json = OkxReplies.jsonObject(reply.body());
    String code = json == null ? null : OkxReplies.codeOf(json.getValue("code"));
    if (reply.status() / 100 != 2 || !OkxCodes.OK.equals(code)) {
      return OkxReplies.failure(what, reply, code, json);
    }
    if (!(json.getValue("data") instanceof JsonArray data)) {
      return Attempt.failed(new OkxException("BODY", "OKX " + what + ": the answer has no data list"), false);
    }
    List<JsonObject> rows = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      if (!(data.getValue(i) instanceof JsonObject row)) {
        return Attempt.failed(new OkxException("BODY", "OKX " + what + ": row " + i + " is not an object"), false);
      }
      rows.add(row);
    }
    return new Attempt<>(rows, false);
  }

  private static BigDecimal plain(JsonObject row, String field) {
    return exact(OkxReplies.decimal(row.getValue(field)));
  }

  /** Without trailing zeros, never in exponent form (10, not 1E+1). */
  static BigDecimal exact(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
