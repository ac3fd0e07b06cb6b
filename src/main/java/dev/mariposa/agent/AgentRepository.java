package dev.mariposa.agent;

import dev.mariposa.store.MongoRepository;
import dev.mariposa.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code agents} collection. Writes are guarded: a create never overwrites (duplicate ids
 * fail), an update is conditional on the version it replaces (optimistic concurrency: two edits
 * racing cannot lose one silently, and a client's stale version is refused).
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

  /** An update that named a version the agent is no longer at. */
  public static final class VersionConflict extends RuntimeException {
    private final long current;

    public VersionConflict(String id, long current) {
      super("Agent " + id + " is at version " + current + " now: read it, and send your change again on that version",
          null, false, false);
      this.current = current;
    }

    public long current() {
      return current;
    }
  }

  public AgentRepository(MongoStore store) {
    super(store, "agents", List.of(index("enabled", 1), guardIndex("version")));
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

  /** Replaces an agent whatever its version (still never over a change made meanwhile). */
  public Future<Agent> update(Agent agent, long now) {
    return update(agent, now, Optional.empty());
  }

  /**
   * Replaces an agent if it is at one of the {@code accepted} versions (empty: any); its creation
   * time is kept and its version goes up by one. The write is conditional in MongoDB (one
   * findOneAndUpdate on id and version), so of two edits made on one version one wins and the
   * other fails with {@link VersionConflict}, never silently lost. {@link NotFound} without agent.
   */
  public Future<Agent> update(Agent agent, long now, Optional<Set<Long>> accepted) {
    if (accepted.isPresent() && accepted.get().size() == 1) {
      return replaceAt(agent, now, accepted.get().iterator().next());
    }
    return get(agent.id()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new NotFound(agent.id()));
      }
      long current = found.get().version();
      if (accepted.isPresent() && !accepted.get().contains(current)) {
        return Future.failedFuture(new VersionConflict(agent.id(), current));
      }
      return replaceAt(agent, now, current);
    });
  }

  /** The agent's fields (all but its id and creation time) set, only if it is still at {@code version}. */
  private Future<Agent> replaceAt(Agent agent, long now, long version) {
    JsonObject fields = document(agent.withTimes(0, now, version + 1));
    fields.remove("_id");
    fields.remove("createdAt");
    JsonObject query = new JsonObject().put("_id", agent.id()).put("version", version);
    return mongo.findOneAndUpdateWithOptions(collection, query, new JsonObject().put("$set", fields), new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true))
        .compose(updated -> updated != null
            ? decode(updated).map(Future::succeededFuture)
                .orElseGet(() -> Future.failedFuture(new IllegalStateException("agent " + agent.id() + " stored invalid")))
            : get(agent.id()).compose(found -> Future.failedFuture(found.isEmpty() ? new NotFound(agent.id())
                : new VersionConflict(agent.id(), found.get().version()))));
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
