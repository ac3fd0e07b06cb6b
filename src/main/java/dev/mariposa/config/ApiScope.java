package dev.mariposa.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a bearer token of API_TOKENS may do. A token written alone may do everything; written
 * {@code <token>@trade+agents} it may do only what those scopes allow.
 */
public enum ApiScope {
  TRADE("queue signals, close positions, cancel resting orders"),
  AGENTS("create, edit, pause, resume and delete agents"),
  ADMIN("halt and resume trading, run jobs, list browser sessions"),
  BACKTESTS("start and cancel backtest runs");

  private final String actions;

  ApiScope(String actions) {
    this.actions = actions;
  }

  /** Every scope: a token written without any. */
  public static Set<ApiScope> all() {
    return EnumSet.allOf(ApiScope.class);
  }

  /** The scope as API_TOKENS and the API spell it, e.g. {@code trade}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What the scope allows, in words. */
  public String actions() {
    return actions;
  }

  public static Optional<ApiScope> of(String id) {
    for (ApiScope scope : values()) {
      if (scope.id().equals(id)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
