package dev.mariposa.testing;

import dev.mariposa.embedded.EmbeddedMongo;
import dev.mariposa.store.MongoStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Vert.x, the in-memory MongoDB-wire server and a store on it, as repository tests use them;
 * closed in that order (the client before the server under it).
 */
public record InMemoryMongo(Vertx vertx, EmbeddedMongo server, MongoStore store) implements AutoCloseable {

  /** {@code dir}: the test's own directory, for the configuration; {@code meters}: null for none. */
  public static InMemoryMongo open(Path dir, MeterRegistry meters) {
    Vertx vertx = Vertx.vertx();
    EmbeddedMongo server = EmbeddedMongo.inMemory();
    return new InMemoryMongo(vertx, server,
        MongoStore.create(vertx, TestConfigs.config(dir, Map.of()).mongo(), server.connectionString(), "test", meters));
  }

  @Override
  public void close() {
    vertx.close().await();
    server.close();
  }
}
