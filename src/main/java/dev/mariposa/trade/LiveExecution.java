package dev.mariposa.trade;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.events.EventCodec;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.kernel.port.SchedulerPort;
import dev.mariposa.kernel.port.TradeEventPort;
import dev.mariposa.store.MongoStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The execution engine on its live adapters: orders, fills and accounts in MongoDB
 * ({@link OrderRepository}, {@link FillRepository}, {@link AccountRepository}), trade events on
 * {@code trade.<agentId>}, waits on Vert.x timers (on the caller's context).
 */
public final class LiveExecution {
  private LiveExecution() {}

  /** The stores of {@code mongo}. */
  public static ExecutionEngine.Stores stores(MongoStore mongo) {
    return new ExecutionEngine.Stores(new OrderRepository(mongo), new FillRepository(mongo),
        new AccountRepository(mongo));
  }

  /** {@code exchanges}: by the order's exchange name; {@code startingBalance}: by agent id. */
  public static ExecutionEngine engine(Vertx vertx, ExecutionEngine.Stores stores, Function<String, Exchange> exchanges,
                                       Function<String, BigDecimal> startingBalance, MeterRegistry meters,
                                       MarketClock clock) {
    return new ExecutionEngine(stores, exchanges, startingBalance, busEvents(vertx), timers(vertx), clock, meters);
  }

  private static TradeEventPort busEvents(Vertx vertx) {
    EventCodec.register(vertx.eventBus()); // trade events are published as records
    return (agentId, event) -> vertx.eventBus().publish(Addresses.agentTrades(agentId), event);
  }

  private static SchedulerPort timers(Vertx vertx) {
    return delay -> {
      Promise<Void> elapsed = Promise.promise();
      vertx.setTimer(delay.toMillis(), t -> elapsed.complete());
      return elapsed.future();
    };
  }
}
