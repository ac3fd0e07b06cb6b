package dev.mariposa.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.testing.InMemoryMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit against the embedded MongoDB-wire server: writes gathered, each answered alone. */
class BulkWriterTest {
  @TempDir
  Path dir;

  private Vertx vertx;
  private InMemoryMongo mongo;
  private SimpleMeterRegistry meters;
  private MongoStore store;

  @BeforeEach
  void open() {
    meters = new SimpleMeterRegistry();
    mongo = InMemoryMongo.open(dir, meters);
    vertx = mongo.vertx();
    store = mongo.store();
  }

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void writesThatArriveTogetherLeaveInFewerCommandsAndEachIsStored() {
    BulkWriter writer = store.writer("orders");
    List<Future<Void>> written = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      written.add(writer.write(BulkOperation.createInsert(new JsonObject().put("_id", "o" + i).put("n", i))));
    }
    Future.all(written).await();

    assertThat(store.client().count("orders", new JsonObject()).await()).isEqualTo(200);
    double inserts = meters.find("mariposa.mongo.commands").tag("command", "insert").tag("collection", "orders")
        .counter().count();
    assertThat(inserts).as("insert commands for 200 writes issued at once").isLessThan(20);
  }

  @Test
  void aDuplicateKeyFailsOnlyItsOwnWriteAndSaysSo() {
    BulkWriter writer = store.writer("orders");
    writer.write(BulkOperation.createInsert(new JsonObject().put("_id", "taken"))).await();

    Future<Void> first = writer.write(BulkOperation.createInsert(new JsonObject().put("_id", "a")));
    Future<Void> duplicate = writer.write(BulkOperation.createInsert(new JsonObject().put("_id", "taken")));
    Future<Void> update = writer.write(BulkOperation.createUpdate(new JsonObject().put("_id", "taken"),
        new JsonObject().put("$set", new JsonObject().put("seen", true)), false, false));
    Future<Void> last = writer.write(BulkOperation.createInsert(new JsonObject().put("_id", "b")));
    Future.join(first, duplicate, update, last).otherwiseEmpty().await();

    assertThat(first.succeeded()).isTrue();
    assertThat(last.succeeded()).isTrue();
    assertThat(update.succeeded()).isTrue();
    assertThat(duplicate.failed()).isTrue();
    assertThat(MongoStore.isDuplicateKey(duplicate.cause())).as(duplicate.cause().getMessage()).isTrue();
    assertThat(store.client().findOne("orders", new JsonObject().put("_id", "taken"), null).await().getBoolean("seen"))
        .isTrue();
  }

  @Test
  void eachWriteCompletesOnItsCallersContext() {
    BulkWriter writer = store.writer("orders");
    List<Future<Boolean>> onOwnContext = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Context context = vertx.getOrCreateContext();
      Promise<Boolean> same = Promise.promise();
      int n = i;
      context.runOnContext(v -> writer.write(BulkOperation.createInsert(new JsonObject().put("_id", "c" + n)))
          .onComplete(ar -> same.complete(ar.succeeded() && Vertx.currentContext() == context)));
      onOwnContext.add(same.future());
    }
    Future.all(onOwnContext).await();
    assertThat(onOwnContext).allMatch(Future::result);
  }
}
