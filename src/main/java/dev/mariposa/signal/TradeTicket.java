package dev.mariposa.signal;

import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Side;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * An order the risk gate let through, as it travels on the trade stream: the signal it comes from,
 * the side and the quantity sized by the gate, the exchange of the agent's account, and the client
 * order id that makes its placement idempotent.
 */
public record TradeTicket(Signal signal, Side side, BigDecimal quantity, Agent.Exchange exchange, long approvedAt) {

  public String clOrdId() {
    return signal.clientOrderId();
  }

  public JsonObject toJson() {
    return new JsonObject().put("signal", signal.toJson()).put("side", side.name())
        .put("quantity", quantity.toPlainString()).put("exchange", exchange.name().toLowerCase(Locale.ROOT))
        .put("approvedAt", approvedAt);
  }

  public static TradeTicket fromJson(JsonObject json) {
    return new TradeTicket(Signal.fromJson(json.getJsonObject("signal")), Side.valueOf(json.getString("side")),
        new BigDecimal(json.getString("quantity")), Agent.Exchange.valueOf(json.getString("exchange").toUpperCase(Locale.ROOT)),
        json.getLong("approvedAt"));
  }
}
