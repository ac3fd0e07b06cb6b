package dev.mariposa.trade;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Watches the {@code accounts} collection while a test runs: every few tens of milliseconds it
 * reads all accounts and notes, with when it was seen, any client order id that was in an
 * account's applied list and is no longer there, or a version that grew more than its list of
 * applied ids (a lost update either way: each write applies one order). Its own reads go through
 * the same server, so a single anomaly that the final state does not confirm may be a torn read
 * of the audit itself; the final check of the accounts is what the tests assert.
 */
final class AccountAudit implements AutoCloseable {
  private final MongoClient client;
  private final Thread thread;
  private final Map<String, Set<String>> applied = new HashMap<>();
  private final Map<String, Long> versions = new HashMap<>();
  private final List<String> anomalies = new ArrayList<>();
  private volatile boolean running = true;

  AccountAudit(MongoClient client, long everyMs) {
    this.client = client;
    this.thread = new Thread(() -> {
      while (running) {
        try {
          check();
          Thread.sleep(everyMs);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // a read failed: try again
        }
      }
    }, "account-audit");
    thread.setDaemon(true);
    thread.start();
  }

  private void check() {
    long now = System.currentTimeMillis();
    for (JsonObject account : client.find("accounts", new JsonObject()).await()) {
      String id = account.getString("_id");
      long version = account.getLong("version");
      Set<String> ids = new HashSet<>(account.getJsonArray("applied").stream().map(String::valueOf).toList());
      Set<String> before = applied.getOrDefault(id, Set.of());
      Set<String> lost = new HashSet<>(before);
      lost.removeAll(ids);
      long gap = version - ids.size(); // writes that did not add an id: 0 unless an update was lost
      Long previous = versions.get(id);
      long previousGap = previous == null ? 0 : previous - before.size();
      if (!lost.isEmpty() || gap > previousGap) {
        synchronized (anomalies) {
          anomalies.add("at " + now + " account " + id + " version " + versions.get(id) + " -> " + version + ": "
              + ids.size() + " applied ids, trades " + account.getLong("trades") + (lost.isEmpty() ? "" : ", lost " + lost));
        }
      }
      applied.put(id, ids);
      versions.put(id, version);
    }
  }

  List<String> anomalies() {
    synchronized (anomalies) {
      return List.copyOf(anomalies);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2000);
  }
}
