package dev.mariposa.http;

import dev.mariposa.config.ApiScope;
import dev.mariposa.session.SessionStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * GET /api/sessions (admin, bearer token): every browser session of the cluster, newest first,
 * with its instance, times and the addresses it listens to.
 */
public final class SessionApi implements ApiRoutes {
  private final SessionStore store;
  private final BearerAuth auth;

  public SessionApi(SessionStore store, BearerAuth auth) {
    this.store = store;
    this.auth = auth;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/sessions").handler(auth.allowing(ApiScope.ADMIN, "list browser sessions")).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    Optional<Integer> limit = Params.integer(ctx, "limit", 100, 1, 1000);
    Optional<Integer> offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    if (limit.isEmpty() || offset.isEmpty()) {
      return;
    }
    store.list(limit.get(), offset.get())
        .onSuccess(page -> ctx.json(page.put("limit", limit.get()).put("offset", offset.get())))
        .onFailure(t -> ApiError.send(ctx, t, "the sessions"));
  }
}
