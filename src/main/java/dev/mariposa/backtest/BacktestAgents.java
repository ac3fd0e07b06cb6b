package dev.mariposa.backtest;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.DefaultAgents;
import dev.mariposa.agent.InvalidAgentException;
import dev.mariposa.command.UsageException;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The agents of a backtest, defined as live ones are: from a JSON file (the body of POST
 * /api/agents, one or an array), by id from the MongoDB of MONGO_URL, or the demo agents.
 */
final class BacktestAgents {
  private BacktestAgents() {}

  static List<Agent> load(Optional<String> spec, MariposaConfig config) throws UsageException {
    if (spec.isEmpty()) {
      return DefaultAgents.of(config);
    }
    Path file = Path.of(spec.get());
    if (Files.isRegularFile(file)) {
      return fromFile(file);
    }
    List<String> ids = List.of(spec.get().split(","));
    return config.mongo().url().isPresent() ? fromMongo(ids, config) : demo(ids, config);
  }

  private static List<Agent> fromFile(Path file) throws UsageException {
    Object json;
    try {
      String text = Files.readString(file).trim();
      json = text.startsWith("[") ? new JsonArray(text) : new JsonObject(text);
    } catch (IOException | DecodeException e) {
      throw UsageException.withUsage("--agents " + file + " is not a JSON agent or array of agents: " + e.getMessage());
    }
    if (json instanceof JsonObject object && object.getValue("agents") instanceof JsonArray array) {
      json = array;
    }
    List<Object> items = json instanceof JsonArray array ? array.getList() : List.of(json);
    List<Agent> agents = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i) instanceof java.util.Map<?, ?> map ? new JsonObject(cast(map)) : items.get(i);
      if (!(item instanceof JsonObject object)) {
        throw UsageException.withUsage("--agents " + file + ": item " + i + " is not a JSON object");
      }
      try {
        agents.add(AgentJson.parse(object, null, Set.of()));
      } catch (InvalidAgentException e) {
        throw UsageException.withUsage("--agents " + file + ": agent " + i + " is invalid: " + String.join("; ", e.problems()));
      }
    }
    if (agents.isEmpty()) {
      throw UsageException.withUsage("--agents " + file + " holds no agent");
    }
    return agents;
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> cast(java.util.Map<?, ?> map) {
    return (java.util.Map<String, Object>) map;
  }

  private static List<Agent> demo(List<String> ids, MariposaConfig config) throws UsageException {
    List<Agent> demo = DefaultAgents.of(config);
    List<Agent> agents = new ArrayList<>();
    for (String id : ids) {
      agents.add(demo.stream().filter(a -> a.id().equals(id.trim())).findFirst().orElseThrow(() -> UsageException.withUsage(
          "--agents: no agent " + id + " (without MONGO_URL the ids are those of the demo agents: "
              + String.join(", ", demo.stream().map(Agent::id).toList()) + "; or give a JSON file)")));
    }
    return agents;
  }

  private static List<Agent> fromMongo(List<String> ids, MariposaConfig config) throws UsageException {
    Vertx vertx = Vertx.vertx();
    MongoStore store = MongoStore.create(vertx, config.mongo(), config.mongo().url().orElseThrow().reveal(), "MONGO_URL");
    try {
      AgentRepository repository = new AgentRepository(store);
      List<Agent> agents = new ArrayList<>();
      for (String id : ids) {
        Optional<Agent> agent;
        try {
          agent = repository.get(id.trim()).await();
        } catch (RuntimeException e) {
          throw UsageException.withUsage("--agents: MongoDB (MONGO_URL) did not answer: " + e.getMessage());
        }
        agents.add(agent.orElseThrow(() -> UsageException.withUsage("--agents: no agent " + id + " in MongoDB (MONGO_URL)")));
      }
      return agents;
    } finally {
      store.close().onComplete(ar -> vertx.close());
    }
  }
}
