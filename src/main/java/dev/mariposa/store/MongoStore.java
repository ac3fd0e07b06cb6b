package dev.mariposa.store;

import dev.mariposa.config.MariposaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexModel;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.impl.config.MongoClientOptionsParser;
import com.mongodb.MongoClientSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shared MongoDB client of the process and the index registry: repositories declare their
 * indexes, created at startup (retried until MongoDB answers) so queries never scan a collection.
 * Only what both MongoDB and mongo-java-server support is used: CRUD, indexes, findOneAndUpdate
 * and simple aggregations; no transactions or change streams.
 */
public final class MongoStore {
  private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);

  private final MongoClient client;
  private final MariposaConfig.Mongo config;
  private final String description;
  /** Per collection, its declared indexes by their keys. */
  private final Map<String, Map<String, IndexModel>> indexes = new ConcurrentHashMap<>();
  private volatile boolean ensuring;
  private volatile Consumer<Runnable> retry;
  private final Map<String, BulkWriter> writers = new ConcurrentHashMap<>();

  private MongoStore(MongoClient client, MariposaConfig.Mongo config, String description) {
    this.client = client;
    this.config = config;
    this.description = description;
  }

  public static MongoStore create(Vertx vertx, MariposaConfig.Mongo config, String connectionString, String description) {
    return create(vertx, config, connectionString, description, null);
  }

  /**
   * With a registry, every command the client sends is counted in
   * {@code mariposa.mongo.commands{command, collection}} (find, insert, update, delete, aggregate …):
   * the database load, as the driver sees it.
   */
  public static MongoStore create(Vertx vertx, MariposaConfig.Mongo config, String connectionString, String description,
                                  MeterRegistry registry) {
    long timeout = config.timeout().toMillis();
    JsonObject options = new JsonObject()
        .put("connection_string", connectionString)
        .put("db_name", config.db())
        .put("serverSelectionTimeoutMS", timeout)
        .put("connectTimeoutMS", timeout)
        .put("socketTimeoutMS", timeout * 2)
        .put("useObjectId", false);
    if (registry == null) {
      return new MongoStore(MongoClient.createShared(vertx, options, "mariposa"), config, description);
    }
    // Vert.x's own settings (codecs, its event loops as transport), plus the counting listener.
    MongoClientSettings settings = MongoClientSettings.builder(new MongoClientOptionsParser(vertx, options).settings())
        .addCommandListener(new CommandCounter(registry)).build();
    return new MongoStore(MongoClient.createWithMongoSettings(vertx, options, "mariposa", settings), config, description);
  }

  public MongoClient client() {
    return client;
  }

  /** The group commit of one collection, shared by everything of this process that writes it. */
  public BulkWriter writer(String collection) {
    return writers.computeIfAbsent(collection, name -> new BulkWriter(client, name));
  }

  /** Where MongoDB is, without credentials, for logs and status. */
  public String description() {
    return description;
  }

  /**
   * Declares indexes of a collection. Repositories are made as the verticles deploy, after
   * {@link #ensureIndexes()} has run at startup; what is declared once it has run is created at
   * once (otherwise an instance would run without the indexes of every repository its verticles
   * make: each guarded write would scan its collection). Declaring an index again does nothing.
   */
  public void declareIndexes(String collection, List<IndexModel> models) {
    Map<String, IndexModel> known = indexes.computeIfAbsent(collection, c -> new ConcurrentHashMap<>());
    List<IndexModel> fresh = models.stream().filter(m -> known.putIfAbsent(m.getKey().encode(), m) == null).toList();
    if (!fresh.isEmpty() && ensuring) {
      create(collection, fresh);
    }
  }

  /** Creates every declared index (idempotent in MongoDB: an existing index is left as it is), and from now on each one declared. */
  public Future<Void> ensureIndexes() {
    ensuring = true;
    return Future.all(indexes.entrySet().stream().map(e -> create(e.getKey(), List.copyOf(e.getValue().values()))).toList())
        .mapEmpty();
  }

  /** Like {@link #ensureIndexes()}, each collection's retried every {@code retry} until it succeeds; returns the first attempt. */
  public Future<Void> ensureIndexes(Vertx vertx, Duration retry) {
    this.retry = timer -> vertx.setTimer(retry.toMillis(), id -> timer.run());
    return ensureIndexes();
  }

  private Future<Void> create(String collection, List<IndexModel> models) {
    return client.createIndexes(collection, models).onFailure(t -> {
      LOG.warn("Cannot create indexes on {}: {}", collection, t.getMessage());
      Consumer<Runnable> later = retry;
      if (later != null) {
        later.accept(() -> create(collection, models));
      }
    });
  }

  /** A write refused because the {@code _id} (or another unique key) exists: E11000 in MongoDB. */
  public static boolean isDuplicateKey(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    return message.contains("E11000") || message.contains("duplicate key");
  }

  /** The server answers a ping within the configured timeout. */
  public Future<Void> ping() {
    return ping(config.timeout().toMillis());
  }

  /** The server answers a ping within {@code timeoutMs}. */
  public Future<Void> ping(long timeoutMs) {
    return client.runCommand("ping", new JsonObject().put("ping", 1))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }
}
