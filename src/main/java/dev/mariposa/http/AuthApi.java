package dev.mariposa.http;

import dev.mariposa.config.ApiScope;
import dev.mariposa.config.ApiToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * GET /api/auth: what the presented bearer token may do, so a client (the dashboard) can show it
 * before acting: whether it is one of API_TOKENS, its identity (a fingerprint, never the token),
 * its scopes, and every scope with the actions it allows. Without a token, or with one that is
 * not valid, the answer says so (200: it is a question, not an action).
 */
public final class AuthApi implements ApiRoutes {
  private final BearerAuth auth;

  public AuthApi(BearerAuth auth) {
    this.auth = auth;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/auth").handler(this::describe);
  }

  private void describe(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    Optional<ApiToken> token = auth.grant(header);
    JsonArray scopes = new JsonArray();
    token.ifPresent(t -> Arrays.stream(ApiScope.values()).filter(t::allows).forEach(s -> scopes.add(s.id())));
    JsonArray known = new JsonArray();
    for (ApiScope scope : ApiScope.values()) {
      known.add(new JsonObject().put("scope", scope.id()).put("actions", scope.actions())
          .put("allowed", token.map(t -> t.allows(scope)).orElse(false)));
    }
    ctx.json(new JsonObject()
        .put("mutationsEnabled", auth.enabled())
        .put("presented", header != null)
        .put("valid", token.isPresent())
        .put("identity", auth.identity(header).orElse(null))
        .put("scopes", scopes)
        .put("allScopes", known));
  }
}
