package dev.mariposa.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** A named job run once per period by one instance of the cluster; its result is recorded. */
public interface Job {
  String name();

  Duration period();

  /** Does the work; the JSON says what was done (it is kept in {@code job:<name>} and published). */
  Future<JsonObject> run();
}
