package dev.mariposa.session;

import dev.mariposa.redis.RedisKeys;

/**
 * The Redis keys of browser sessions: {@code session:{<id>}} (a hash: instance, created, lastSeen,
 * remote), {@code ws:sub:{<id>}} (the addresses it listens to), the index of each instance's
 * sessions {@code session:instance:<instanceId>}, the instances that have any
 * {@code session:instances}, and each instance's subscriber count per address
 * {@code ws:sub:count:<instanceId>}. Session ids are UUIDs, so they cannot meet the fixed names.
 */
final class SessionKeys {
  private final RedisKeys keys;

  SessionKeys(RedisKeys keys) {
    this.keys = keys;
  }

  /** The id is the hash tag of both per-session keys: one slot, so they go in one batch. */
  String session(String id) {
    return keys.key("session:", RedisKeys.tag(id));
  }

  String subscriptions(String id) {
    return keys.key("ws:sub:", RedisKeys.tag(id));
  }

  String instanceIndex(String instanceId) {
    return keys.key("session:", "instance", instanceId);
  }

  String instances() {
    return keys.key("session:", "instances");
  }

  String counts(String instanceId) {
    return keys.key("ws:sub:", "count", instanceId);
  }
}
