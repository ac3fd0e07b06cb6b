package dev.mariposa.exchange;

import dev.mariposa.agent.Market;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/**
 * What a swap order adds to a spot one: the margin mode and leverage of the account, the position
 * it acts on ({@code position}: LONG or SHORT, which a venue in long/short mode names as posSide
 * and a venue in net mode infers), and whether it may only reduce that position
 * ({@code reduceOnly}: every exit, so an exit never opens or flips a position).
 */
public record SwapOrder(Market.MarginMode marginMode, int leverage, PositionSide position, boolean reduceOnly) {
  /** The side of a swap position. */
  public enum PositionSide {
    LONG, SHORT;

    /** The order side that opens or adds to this position. */
    public Side opening() {
      return this == LONG ? Side.BUY : Side.SELL;
    }

    /** The order side that reduces or closes it. */
    public Side closing() {
      return this == LONG ? Side.SELL : Side.BUY;
    }

    /** +1 for a long, -1 for a short: the sign of its profit as the price rises. */
    public int sign() {
      return this == LONG ? 1 : -1;
    }

    public String venueName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The order that opens or adds to {@code position}. */
  public static SwapOrder opening(Market market, PositionSide position) {
    return new SwapOrder(market.marginMode(), market.leverage(), position, false);
  }

  /** The order that reduces or closes {@code position}, reduce-only. */
  public static SwapOrder closing(Market market, PositionSide position) {
    return new SwapOrder(market.marginMode(), market.leverage(), position, true);
  }

  /** Whether an order of {@code side} with these terms opens (or adds to) its position. */
  public boolean opens(Side side) {
    return side == position.opening();
  }

  /** The swap terms of a stored order or a ticket's JSON ({@code swap}); empty for a spot order. */
  public static Optional<SwapOrder> of(JsonObject order) {
    return Optional.ofNullable(order.getJsonObject("swap")).map(SwapOrder::fromJson);
  }

  public JsonObject toJson() {
    return new JsonObject().put("marginMode", marginMode.venueName()).put("leverage", leverage)
        .put("position", position.venueName()).put("reduceOnly", reduceOnly);
  }

  public static SwapOrder fromJson(JsonObject json) {
    return new SwapOrder(Market.MarginMode.valueOf(json.getString("marginMode").toUpperCase(Locale.ROOT)),
        json.getInteger("leverage"), PositionSide.valueOf(json.getString("position").toUpperCase(Locale.ROOT)),
        json.getBoolean("reduceOnly"));
  }
}
