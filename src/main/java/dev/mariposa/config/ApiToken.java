package dev.mariposa.config;

import java.util.Set;

/** One token of API_TOKENS and the scopes it was given (all of them when it was written alone). */
public record ApiToken(Secret secret, Set<ApiScope> scopes) {
  public ApiToken {
    scopes = Set.copyOf(scopes);
  }

  public boolean allows(ApiScope scope) {
    return scopes.contains(scope);
  }
}
