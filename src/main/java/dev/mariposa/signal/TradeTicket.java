package dev.mariposa.signal;

import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.SwapOrder;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * An order the risk gate let through, as it travels on the trade stream: the signal it comes from,
 * the side and the quantity sized by the gate, the exchange of the agent's account, the order type
 * and limit price of the agent's execution style (with how a resting entry lives on), a swap
 * order's terms (the position it acts on, reduce-only for an exit), and the client order id that
 * makes its placement idempotent.
 */
public record TradeTicket(Signal signal, Side side, BigDecimal quantity, Agent.Exchange exchange, long approvedAt,
                          OrderRequest.Type orderType, Optional<BigDecimal> limitPrice, Optional<RestingPlan> resting,
                          Optional<SwapOrder> swap) {

  public TradeTicket {
    if (orderType != OrderRequest.Type.MARKET && limitPrice.isEmpty()) {
      throw new IllegalArgumentException(orderType + " ticket " + signal.id() + " has no limit price");
    }
    if (orderType.rests() != resting.isPresent()) {
      throw new IllegalArgumentException(orderType + " ticket " + signal.id()
          + (resting.isPresent() ? " does not rest, yet has a resting plan" : " rests, yet has no resting plan"));
    }
  }

  /** A spot order. */
  public TradeTicket(Signal signal, Side side, BigDecimal quantity, Agent.Exchange exchange, long approvedAt,
                     OrderRequest.Type orderType, Optional<BigDecimal> limitPrice, Optional<RestingPlan> resting) {
    this(signal, side, quantity, exchange, approvedAt, orderType, limitPrice, resting, Optional.empty());
  }

  /** The same order, on a swap with these terms. */
  public TradeTicket onSwap(SwapOrder terms) {
    return new TradeTicket(signal, side, quantity, exchange, approvedAt, orderType, limitPrice, resting, Optional.of(terms));
  }

  /** An order that does not rest (market, IOC, FOK). */
  public TradeTicket(Signal signal, Side side, BigDecimal quantity, Agent.Exchange exchange, long approvedAt,
                     OrderRequest.Type orderType, Optional<BigDecimal> limitPrice) {
    this(signal, side, quantity, exchange, approvedAt, orderType, limitPrice, Optional.empty());
  }

  /** A market order. */
  public TradeTicket(Signal signal, Side side, BigDecimal quantity, Agent.Exchange exchange, long approvedAt) {
    this(signal, side, quantity, exchange, approvedAt, OrderRequest.Type.MARKET, Optional.empty());
  }

  public String clOrdId() {
    return signal.clientOrderId();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("signal", signal.toJson()).put("side", side.name())
        .put("quantity", quantity.toPlainString()).put("exchange", exchange.name().toLowerCase(Locale.ROOT))
        .put("approvedAt", approvedAt).put("orderType", orderType.name());
    limitPrice.ifPresent(px -> json.put("limitPrice", px.toPlainString()));
    resting.ifPresent(plan -> json.put("resting", plan.toJson()));
    swap.ifPresent(terms -> json.put("swap", terms.toJson()));
    return json;
  }

  /** A ticket of an older version has no order type (a market order), nor swap terms (spot). */
  public static TradeTicket fromJson(JsonObject json) {
    return new TradeTicket(Signal.fromJson(json.getJsonObject("signal")), Side.valueOf(json.getString("side")),
        new BigDecimal(json.getString("quantity")), Agent.Exchange.valueOf(json.getString("exchange").toUpperCase(Locale.ROOT)),
        json.getLong("approvedAt"), OrderRequest.Type.valueOf(json.getString("orderType", "MARKET")),
        Optional.ofNullable(json.getString("limitPrice")).map(BigDecimal::new),
        Optional.ofNullable(json.getJsonObject("resting")).map(RestingPlan::fromJson),
        Optional.ofNullable(json.getJsonObject("swap")).map(SwapOrder::fromJson));
  }
}
