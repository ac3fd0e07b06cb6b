package dev.mariposa.jobs;

import dev.mariposa.redis.RedisKeys;

/** The Redis keys of the jobs: status and run requests. */
public final class JobKeys {
  private JobKeys() {}

  public static String status(RedisKeys keys, String name) {
    return keys.key("job:", name);
  }

  public static String requested(RedisKeys keys, String name) {
    return keys.key("job:", name, "requested");
  }
}
