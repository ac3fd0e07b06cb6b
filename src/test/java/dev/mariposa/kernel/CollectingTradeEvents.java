package dev.mariposa.kernel;

import dev.mariposa.events.TradeEvent;
import dev.mariposa.kernel.port.TradeEventPort;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A trade-event sink for tests: the events kept in a list, in the order they were told. */
final class CollectingTradeEvents implements TradeEventPort {
  /** One event and the agent it was told for. */
  public record Told(String agentId, JsonObject event) {}

  private final List<Told> told = new ArrayList<>();

  @Override
  public void publish(String agentId, TradeEvent event) {
    told.add(new Told(agentId, event.toJson()));
  }

  public List<Told> told() {
    return List.copyOf(told);
  }
}
