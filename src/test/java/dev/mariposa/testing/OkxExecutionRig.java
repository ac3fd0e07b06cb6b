package dev.mariposa.testing;

import dev.mariposa.agent.AccountRepository;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.LiveExecution;
import dev.mariposa.trade.OrderRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * The kernel's execution engine on the trade role's live adapters (MongoDB-wire server in
 * {@code dir}, the bus, timers) placing on the OKX adapter against a fake OKX: what a test of an
 * order path to OKX needs. Every account starts with {@code start}.
 */
public record OkxExecutionRig(InMemoryMongo mongo, OkxOnFake venue, AccountRepository accounts, ExecutionEngine engine)
    implements AutoCloseable {

  public static OkxExecutionRig start(Path dir, RedisConnections redis, FakeOkx.Credentials credentials,
                                      BigDecimal start) {
    InMemoryMongo mongo = InMemoryMongo.open(dir, null);
    OkxOnFake venue = OkxOnFake.start(mongo.vertx(), redis, credentials);
    AccountRepository accounts = new AccountRepository(mongo.store());
    OkxExchange okx = venue.okx();
    ExecutionEngine engine = LiveExecution.engine(mongo.vertx(), new ExecutionEngine.Stores(
            new OrderRepository(mongo.store()), new FillRepository(mongo.store()), accounts), name -> okx, id -> start,
        new SimpleMeterRegistry(), MarketClock.system());
    return new OkxExecutionRig(mongo, venue, accounts, engine);
  }

  public FakeOkx fake() {
    return venue.fake();
  }

  public OkxExchange okx() {
    return venue.okx();
  }

  @Override
  public void close() {
    try {
      venue.close();
    } finally {
      mongo.close();
    }
  }
}
