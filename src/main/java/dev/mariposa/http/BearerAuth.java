package dev.mariposa.http;

import dev.mariposa.bus.Addresses;
import dev.mariposa.config.ApiScope;
import dev.mariposa.config.ApiToken;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Guards mutating endpoints with the bearer tokens of API_TOKENS. Every configured token is
 * compared, in constant time, whatever matched first: the answer's timing says nothing about the
 * tokens. Without API_TOKENS the guarded endpoints are off, and say how to turn them on. A route
 * guarded by {@link #allowing} also needs the token to carry that scope (403 scope_required).
 */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final List<ApiToken> tokens;

  /** The tokens of API_TOKENS with their scopes. */
  public BearerAuth(MariposaConfig.Api api) {
    this.tokens = api.grants();
  }

  public boolean enabled() {
    return !tokens.isEmpty();
  }

  /** Whether an {@code Authorization} value ("Bearer ...") presents one of the configured tokens. */
  public boolean valid(String authorization) {
    return match(authorization).isPresent();
  }

  /** The configured token an {@code Authorization: Bearer ...} value presents, if any. */
  Optional<Secret> match(String authorization) {
    return grant(authorization).map(ApiToken::secret);
  }

  /** The configured token an {@code Authorization} value presents, with its scopes. */
  Optional<ApiToken> grant(String authorization) {
    String candidate = authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        ? authorization.substring(PREFIX.length()).trim() : "";
    ApiToken found = null;
    for (ApiToken token : tokens) {
      if (token.secret().matches(candidate) && found == null) {
        found = token;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The guard of a route that needs {@code scope}: a valid token as {@link #handle} asks, and one
   * given that scope, else 403 scope_required naming {@code action} and the token's scopes.
   */
  public Handler<RoutingContext> allowing(ApiScope scope, String action) {
    return ctx -> {
      if (!present(ctx)) {
        return;
      }
      ApiToken token = grant(ctx.request().getHeader("Authorization")).orElseThrow();
      if (token.allows(scope)) {
        ctx.next();
      } else {
        ApiError.send(ctx, ErrorCode.SCOPE_REQUIRED, "This token may not " + action + ": that needs the scope '"
            + scope.id() + "', and the token has " + describe(token.scopes()));
      }
    };
  }

  /**
   * Why a token may not send to a command address of the bridge, if it may not: {@code cmd.halt}
   * needs the admin scope, every other command (signals) the trade scope, as their HTTP routes.
   */
  public Optional<String> bridgeScopeRefusal(String address, String authorization) {
    boolean halt = Addresses.CMD_HALT.equals(address);
    ApiScope scope = halt ? ApiScope.ADMIN : ApiScope.TRADE;
    return grant(authorization).filter(token -> !token.allows(scope)).map(token -> "this token may not "
        + (halt ? "halt or resume trading" : "queue signals") + ": that needs the scope '" + scope.id()
        + "', and the token has " + describe(token.scopes()));
  }

  static String describe(Set<ApiScope> scopes) {
    return scopes.isEmpty() ? "no scope" : "the scope" + (scopes.size() > 1 ? "s " : " ") + String.join(", ",
        scopes.stream().sorted(Comparator.naturalOrder()).map(s -> "'" + s.id() + "'").toList());
  }

  /**
   * Who presents an {@code Authorization} value, when it names a configured token: {@code
   * token:<fingerprint>}, the token told apart without showing it (rate limits, who halted).
   */
  Optional<String> identity(String authorization) {
    return match(authorization).map(token -> "token:" + token.fingerprint());
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (present(ctx)) {
      ctx.next();
    }
  }

  /** Whether the request presents a configured token; if not, it has been answered. */
  private boolean present(RoutingContext ctx) {
    if (!enabled()) {
      ApiError.send(ctx, ErrorCode.MUTATIONS_DISABLED,
          "This endpoint changes state and is off: set API_TOKENS and send Authorization: Bearer <token>");
      return false;
    }
    String header = ctx.request().getHeader("Authorization");
    if (match(header).isEmpty()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiError.send(ctx, ErrorCode.UNAUTHORIZED, header == null
          ? "Send Authorization: Bearer <token> (one of API_TOKENS)" : "The bearer token is not valid");
      return false;
    }
    return true;
  }
}
