package dev.mariposa.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Supplier;

/** A named job run once per period by one instance of the cluster; its result is recorded. */
public interface Job {
  String name();

  Duration period();

  /** Does the work; the JSON says what was done (it is kept in {@code job:<name>} and published). */
  Future<JsonObject> run();

  /** Whether an instance starting asks for a run at once (one for the cluster), not at the next period. */
  default boolean runsAtStart() {
    return false;
  }

  /** The same job, also run when an instance starts. */
  default Job alsoAtStart() {
    Job job = this;
    return new Job() {
      @Override
      public String name() {
        return job.name();
      }

      @Override
      public Duration period() {
        return job.period();
      }

      @Override
      public Future<JsonObject> run() {
        return job.run();
      }

      @Override
      public boolean runsAtStart() {
        return true;
      }
    };
  }

  /** A job from its name, period and work. */
  static Job of(String name, Duration period, Supplier<Future<JsonObject>> work) {
    return new Job() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Duration period() {
        return period;
      }

      @Override
      public Future<JsonObject> run() {
        return work.get();
      }
    };
  }
}
