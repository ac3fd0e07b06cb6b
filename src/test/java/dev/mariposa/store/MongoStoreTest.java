package dev.mariposa.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.InMemoryMongo;
import dev.mariposa.trade.OrderRepository;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index registry on the embedded MongoDB-wire server. */
class MongoStoreTest {
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
  void aRepositoryMadeAfterTheStartupCreationStillGetsItsIndexes() {
    store.ensureIndexes(mongo.vertx(), Duration.ofMillis(100)).await();
    assertThat(indexes("orders")).as("nothing declared yet").isEmpty();

    new OrderRepository(store); // as a trade verticle makes it, once the instance has started
    new OrderRepository(store); // and its second instance: declared again, created once

    Eventually.within(Duration.ofSeconds(5), "the orders' indexes", () -> indexes("orders").size() == 5);
    assertThat(indexes("orders")).contains("_id_1_settled_1", "agentId_1_createdAt_-1", "status_1_updatedAt_1",
        "settled_1_createdAt_-1");
  }

  private List<String> indexes(String collection) {
    return store.client().listIndexes(collection).await().stream()
        .map(index -> ((JsonObject) index).getString("name")).toList();
  }
}
