package dev.mariposa.trade;

import dev.mariposa.agent.Agent;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.Ticker;
import dev.mariposa.market.LatestTicker;
import dev.mariposa.signal.LivePrices;
import dev.mariposa.signal.RiskRules;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exits of a real-money account (stop-loss, take-profit, trailing) are decided on live venue
 * prices only ({@link LivePrices}): on a price that is not live the position guard waits, and
 * says so once on {@code system.status} (component {@code exits}, state {@code WAITING} with the
 * reason; again only when the reason changes, say from "no ticker yet" to "replayed prices", not
 * when only its figures do), then once more when prices are live again ({@code LIVE}). Paper and demo accounts
 * decide on whatever prices the instance has.
 */
final class LiveExitPrices {
  static final String COMPONENT = "exits";

  private final EventBus bus;
  private final String instanceId;
  /** "agentId symbol" of the positions whose exits wait, with the reason said (its figures left out). */
  private final Map<String, String> waiting = new HashMap<>();

  LiveExitPrices(EventBus bus, String instanceId) {
    this.bus = bus;
    this.instanceId = instanceId;
  }

  /** Whether the guard may decide the agent's exits in {@code symbol} on this ticker. */
  boolean decidable(Agent agent, boolean realMoney, String symbol, Optional<Ticker> ticker, long now) {
    String position = agent.id() + " " + symbol;
    if (!realMoney) {
      waiting.remove(position); // the account became paper or demo
      return true;
    }
    Optional<String> notLive = LivePrices.refusal(symbol, ticker.map(LatestTicker::of), RiskRules.maxTickerAge(agent), now);
    if (notLive.isPresent()) {
      String said = withoutFigures(notLive.get());
      if (!said.equals(waiting.put(position, said))) {
        announce(agent.id(), symbol, "WAITING", "exits of the real-money " + symbol + " position wait for live prices: "
            + notLive.get());
      }
      return false;
    }
    if (waiting.remove(position) != null) {
      announce(agent.id(), symbol, "LIVE", "prices of " + symbol + " are live again: exits are decided on them");
    }
    return true;
  }

  /** The position is gone (closed, or its agent removed): nothing waits for it any more. */
  void forget(String agentId, String symbol) {
    waiting.remove(agentId + " " + symbol);
  }

  /** "3512 ms old" and "4012 ms old" are one reason, as are two replayed times ("2024-09-21T00:20:01.250Z"). */
  private static String withoutFigures(String reason) {
    return reason.replaceAll("\\d[\\d.:-]*", "#");
  }

  private void announce(String agentId, String symbol, String state, String reason) {
    bus.publish(Addresses.SYSTEM_STATUS, new JsonObject().put("component", COMPONENT).put("state", state)
        .put("agentId", agentId).put("symbol", symbol).put("reason", reason).put("instanceId", instanceId)
        .put("at", Instant.now().toString()));
  }
}
