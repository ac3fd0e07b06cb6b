package dev.mariposa.analysis;

import dev.mariposa.analysis.orderflow.OrderFlowSnapshot;
import dev.mariposa.analysis.orderflow.OrderFlowTracker;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.TradePrint;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ObjLongConsumer;

/**
 * The analysis role's ears for the {@code orderflow} model: listens to {@code market.book.<S>} and
 * {@code market.trade.<S>} of the symbols it is told to follow, feeds them to the
 * {@link OrderFlowTracker}, and calls {@code due} with the symbol and the update's receive time
 * when the tracker says a decision is due. Used from the verticle's event loop only.
 */
final class OrderFlowFollower {
  private final EventBus bus;
  private final OrderFlowTracker tracker;
  private final ObjLongConsumer<String> due;
  private final Map<String, List<MessageConsumer<Object>>> consumers = new HashMap<>();

  OrderFlowFollower(EventBus bus, OrderFlowTracker tracker, ObjLongConsumer<String> due) {
    this.bus = bus;
    this.tracker = tracker;
    this.due = due;
  }

  /** Follows exactly {@code symbols} from now on; completes when the new consumers are registered. */
  Future<Void> follow(Set<String> symbols) {
    consumers.keySet().removeIf(symbol -> {
      if (symbols.contains(symbol)) {
        return false;
      }
      consumers.get(symbol).forEach(MessageConsumer::unregister);
      tracker.forget(symbol);
      return true;
    });
    List<Future<Void>> registered = new ArrayList<>();
    for (String symbol : symbols) {
      if (!consumers.containsKey(symbol)) {
        List<MessageConsumer<Object>> added = List.of(
            bus.consumer(Addresses.book(symbol), m -> onBook(m.body())),
            bus.consumer(Addresses.trade(symbol), m -> onTrade(m.body())));
        consumers.put(symbol, added);
        added.forEach(c -> registered.add(c.completion()));
      }
    }
    return Future.all(registered).mapEmpty();
  }

  Optional<OrderFlowSnapshot> snapshot(String symbol) {
    return tracker.snapshot(symbol);
  }

  /** The throttle's slot of a decision at {@code time}: the cluster claims it once. */
  long slot(long time) {
    return tracker.slot(time);
  }

  // The feed and the bridges deliver the records; a body published as JSON is read into one.
  private void onBook(Object body) {
    BookSnapshot book = body instanceof BookSnapshot b ? b : BookSnapshot.fromJson((JsonObject) body);
    if (tracker.onBook(book)) {
      due.accept(book.symbol(), book.receivedAt());
    }
  }

  private void onTrade(Object body) {
    TradePrint trade = body instanceof TradePrint t ? t : TradePrint.fromJson((JsonObject) body);
    if (tracker.onTrade(trade)) {
      due.accept(trade.symbol(), trade.receivedAt());
    }
  }
}
