package dev.mariposa.agent;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code agents} collection. Writes are guarded: a create never overwrites (duplicate ids
 * fail), an update names the version it replaces (optimistic concurrency: two edits racing cannot
 * lose one silently).
 */
public final class AgentRepository extends MongoRepository {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRepository.class);

  /** Refused writes, mapped to 404 and 409 by the API. */
  public static final class NotFound extends RuntimeException {
    public NotFound(String id) {
      super("No agent " + id);
    }
  }

  public static final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }

  public AgentRepository(MongoStore store) {
    super(store, "agents", List.of(index("enabled", 1)));
  }

  public Future<Optional<Agent>> get(String id) {
    return findById(id).map(doc -> doc.flatMap(AgentRepository::decode));
  }

  /** Agents ordered by id, {@code limit} from {@code offset}. */
  public Future<List<Agent>> list(int offset, int limit) {
    return find(new JsonObject(), new FindOptions().setSort(new JsonObject().put("_id", 1)).setSkip(offset).setLimit(limit))
        .map(AgentRepository::decodeAll);
  }

  /** Every agent, for the roles that keep them in memory. */
  public Future<List<Agent>> all() {
    return find(new JsonObject(), new FindOptions().setSort(new JsonObject().put("_id", 1)))
        .map(AgentRepository::decodeAll);
  }

  public Future<Long> count() {
    return count(new JsonObject());
  }

  /** Stores a new agent (version 1); fails with {@link Conflict} if the id is taken. */
  public Future<Agent> create(Agent agent, long now) {
    Agent stored = agent.withTimes(now, now, 1);
    return mongo.insert(collection, document(stored)).map(id -> stored)
        .recover(t -> Future.failedFuture(MongoStore.isDuplicateKey(t) ? new Conflict("An agent " + agent.id() + " exists already") : t));
  }

  /** Replaces an agent if it is still at {@code expectedVersion}; its creation time is kept. */
  public Future<Agent> update(Agent agent, long now) {
    return get(agent.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new NotFound(agent.id()));
      }
      Agent old = found.get();
      Agent stored = agent.withTimes(old.createdAt(), now, old.version() + 1);
      JsonObject query = new JsonObject().put("_id", agent.id()).put("version", old.version());
      return mongo.replaceDocuments(collection, query, document(stored)).compose(result -> result.getDocMatched() == 1
          ? Future.succeededFuture(stored)
          : Future.failedFuture(new Conflict("Agent " + agent.id() + " was changed by someone else; read it and try again")));
    });
  }

  public Future<Boolean> delete(String id) {
    return mongo.removeDocument(collection, new JsonObject().put("_id", id)).map(r -> r.getRemovedCount() > 0);
  }

  /** Creates each agent whose id is free; existing ones are left as they are. Returns those created. */
  public Future<List<Agent>> createMissing(List<Agent> agents, long now) {
    List<Future<Optional<Agent>>> created = agents.stream()
        .map(a -> create(a, now).map(Optional::of).recover(t -> t instanceof Conflict
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(t)))
        .toList();
    return Future.all(created).map(all -> created.stream().flatMap(f -> f.result().stream()).toList());
  }

  private static JsonObject document(Agent agent) {
    return AgentJson.toJson(agent).put("_id", agent.id());
  }

  private static List<Agent> decodeAll(List<JsonObject> documents) {
    List<Agent> agents = new ArrayList<>(documents.size());
    documents.forEach(d -> decode(d).ifPresent(agents::add));
    return agents;
  }

  /** A stored agent that no longer validates (edited by hand, an older version) is skipped, loudly. */
  private static Optional<Agent> decode(JsonObject document) {
    try {
      return Optional.of(AgentJson.parse(document, document.getString("_id"), Set.of()));
    } catch (InvalidAgentException | ClassCastException e) {
      LOG.warn("Agent {} in MongoDB is invalid and is ignored: {}", document.getValue("_id"), e.getMessage());
      return Optional.empty();
    }
  }
}
