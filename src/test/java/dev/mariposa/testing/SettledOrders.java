package dev.mariposa.testing;

import dev.mariposa.redis.RedisConnections;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.signal.TradeTicket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The end state the OKX trade tests expect of the {@code orders} collection, and what the trade stream holds. */
public final class SettledOrders {
  private SettledOrders() {}

  /**
   * What is not FILLED and settled. An order found otherwise is read again 3 s later, so that the
   * report says whether the state was transient (another path was still writing it) or stuck.
   */
  public static List<String> notFilledAndSettled(MongoClient client, List<JsonObject> stored) {
    List<JsonObject> wrong = stored.stream()
        .filter(o -> !"FILLED".equals(o.getString("status")) || !o.getBoolean("settled", false)).toList();
    if (wrong.isEmpty()) {
      return List.of();
    }
    try {
      Thread.sleep(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> described = new ArrayList<>();
    for (JsonObject o : wrong) {
      JsonObject later = client.findOne("orders", new JsonObject().put("_id", o.getString("_id")), null).await();
      described.add(o.getString("_id") + ": status " + o.getString("status") + " settled " + o.getBoolean("settled")
          + " (reason " + o.getString("reason") + "), 3 s later status " + later.getString("status") + " settled "
          + later.getBoolean("settled"));
    }
    return List.of(wrong.size() + " of " + stored.size() + " orders not FILLED and settled once every order "
        + "counted as settled and the group was drained: " + described);
  }

  /**
   * The accounts that did not apply each of their agent's orders exactly once (trade count, list
   * of applied client order ids), naming the orders missing and their state.
   */
  public static List<String> accountMismatches(MongoClient client, Map<String, List<String>> ordersByAgent) {
    List<String> problems = new ArrayList<>();
    Map<String, JsonObject> accounts = client.find("accounts", new JsonObject()).await().stream()
        .collect(Collectors.toMap(a -> a.getString("_id"), a -> a));
    ordersByAgent.forEach((agentId, clOrdIds) -> {
      JsonObject account = accounts.get(agentId);
      if (account == null) {
        problems.add(agentId + ": no account");
        return;
      }
      List<String> applied = account.getJsonArray("applied").stream().map(String::valueOf).toList();
      Set<String> missing = new HashSet<>(clOrdIds);
      applied.forEach(missing::remove);
      Set<String> unique = new HashSet<>(applied);
      long trades = account.getLong("trades");
      if (trades != clOrdIds.size() || !missing.isEmpty() || unique.size() != applied.size()) {
        List<String> states = missing.stream().map(id -> {
          JsonObject order = client.findOne("orders", new JsonObject().put("_id", id), null).await();
          return id + " (" + (order == null ? "no order" : order.getString("status") + ", settled "
              + order.getBoolean("settled") + ", updatedAt " + order.getLong("updatedAt")) + ")";
        }).toList();
        problems.add(agentId + ": trades " + trades + " for " + clOrdIds.size() + " orders, " + applied.size()
            + " applied ids (" + (applied.size() - unique.size()) + " repeated), version " + account.getLong("version")
            + ", cash " + account.getString("cash") + ", positions " + account.getJsonObject("positions")
            + ", missing " + states);
      }
    });
    return problems;
  }

  /**
   * Exactly one fill per ticket's order (the fake OKX reports totals), and each fill counted once
   * in its agent's account: the problems found, empty when all is well.
   */
  public static List<String> oneFillEachCountedOnce(MongoClient client, List<TradeTicket> tickets) {
    List<String> problems = new ArrayList<>();
    List<JsonObject> fills = client.find("fills", new JsonObject()).await();
    Map<String, Long> fillsPerOrder = fills.stream()
        .collect(Collectors.groupingBy(f -> f.getString("clOrdId"), Collectors.counting()));
    Set<String> expected = tickets.stream().map(TradeTicket::clOrdId)
        .collect(Collectors.toSet());
    if (fills.size() != tickets.size()) {
      problems.add(fills.size() + " fills for " + tickets.size() + " orders");
    }
    if (!fillsPerOrder.keySet().equals(expected)) {
      problems.add("fills do not match the orders one for one");
    }
    fillsPerOrder.forEach((id, n) -> {
      if (n != 1) {
        problems.add(id + " has " + n + " fills");
      }
    });
    problems.addAll(accountMismatches(client, tickets.stream().collect(Collectors.groupingBy(
        t -> t.signal().agentId(), Collectors.mapping(TradeTicket::clOrdId,
            Collectors.toList())))));
    return problems;
  }

  /** The trade stream's dead letters, as "signal id: reason". */
  public static List<String> deadLetters(RedisConnections redis, TradeStream stream) {
    Response entries = redis.send(Request.cmd(Command.XRANGE).arg(stream.deadLetterKey()).arg("-").arg("+")).await();
    List<String> found = new ArrayList<>();
    if (entries != null) {
      for (Response entry : entries) {
        Map<String, String> fields = new HashMap<>();
        Response kv = entry.get(1);
        for (int i = 0; i + 1 < kv.size(); i += 2) {
          fields.put(kv.get(i).toString(), kv.get(i + 1).toString());
        }
        found.add(fields.get("id") + ": " + fields.get("reason"));
      }
    }
    return found;
  }

  /** XPENDING's summary: unacknowledged entries per consumer. */
  public static Map<String, Long> pendingByConsumer(RedisConnections redis, TradeStream stream) {
    Response summary = redis.send(Request.cmd(Command.XPENDING).arg(stream.key()).arg(TradeStream.GROUP)).await();
    Map<String, Long> held = new TreeMap<>();
    if (summary != null && summary.size() > 3 && summary.get(3) != null) {
      for (Response consumer : summary.get(3)) {
        held.put(consumer.get(0).toString(), Long.parseLong(consumer.get(1).toString()));
      }
    }
    return held;
  }

  /** The client order ids of the entries {@code consumer} has not acknowledged. */
  public static List<String> clOrdIdsHeldBy(String consumer, RedisConnections redis, TradeStream stream) {
    Response pending = redis.send(Request.cmd(Command.XPENDING).arg(stream.key()).arg(TradeStream.GROUP).arg("-")
        .arg("+").arg(1000).arg(consumer)).await();
    List<String> clOrdIds = new ArrayList<>();
    for (Response entry : pending) {
      String id = entry.get(0).toString();
      Response fields = redis.send(Request.cmd(Command.XRANGE).arg(stream.key()).arg(id).arg(id)).await().get(0).get(1);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("t".equals(fields.get(i).toString())) {
          clOrdIds.add(TradeTicket.fromJson(new JsonObject(fields.get(i + 1).toString())).clOrdId());
        }
      }
    }
    return clOrdIds;
  }

  /** What {@code consumer} had not acknowledged, counted by its order's state: in MongoDB, and at the exchange. */
  public static Map<String, Long> heldBy(String consumer, RedisConnections redis, TradeStream stream,
                                         MongoClient client, FakeOkx fake) {
    return states(clOrdIdsHeldBy(consumer, redis, stream), client, fake);
  }

  /** These orders counted by state: in MongoDB, and at the exchange. */
  public static Map<String, Long> states(List<String> clOrdIds, MongoClient client, FakeOkx fake) {
    Map<String, Long> states = new TreeMap<>();
    for (String clOrdId : clOrdIds) {
      JsonObject order = client.findOne("orders", new JsonObject().put("_id", clOrdId), null).await();
      String state = (order == null ? "no intent" : order.getString("status") + (order.getBoolean("settled") ? " settled" : ""))
          + (fake.order(clOrdId).isPresent() ? ", at the exchange" : ", not at the exchange");
      states.merge(state, 1L, Long::sum);
    }
    return states;
  }
}
