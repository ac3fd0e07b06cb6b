package dev.mariposa.reliability;

import dev.mariposa.testing.Http;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signals asked for through the API, one every {@code periodMs}, alternately BUY and SELL, on a
 * thread of its own; each answer is filed under the phase it was sent in: the ids the API queued
 * (202), or the refusal as status and error code. A refusal that is not a JSON error is kept whole.
 */
final class SignalTraffic implements AutoCloseable {
  /** One refusal: when it was asked, what came back. */
  record Refusal(String phase, int status, String code, long askedAt) {}

  private final String url;
  private final String token;
  private final String symbol;
  private final long periodMs;
  private final Map<String, Set<String>> accepted = new ConcurrentHashMap<>();
  private final List<Refusal> refusals = Collections.synchronizedList(new ArrayList<>());
  private final List<String> malformed = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile String phase = "before";
  private volatile boolean running = true;

  SignalTraffic(String baseUrl, String agentId, String symbol, String token, long periodMs) {
    this.url = baseUrl + "/api/agents/" + agentId + "/signals";
    this.token = token;
    this.symbol = symbol;
    this.periodMs = periodMs;
    this.thread = new Thread(this::run, "signal-traffic");
    thread.setDaemon(true);
    thread.start();
  }

  void phase(String name) {
    phase = name;
  }

  /** The ids the API answered as queued, in the phase they were asked in. */
  Set<String> accepted(String phase) {
    return accepted.getOrDefault(phase, Set.of());
  }

  List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  /** Refusals counted by phase, status and code. */
  Map<String, Long> refusalCounts() {
    Map<String, Long> counts = new TreeMap<>();
    refusals().forEach(r -> counts.merge(r.phase() + " " + r.status() + " " + r.code(), 1L, Long::sum));
    return counts;
  }

  /** Answers that were neither a queued signal nor a JSON error. */
  List<String> malformed() {
    return List.copyOf(malformed);
  }

  private void run() {
    boolean buy = true;
    while (running) {
      String asked = phase;
      long at = System.currentTimeMillis();
      try {
        HttpResponse<String> answer = Http.send("POST", url, new JsonObject().put("action", buy ? "BUY" : "SELL")
            .put("symbol", symbol).put("confidence", 0.9).encode(), token);
        file(asked, at, answer);
        buy = !buy;
      } catch (RuntimeException e) {
        malformed.add(asked + ": no answer: " + e);
      }
      sleep(Math.max(0, periodMs - (System.currentTimeMillis() - at)));
    }
  }

  private void file(String asked, long at, HttpResponse<String> answer) {
    try {
      JsonObject body = new JsonObject(answer.body());
      if (answer.statusCode() == 202) {
        Set<String> ids = accepted.computeIfAbsent(asked, p -> ConcurrentHashMap.newKeySet());
        body.getJsonArray("queued").forEach(s -> ids.add(((JsonObject) s).getString("id")));
        if (!body.getJsonArray("duplicates").isEmpty()) {
          malformed.add(asked + ": duplicates answered for a fresh request: " + answer.body());
        }
      } else {
        refusals.add(new Refusal(asked, answer.statusCode(), body.getJsonObject("error").getString("code"), at));
      }
    } catch (RuntimeException e) {
      malformed.add(asked + ": " + answer.statusCode() + " " + answer.body());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(15_000);
  }
}
