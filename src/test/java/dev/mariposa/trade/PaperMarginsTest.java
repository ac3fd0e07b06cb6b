package dev.mariposa.trade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.exchange.SwapOrder;
import dev.mariposa.exchange.SwapOrder.PositionSide;
import dev.mariposa.kernel.FundingRates;
import dev.mariposa.testing.InMemoryMongo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper exchange's live swap margins on a real MongoDB-wire server: a 10× long liquidated once
 * when the mark reaches its liquidation price (the account and the fills collection agree), and a
 * short's funding booked once per funding time it was held across.
 */
class PaperMarginsTest {
  private static final BigDecimal START = new BigDecimal("10000");
  private static final long OPENED = Instant.parse("2024-08-04T13:00:00Z").toEpochMilli();

  @TempDir
  Path dir;

  private InMemoryMongo mongo;
  private AccountRepository accounts;
  private FillRepository fills;
  private PaperMargins margins;

  @BeforeEach
  void start() {
    mongo = InMemoryMongo.open(dir, null);
    accounts = new AccountRepository(mongo.store());
    fills = new FillRepository(mongo.store());
    margins = new PaperMargins(accounts, fills, FundingRates.constant(new BigDecimal("0.0001")));
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  private static Agent agent(int leverage) {
    return AgentJson.parse(new JsonObject().put("id", "perp").put("symbols", new JsonArray().add("BTCUSDT"))
        .put("account", new JsonObject().put("market", "swap").put("leverage", leverage).put("short", true))
        .put("risk", new JsonObject().put("stopLossPct", 5)), "perp", Set.of());
  }

  private Account open(Agent agent, PositionSide side) {
    return accounts.update(agent.id(), START, a -> a.applySwap("open", "BTCUSDT",
        SwapOrder.opening(agent.account().market(), side), side == PositionSide.LONG, new BigDecimal("0.1"),
        new BigDecimal("40000"), BigDecimal.ZERO, OPENED)).await();
  }

  @Test
  void aLongIsLiquidatedOnceWhenTheMarkReachesItsLiquidationPrice() {
    Agent agent = agent(10);
    Account held = open(agent, PositionSide.LONG);
    // 3600 / 0.09955 = 36162.73...
    assertThat(margins.onMark(agent, held, "BTCUSDT", new BigDecimal("36200"), OPENED + 1).await()).isEmpty();

    Optional<Account> after = margins.onMark(agent, held, "BTCUSDT", new BigDecimal("36100"), OPENED + 2).await();

    assertThat(after).hasValueSatisfying(a -> {
      assertThat(a.positions()).isEmpty();
      assertThat(a.cash()).as("the whole margin lost").isEqualByComparingTo("9600");
    });
    List<JsonObject> stored = mongo.store().client().find("fills", new JsonObject().put("agentId", "perp")).await();
    assertThat(stored).singleElement().satisfies(f -> {
      assertThat(f.getString("side")).isEqualTo("SELL");
      assertThat(new BigDecimal(f.getString("price")).doubleValue()).isCloseTo(
          new BigDecimal("3600").divide(new BigDecimal("0.09955"), MathContext.DECIMAL64).doubleValue(),
          org.assertj.core.data.Offset.offset(1e-6));
      assertThat(f.getString("liquidation")).startsWith("liquidation: the mark reached 36162.73");
    });
    // Offered again (another instance, a later tick on a stale copy): nothing more.
    assertThat(margins.onMark(agent, held, "BTCUSDT", new BigDecimal("36000"), OPENED + 3).await())
        .hasValueSatisfying(a -> assertThat(a.cash()).isEqualByComparingTo("9600"));
    assertThat(mongo.store().client().count("fills", new JsonObject()).await()).isEqualTo(1);
  }

  @Test
  void aShortReceivesTheFundingOfEachFundingTimeItWasHeldAcrossOnce() {
    Agent agent = agent(5);
    Account held = open(agent, PositionSide.SHORT);
    long afterTwo = Instant.parse("2024-08-05T00:30:00Z").toEpochMilli(); // 16:00 and 00:00 passed

    Account funded = margins.fund(agent, held, s -> Optional.of(new BigDecimal("39000")), afterTwo).await().orElseThrow();

    // Twice 0.1 × 39000 × 0.0001 = 0.39.
    assertThat(funded.fundingTotal()).isEqualByComparingTo("0.78");
    assertThat(funded.cash()).isEqualByComparingTo("10000.78");
    assertThat(mongo.store().client().find("fills", new JsonObject().put("agentId", "perp")).await())
        .extracting(f -> f.getString("funding")).containsExactlyInAnyOrder("0.39", "0.39");
    assertThat(margins.fund(agent, funded, s -> Optional.of(new BigDecimal("39000")), afterTwo).await())
        .as("nothing due any more").isEmpty();
    assertThat(accounts.get("perp", START).await().fundingTotal()).isEqualByComparingTo("0.78");
  }
}
