package dev.mariposa.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-process MongoDB-wire server (mongo-java-server) on a loopback port: with an H2 file for
 * the embedded default, or in memory for tests. Clients reach it with the ordinary driver.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private final MongoServer server;
  private final String connectionString;
  private final String description;

  private EmbeddedMongo(MongoBackend backend, String description) {
    this.server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    this.connectionString = "mongodb://127.0.0.1:" + address.getPort();
    this.description = description + " on 127.0.0.1:" + address.getPort();
  }

  /** Documents kept in {@code dataDir/mongo.mv} (H2 MVStore) and read back after a restart. */
  public static EmbeddedMongo persistent(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    Path file = dataDir.resolve("mongo.mv").toAbsolutePath().normalize();
    return new EmbeddedMongo(new H2Backend(file.toString()), "embedded mongo-java-server (H2 file " + file + ")");
  }

  public static EmbeddedMongo inMemory() {
    return new EmbeddedMongo(new MemoryBackend(), "embedded mongo-java-server (in memory)");
  }

  public String connectionString() {
    return connectionString;
  }

  public String description() {
    return description;
  }

  /** Closes client connections and the backend; H2 commits its last changes. */
  @Override
  public void close() {
    server.shutdown();
  }
}
