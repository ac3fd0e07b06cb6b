package dev.mariposa.events;

import dev.mariposa.bus.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;

/**
 * The address families whose bodies travel the local bus as records (market data, analysis
 * results, trade events), and how each is read back
 * from its JSON: what the edges (the Redis bridge, the TCP bridge) need to know about them.
 */
public final class RecordFamilies {
  private static final Map<String, Function<JsonObject, MarketEvent>> READERS = Map.of(
      Addresses.ticker(""), Ticker::fromJson,
      Addresses.trade(""), TradePrint::fromJson,
      Addresses.book(""), BookSnapshot::fromJson,
      Addresses.analysis(""), AnalysisResult::fromJson,
      Addresses.agentTrades(""), TradeEvent::fromJson);

  private RecordFamilies() {}

  public static boolean carriesRecords(String address) {
    return reader(address) != null;
  }

  /**
   * {@code body} as it is published locally on {@code address}: the record, read from its JSON,
   * on a record family; as it is elsewhere. Throws IllegalArgumentException for a body that is not
   * the family's record.
   */
  public static Object fromWire(String address, Object body) {
    Function<JsonObject, MarketEvent> reader = reader(address);
    if (reader == null) {
      return body;
    }
    if (!(body instanceof JsonObject json)) {
      throw new IllegalArgumentException(address + " carries JSON objects");
    }
    return reader.apply(json);
  }

  private static Function<JsonObject, MarketEvent> reader(String address) {
    for (Map.Entry<String, Function<JsonObject, MarketEvent>> family : READERS.entrySet()) {
      if (address.startsWith(family.getKey())) {
        return family.getValue();
      }
    }
    return null;
  }
}
