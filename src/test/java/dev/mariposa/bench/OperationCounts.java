package dev.mariposa.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one process asked of Redis and MongoDB, at one moment: the client's Redis round trips by
 * command ({@code mariposa.redis.command}, a pipeline being one), the commands redis-server
 * executed with their CPU time ({@code INFO commandstats}: those inside scripts and pipelines
 * too), and the MongoDB driver's commands by command and collection ({@code mariposa.mongo.commands},
 * its CommandListener). Two snapshots give the operations between them.
 */
record OperationCounts(Map<String, Double> redisRoundTrips, Map<String, Double> redisServerCalls,
                       Map<String, Double> redisServerMicros, Map<String, Double> mongo) {

  static OperationCounts take(MeterRegistry registry, RedisConnection raw) {
    Map<String, Double> roundTrips = new TreeMap<>();
    for (Timer timer : registry.find("mariposa.redis.command").timers()) {
      roundTrips.merge(timer.getId().getTag("command"), (double) timer.count(), Double::sum);
    }
    Map<String, Double> mongo = new TreeMap<>();
    for (Counter counter : registry.find("mariposa.mongo.commands").counters()) {
      mongo.merge(counter.getId().getTag("command") + " " + counter.getId().getTag("collection"), counter.count(),
          Double::sum);
    }
    Map<String, Double> calls = new TreeMap<>();
    Map<String, Double> micros = new TreeMap<>();
    String info = raw.send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
    for (String line : info.split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      if (name.equals("info")) {
        continue; // these snapshots' own
      }
      for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
        String[] kv = field.split("=");
        if (kv[0].equals("calls")) {
          calls.put(name, Double.parseDouble(kv[1]));
        } else if (kv[0].equals("usec")) {
          micros.put(name, Double.parseDouble(kv[1]));
        }
      }
    }
    return new OperationCounts(roundTrips, calls, micros, mongo);
  }

  /** The operations from {@code before} to this snapshot. */
  OperationCounts minus(OperationCounts before) {
    return new OperationCounts(minus(redisRoundTrips, before.redisRoundTrips), minus(redisServerCalls, before.redisServerCalls),
        minus(redisServerMicros, before.redisServerMicros), minus(mongo, before.mongo));
  }

  /** Every count multiplied by {@code factor}: per second, per signal. */
  OperationCounts times(double factor) {
    return new OperationCounts(times(redisRoundTrips, factor), times(redisServerCalls, factor),
        times(redisServerMicros, factor), times(mongo, factor));
  }

  static double total(Map<String, Double> counts) {
    return counts.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** "12.0 (by command: get 3.00, set 2.00, …)", the largest first, those under 0.005 left out. */
  static String describe(Map<String, Double> counts) {
    String by = counts.entrySet().stream()
        .filter(e -> Math.abs(e.getValue()) >= 0.005)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
    return String.format("%.2f (by command: %s)", total(counts), by);
  }

  private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach((k, v) -> {
      double d = v - before.getOrDefault(k, 0.0);
      if (d != 0) {
        delta.put(k, d);
      }
    });
    return delta;
  }

  private static Map<String, Double> times(Map<String, Double> counts, double factor) {
    Map<String, Double> scaled = new TreeMap<>();
    counts.forEach((k, v) -> scaled.put(k, v * factor));
    return scaled;
  }
}
