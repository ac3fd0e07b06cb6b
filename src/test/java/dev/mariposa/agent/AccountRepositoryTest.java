package dev.mariposa.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.store.MongoStore;
import dev.mariposa.testing.InMemoryMongo;
import dev.mariposa.testing.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts on the embedded MongoDB-wire server: held by their writer, read whole or for deciding. */
class AccountRepositoryTest {
  private static final BigDecimal START = BigDecimal.valueOf(10_000);

  @TempDir
  Path dir;

  private InMemoryMongo mongo;
  private MongoStore store;

  @BeforeEach
  void open() {
    mongo = InMemoryMongo.open(dir, null);
    store = mongo.store();
  }

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void anAccountReadForADecisionHasItsFiguresWithoutTheOrdersItApplied() {
    AccountRepository accounts = new AccountRepository(store);
    accounts.update("a", START, buy("o1")).await();

    Account whole = accounts.get("a", START).await();
    Account forDecision = accounts.forDecision("a", START).await();
    assertThat(whole.applied()).containsExactly("o1");
    assertThat(forDecision.applied()).isEmpty();
    assertThat(forDecision.cash()).isEqualByComparingTo(whole.cash());
    assertThat(forDecision.positions()).isEqualTo(whole.positions());
    assertThat(forDecision.version()).isEqualTo(whole.version());
    assertThat(accounts.stored(List.of("a", "nobody")).await()).singleElement()
        .satisfies(watched -> assertThat(watched.positions()).isEqualTo(whole.positions()));
    assertThat(accounts.forDecision("nobody", START).await().cash()).as("a fresh account").isEqualByComparingTo(START);
  }

  @Test
  void anUpdateFromTheHeldAccountStillSeesAnotherProcesssWrite() {
    AccountRepository here = new AccountRepository(store);
    here.update("a", START, buy("o1")).await();
    // Another process (another Vert.x, another client of the same database) applies an order meanwhile.
    Vertx other = Vertx.vertx();
    try {
      MongoStore elsewhere = MongoStore.create(other, TestConfigs.config(dir, Map.of()).mongo(), mongo.server().connectionString(),
          "other");
      new AccountRepository(elsewhere).update("a", START, buy("o2")).await();
    } finally {
      other.close().await();
    }

    Account after = here.update("a", START, buy("o3")).await();
    assertThat(after.applied()).as("no order lost").containsExactly("o1", "o2", "o3");
    assertThat(store.client().findOne("accounts", new JsonObject().put("_id", "a"), null).await().getLong("version"))
        .isEqualTo(3);
    assertThat(here.update("a", START, buy("o3")).await().version()).as("applied once").isEqualTo(3);
  }

  private static java.util.function.UnaryOperator<Account> buy(String clOrdId) {
    return account -> account.hasApplied(clOrdId) ? account
        : account.apply(clOrdId, "BTCUSDT", true, new BigDecimal("0.01"), new BigDecimal("60000"), BigDecimal.ZERO, 1_000);
  }
}
