package dev.mariposa.store;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonValue;

/**
 * Counts the commands the MongoDB driver sends, by command and collection: the database load
 * behind {@code mariposa_mongo_commands_total}. Called on the driver's threads; the counters are
 * created once per (command, collection).
 */
final class CommandCounter implements CommandListener {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  CommandCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String command = event.getCommandName();
    BsonValue target = event.getCommand().get(command);
    String collection = target != null && target.isString() ? target.asString().getValue() : "-";
    counters.computeIfAbsent(command + "/" + collection, k -> Counter.builder("mariposa.mongo.commands")
        .tag("command", command).tag("collection", collection)
        .description("Commands sent to MongoDB, by command and collection").register(registry)).increment();
  }
}
