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
import java.util.stream.Collectors;

/** The end state the OKX trade tests expect of the {@code orders} collection. */
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
}
