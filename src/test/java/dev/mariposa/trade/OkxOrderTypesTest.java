package dev.mariposa.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.okx.OkxExchange;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.FakeOkx;
import dev.mariposa.testing.OkxExecutionRig;
import dev.mariposa.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an IOC or FOK entry sends to OKX, and what becomes of it, through the kernel's
 * ExecutionEngine, the OKX adapter and the fake OKX (real HTTP and signatures), MongoDB and Redis
 * real: the body carries OKX's ordType and the limit price; within the price it fills and is
 * applied to the account; beyond it the venue cancels it, nothing is applied, and it is not placed
 * again.
 */
class OkxOrderTypesTest {
  private static final FakeOkx.Credentials OKX = new FakeOkx.Credentials("fake-okx-key-typ3s", "fake-okx-secret-VHlwZXM",
      "fake-okx-pass-t5");
  private static final BigDecimal START = new BigDecimal("100000");
  private static final BigDecimal FILL_PRICE = new BigDecimal("30000");
  private static final AtomicInteger SEQ = new AtomicInteger();

  @RegisterExtension
  static final TestRedis.Server redis = TestRedis.forClass();

  @TempDir
  Path dir;

  private OkxExecutionRig rig;
  private FakeOkx fake;
  private OkxExchange okx;
  private AccountRepository accounts;
  private ExecutionEngine engine;

  @BeforeEach
  void start() {
    rig = OkxExecutionRig.start(dir, redis.connections(), OKX, START);
    fake = rig.fake().fillPrice(FILL_PRICE);
    okx = rig.okx();
    accounts = rig.accounts();
    engine = rig.engine();
  }

  @AfterEach
  void stop() {
    rig.close();
  }

  private TradeTicket ticket(OrderRequest.Type type, String limit) {
    long now = System.currentTimeMillis();
    Signal signal = Signals.requested("types-" + SEQ.incrementAndGet(), "BTCUSDT", Signal.Action.BUY, 0.9, 30_000,
        "r" + SEQ.get(), now, Duration.ofSeconds(30));
    return new TradeTicket(signal, Side.BUY, new BigDecimal("0.01"), Agent.Exchange.OKX, now, type,
        Optional.of(new BigDecimal(limit)));
  }

  @Test
  void anIocWithinItsPriceFillsAndTheVenueGotOkxsIocWithThePrice() {
    TradeTicket ticket = ticket(OrderRequest.Type.IOC, "30045");

    JsonObject settled = engine.execute(ticket).await();

    JsonObject sent = fake.placementBodies().get(0);
    assertThat(sent.getString("ordType")).isEqualTo("ioc");
    assertThat(sent.getString("px")).isEqualTo("30045");
    assertThat(sent.getString("sz")).isEqualTo("0.01");
    assertThat(sent.containsKey("tgtCcy")).as("only a market buy is sized in the quote asset by default").isFalse();
    assertThat(settled.getString("status")).isEqualTo("FILLED");
    assertThat(settled.getString("orderType")).isEqualTo("IOC");
    Account account = accounts.get(ticket.signal().agentId(), START).await();
    assertThat(account.positions().get("BTCUSDT").quantity()).isEqualByComparingTo("0.01");
    assertThat(account.cash()).as("100000 - 0.01 × 30000 - 0.3 fee").isEqualByComparingTo("99699.7");
  }

  @Test
  void anIocOrFokBeyondItsPriceIsCancelledByTheVenueAndNothingIsAppliedNorPlacedAgain() {
    for (OrderRequest.Type type : new OrderRequest.Type[] {OrderRequest.Type.IOC, OrderRequest.Type.FOK}) {
      TradeTicket ticket = ticket(type, "29990");
      int before = fake.placementsReceived();

      JsonObject settled = engine.execute(ticket).await();

      assertThat(fake.placementsReceived() - before).as(type.name()).isEqualTo(1);
      assertThat(fake.placementBodies().get(fake.placementBodies().size() - 1).getString("ordType"))
          .isEqualTo(type.name().toLowerCase());
      assertThat(settled.getString("status")).as(type.name()).isEqualTo("CANCELED");
      assertThat(new BigDecimal(settled.getString("filledQuantity"))).isZero();
      Account account = accounts.get(ticket.signal().agentId(), START).await();
      assertThat(account.positions()).isEmpty();
      assertThat(account.cash()).isEqualByComparingTo(START);
      assertThat(engine.execute(ticket).await().getString("status")).as("seen again: settled, not placed again")
          .isEqualTo("CANCELED");
      assertThat(fake.placementsReceived() - before).isEqualTo(1);
    }
  }
}
