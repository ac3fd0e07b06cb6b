package dev.mariposa.session;

import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster's browser sessions as Redis holds them: listing them across instances, the summed
 * subscriber counts per address, and removing what a dead instance left behind.
 */
public final class SessionStore {
  private final RedisConnections redis;
  private final SessionKeys keys;

  public SessionStore(RedisConnections redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = new SessionKeys(keys);
  }

  /** A page of sessions, newest first: {@code {sessions:[{id, instance, created, lastSeen, remote, addresses}], total}}. */
  public Future<JsonObject> list(int limit, int offset) {
    return instancesWithSessions().compose(this::sessionIds).compose(ids -> {
      List<Future<Response>> hashes = ids.stream()
          .map(id -> redis.send(Request.cmd(Command.HGETALL).arg(keys.session(id)))).toList();
      return Future.all(hashes).compose(all -> {
        List<JsonObject> sessions = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
          Response hash = all.resultAt(i);
          if (hash != null && hash.size() > 0) {
            sessions.add(session(hash));
          }
        }
        sessions.sort(Comparator.comparingLong((JsonObject s) -> s.getLong("created")).reversed()
            .thenComparing(s -> s.getString("id")));
        List<JsonObject> page = sessions.subList(Math.min(offset, sessions.size()),
            Math.min(sessions.size(), offset + limit));
        List<Future<Response>> members = page.stream()
            .map(s -> redis.send(Request.cmd(Command.SMEMBERS).arg(keys.subscriptions(s.getString("id"))))).toList();
        return Future.all(members).map(done -> {
          for (int i = 0; i < page.size(); i++) {
            Set<String> addresses = new TreeSet<>();
            Response set = done.resultAt(i);
            if (set != null) {
              set.forEach(a -> addresses.add(a.toString()));
            }
            page.get(i).put("addresses", new JsonArray(List.copyOf(addresses)));
          }
          return new JsonObject().put("sessions", new JsonArray(List.copyOf(page))).put("total", sessions.size());
        });
      });
    });
  }

  /** The instances that have recorded sessions. */
  public Future<Set<String>> instancesWithSessions() {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.instances())).map(SessionStore::strings);
  }

  /** Subscribers per address summed over {@code instanceIds}. */
  public Future<Map<String, Integer>> subscriberCounts(Collection<String> instanceIds) {
    List<Future<Response>> counts = instanceIds.stream()
        .map(id -> redis.send(Request.cmd(Command.HGETALL).arg(keys.counts(id)))).toList();
    return Future.all(counts).map(all -> {
      Map<String, Integer> sum = new TreeMap<>();
      for (int i = 0; i < counts.size(); i++) {
        Response hash = all.resultAt(i);
        if (hash != null) {
          for (String address : hash.getKeys()) {
            try {
              sum.merge(address, Integer.parseInt(hash.get(address).toString()), Integer::sum);
            } catch (NumberFormatException e) {
              // not written by a recorder: ignored
            }
          }
        }
      }
      return sum;
    });
  }

  /**
   * Removes every session a dead instance recorded, its registrations and counts, and the index;
   * answers how many sessions went. Safe to repeat.
   */
  public Future<Integer> purgeInstance(String instanceId) {
    return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.instanceIndex(instanceId))).map(SessionStore::strings)
        .compose(ids -> {
          List<Future<Response>> deleted = ids.stream()
              .map(id -> redis.send(Request.cmd(Command.DEL).arg(keys.session(id)).arg(keys.subscriptions(id)))).toList();
          return Future.all(deleted).map(ids.size());
        })
        .compose(n -> Future.all(
                redis.send(Request.cmd(Command.DEL).arg(keys.instanceIndex(instanceId))),
                redis.send(Request.cmd(Command.DEL).arg(keys.counts(instanceId))))
            .compose(v -> redis.send(Request.cmd(Command.SREM).arg(keys.instances()).arg(instanceId)))
            .map(n));
  }

  private Future<List<String>> sessionIds(Set<String> instanceIds) {
    List<Future<Response>> indexes = instanceIds.stream()
        .map(id -> redis.send(Request.cmd(Command.SMEMBERS).arg(keys.instanceIndex(id)))).toList();
    return Future.all(indexes).map(all -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < indexes.size(); i++) {
        ids.addAll(strings(all.resultAt(i)));
      }
      return ids;
    });
  }

  private static JsonObject session(Response hash) {
    JsonObject session = new JsonObject();
    for (String field : hash.getKeys()) {
      String value = hash.get(field).toString();
      switch (field) {
        case "created", "lastSeen" -> session.put(field, parseLong(value));
        default -> session.put(field, value);
      }
    }
    return session;
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Set<String> strings(Response set) {
    Set<String> out = new TreeSet<>();
    if (set != null) {
      set.forEach(r -> out.add(r.toString()));
    }
    return out;
  }
}
