package dev.mariposa.redis;

/**
 * Key and channel names under REDIS_KEY_PREFIX. Keys that one script or MULTI touches together
 * share a hash tag ({@link #tag}) so the same code runs on Redis Cluster.
 */
public final class RedisKeys {
  private final String prefix;

  public RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** {@code prefix + namespace + parts joined by ':'}, e.g. key("market:", "ticker", "BTCUSDT"). */
  public String key(String namespace, String... parts) {
    StringBuilder sb = new StringBuilder(prefix.length() + 32).append(prefix).append(namespace);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0 || !namespace.endsWith(":")) {
        sb.append(':');
      }
      sb.append(parts[i]);
    }
    return sb.toString();
  }

  /** A glob over this instance's namespace: the prefix is never a pattern itself. */
  public String pattern(String glob) {
    return escapeGlob(prefix) + glob;
  }

  /** Removes the prefix from a full key name. */
  public String strip(String key) {
    return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
  }

  /** A Redis Cluster hash tag: every key containing the same {tag} maps to the same slot. */
  public static String tag(String value) {
    return "{" + value + "}";
  }

  static String escapeGlob(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
