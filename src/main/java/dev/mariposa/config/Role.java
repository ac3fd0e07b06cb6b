package dev.mariposa.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The roles (docs/ARCHITECTURE.md, One process): any subset of them can run in one process (ROLES). */
public enum Role {
  FEED, ANALYSIS, SIGNAL, TRADE, SESSION, METRICS, JOBS, HTTP;

  /** The name used in ROLES and in the {@code instances} config section. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String key) {
    return Arrays.stream(values()).filter(r -> r.key().equals(key.trim().toLowerCase(Locale.ROOT))).findFirst();
  }

  public static Set<Role> all() {
    return EnumSet.allOf(Role.class);
  }

  public static String allowed() {
    return "all, " + Arrays.stream(values()).map(Role::key).collect(Collectors.joining(", "));
  }
}
