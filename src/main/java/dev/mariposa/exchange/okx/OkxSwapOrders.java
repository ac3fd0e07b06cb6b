package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.okx.OkxLeverage.Setting;
import dev.mariposa.exchange.okx.OkxPositionMode.Mode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Orders on OKX's USDT-margined perpetual swaps, as {@link OkxExchange} places them when an order
 * has swap terms. Before the order: its instrument (for the contract size, lot, tick and maximum
 * leverage), the account's position mode ({@link OkxPositionMode}) and the leverage at OKX
 * ({@link OkxLeverage}). The order: instId BASE-QUOTE-SWAP, tdMode the margin mode, sz in contracts
 * (the base quantity converted exactly, rounded down to a lot), px on the tick (a buy's rounded
 * down, a sell's up: never worse than asked), posSide long or short in long_short_mode and none in
 * net_mode, reduceOnly in net_mode only: OKX applies it to net-mode swap orders alone (place-order
 * doc), and in long_short_mode a close is sell+long or buy+short, which can never open a position.
 *
 * <p>Refused here, nothing sent: a leverage above the instrument's maximum, a quantity below one
 * minimum order (the arithmetic said), an inverse swap. OKX's refusals of set-leverage and of the
 * order are final REJECTED results in plain words ({@link OkxCodes#swapRejection}); a refusal of
 * posSide (51000) makes the position mode be read again, and the order sent once more when the mode
 * changed, else refused as a mode mismatch. When a step before the order gets no answer, the
 * future fails: the order itself was not sent. Answers to the order itself read as spot's do
 * ({@link OkxReplies}): an unclear one is UNKNOWN, to be looked up by clOrdId on the swap.
 */
final class OkxSwapOrders {
  /** Mariposa's own codes of a swap order refused before anything was sent. */
  static final String LEVERAGE_ABOVE_MAX = "LEVERAGE_ABOVE_MAX";
  static final String BELOW_MINIMUM = "BELOW_MINIMUM";
  static final String NOT_LINEAR = "NOT_LINEAR";

  /** OKX's own codes: digits, perhaps a sub-code after "_" (51008_1001). */
  private static final Pattern OKX_CODE = Pattern.compile("\\d+(_\\d+)?");

  /** What the adapter does for it at OKX: send an order body, look an order up. */
  interface Venue {
    Future<PlaceResult> send(String clOrdId, String instId, String body);

    Future<Optional<OrderState>> lookup(String instId, String clOrdId);
  }

  /** An order sized and priced for its instrument. */
  record Sized(OrderRequest request, SwapOrder terms, SwapInstrument instrument, BigDecimal contracts,
               Optional<BigDecimal> px) {}

  /** An order ready to send in the account's position mode, its leverage set. */
  private record Ready(Sized sized, Mode mode, Future<Mode> read) {}

  /** A refusal before the order was sent, carried to the end of the chain. */
  private static final class Refused extends RuntimeException {
    final transient PlaceResult result;

    Refused(PlaceResult result) {
      super(result.message(), null, false, false);
      this.result = result;
    }
  }

  private final Function<String, Future<SwapInstrument>> instruments;
  private final OkxPositionMode positionMode;
  private final OkxLeverage leverage;
  private final Venue venue;

  OkxSwapOrders(Function<String, Future<SwapInstrument>> instruments, OkxPositionMode positionMode,
                OkxLeverage leverage, Venue venue) {
    this.instruments = Objects.requireNonNull(instruments, "instruments");
    this.positionMode = Objects.requireNonNull(positionMode, "positionMode");
    this.leverage = Objects.requireNonNull(leverage, "leverage");
    this.venue = Objects.requireNonNull(venue, "venue");
  }

  /** Places {@code request} (which has swap terms) on its symbol's swap {@code instId}. */
  Future<PlaceResult> place(OrderRequest request, String instId) {
    SwapOrder terms = request.swap().orElseThrow(() -> new IllegalArgumentException("not a swap order"));
    return instruments.apply(instId)
        .compose(inst -> Future.succeededFuture(sized(request, terms, inst)))
        .compose(sized -> {
          Future<Mode> read = positionMode.get();
          return read.compose(m -> leverageFor(sized, m).map(v -> new Ready(sized, m, read)));
        })
        .recover(OkxSwapOrders::refusedBefore)
        .compose(ready -> submit(ready.sized(), ready.mode(), ready.read(), true))
        .recover(t -> t instanceof Refused r ? Future.succeededFuture(r.result) : Future.failedFuture(t));
  }

  /** The swap order of {@code clOrdId}, its quantity in the base asset. */
  Future<Optional<OrderState>> lookup(String instId, String clOrdId) {
    return instruments.apply(instId)
        .compose(inst -> venue.lookup(instId, clOrdId).map(found -> found.map(state -> inBase(state, inst))));
  }

  /** Sized in contracts and priced on the tick, or refused (nothing sent). */
  static Sized sized(OrderRequest request, SwapOrder terms, SwapInstrument inst) {
    if (!inst.linear()) {
      throw new Refused(PlaceResult.rejected(NOT_LINEAR, inst.instId() + " is an inverse swap: Mariposa trades "
          + "linear (USDT-margined) swaps only; not sent"));
    }
    if (terms.leverage() > inst.maxLeverage()) {
      throw new Refused(PlaceResult.rejected(LEVERAGE_ABOVE_MAX, "leverage " + terms.leverage() + "x is above the "
          + "maximum of " + inst.maxLeverage() + "x that OKX allows on " + inst.instId() + "; not sent"));
    }
    BigDecimal contracts;
    try {
      contracts = inst.contracts(request.quantity());
    } catch (IllegalArgumentException e) {
      throw new Refused(PlaceResult.rejected(BELOW_MINIMUM, e.getMessage() + "; not sent"));
    }
    Optional<BigDecimal> px = Optional.empty();
    if (request.type() != OrderRequest.Type.MARKET) {
      BigDecimal limit = request.limitPrice().orElseThrow();
      try {
        px = Optional.of(inst.roundPrice(limit, request.side() == Side.BUY ? RoundingMode.DOWN : RoundingMode.UP));
      } catch (IllegalArgumentException e) {
        throw new Refused(PlaceResult.rejected("PRICE", e.getMessage() + "; not sent"));
      }
    }
    return new Sized(request, terms, inst, contracts, px);
  }

  /** The leverage setting the order needs at OKX: per position side for an isolated one in long_short_mode. */
  static Setting setting(Sized sized, Mode mode) {
    String mgnMode = sized.terms().marginMode().venueName();
    boolean perSide = mode == Mode.LONG_SHORT && "isolated".equals(mgnMode);
    return new Setting(sized.instrument().instId(), mgnMode,
        perSide ? Optional.of(sized.terms().position().venueName()) : Optional.empty());
  }

  /** The JSON text signed and sent. Fields in a fixed order, amounts as plain decimals. */
  static String body(Sized sized, Mode mode) {
    OrderRequest request = sized.request();
    SwapOrder terms = sized.terms();
    JsonObject json = new JsonObject()
        .put("instId", sized.instrument().instId())
        .put("tdMode", terms.marginMode().venueName())
        .put("side", request.side() == Side.BUY ? "buy" : "sell");
    if (mode == Mode.LONG_SHORT) {
      json.put("posSide", terms.position().venueName());
    }
    json.put("ordType", OkxExchange.ordType(request.type()))
        .put("sz", sized.contracts().toPlainString());
    sized.px().ifPresent(px -> json.put("px", px.toPlainString()));
    if (mode == Mode.NET && terms.reduceOnly()) {
      json.put("reduceOnly", true);
    }
    return json.put("clOrdId", request.clOrdId()).encode();
  }

  /** An OKX order state of a swap in the base asset: accFillSz × contract size. */
  static OrderState inBase(OrderState state, SwapInstrument inst) {
    return new OrderState(state.clOrdId(), state.exchangeOrderId(), state.status(),
        inst.baseQuantity(state.filledQuantity()), state.averagePrice(), state.fee(), state.fills());
  }

  private Future<Void> leverageFor(Sized sized, Mode mode) {
    return leverage.ensure(setting(sized, mode), sized.terms().leverage());
  }

  private Future<PlaceResult> submit(Sized sized, Mode mode, Future<Mode> modeRead, boolean mayReread) {
    String clOrdId = sized.request().clOrdId();
    return venue.send(clOrdId, sized.instrument().instId(), body(sized, mode)).compose(result -> {
      if (result.outcome() != PlaceResult.Outcome.REJECTED) {
        return Future.succeededFuture(result);
      }
      if (!OkxCodes.positionModeMismatch(result.code(), result.message())) {
        return Future.succeededFuture(explained(result));
      }
      if (!mayReread) {
        return Future.succeededFuture(mismatch(result, mode));
      }
      // OKX refused the posSide: the mode changed since it was read (someone switched it on the website).
      return positionMode.reread(modeRead).compose(now -> now == mode
          ? Future.succeededFuture(mismatch(result, mode))
          : leverageFor(sized, now).recover(OkxSwapOrders::refusedBefore)
              .compose(v -> submit(sized, now, Future.succeededFuture(now), false)));
    });
  }

  /** A swap refusal in plain words, OKX's own after them. */
  static PlaceResult explained(PlaceResult rejected) {
    return OkxCodes.swapRejection(rejected.code())
        .map(reason -> PlaceResult.rejected(rejected.code(), reason + " (OKX " + rejected.code() + ": "
            + rejected.message() + ")"))
        .orElse(rejected);
  }

  private static PlaceResult mismatch(PlaceResult rejected, Mode mode) {
    return PlaceResult.rejected(rejected.code(), "position mode mismatch: OKX refused the order's posSide, sent for "
        + mode.venueName + ", which the account config still reports; check the account's position mode at OKX "
        + "(OKX " + rejected.code() + ": " + rejected.message() + ")");
  }

  /**
   * A step before the order failed: OKX's refusal (set-leverage 59102, an unlisted instrument ...)
   * is a final rejection; anything else (no answer, rate limit, an open circuit) fails, the order
   * not sent.
   */
  private static <T> Future<T> refusedBefore(Throwable t) {
    if (t instanceof Refused) {
      return Future.failedFuture(t);
    }
    if (t instanceof OkxException e && OKX_CODE.matcher(e.code()).matches()
        && OkxCodes.meaning(e.code()).placement() == PlaceResult.Outcome.REJECTED) {
      String reason = OkxCodes.swapRejection(e.code()).map(r -> r + ": ").orElse("");
      return Future.failedFuture(new Refused(PlaceResult.rejected(e.code(), reason + e.getMessage()
          + "; the order was not sent")));
    }
    return Future.failedFuture(t);
  }
}
