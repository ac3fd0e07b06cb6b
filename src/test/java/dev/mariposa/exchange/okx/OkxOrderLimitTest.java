package dev.mariposa.exchange.okx;

import static dev.mariposa.testing.OkxAdapters.clOrdId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.PlaceResult.Outcome;
import dev.mariposa.exchange.Side;
import dev.mariposa.redis.LuaScripts;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.OkxAdapters;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OkxExchange's order limit, shared in Redis by every instance: the part of the adapter that Redis
 * decides, so the pom's redis-cluster execution runs this class again on a cluster (the rest of
 * the adapter, {@link OkxExchangeTest}, runs once).
 */
class OkxOrderLimitTest {
  private static final FakeOkx.Credentials CREDENTIALS =
      new FakeOkx.Credentials("fake-okx-key-7c1d9e", "fake-okx-secret-Q2xvdWRz", "fake-okx-pass-Zk93");

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @RegisterExtension
  final OkxAdapters adapters = OkxAdapters.on(redis, CREDENTIALS).fillPrice(new BigDecimal("30000"));

  @Test
  void twoInstancesShareTheOrderLimit() {
    RedisConnections other = redis.connect(adapters.vertx());
    try {
      OkxExchange a = adapters.exchange();
      OkxExchange b = adapters.track(new OkxExchange(adapters.vertx(), adapters.config(CREDENTIALS.secret()),
          new RateLimiter(other, new LuaScripts()), adapters.keys()));
      long started = System.nanoTime();
      List<Future<PlaceResult>> placed = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        placed.add((i % 2 == 0 ? a : b).place(market(clOrdId("t"))));
      }
      Future.all(placed).await();
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(placed).allSatisfy(f -> assertThat(f.result().outcome()).isEqualTo(Outcome.ACCEPTED));
      assertThat(adapters.fake().placementArrivals()).hasSize(100)
          .allSatisfy(arr -> assertThat(arr.status()).isEqualTo(200));
      assertThat(adapters.fake().maxPlacementsPer2s()).as("arrivals in any 2 s window").isLessThanOrEqualTo(60)
          .isGreaterThanOrEqualTo(OkxExchange.ORDER_BURST);
      assertThat(elapsedMs).as("limited, yet not idle").isBetween(3_000L, 9_000L);
    } finally {
      other.close().await();
    }
  }

  private static OrderRequest market(String clOrdId) {
    return OrderRequest.market(clOrdId, "BTCUSDT", Side.BUY, new BigDecimal("0.001"));
  }
}
