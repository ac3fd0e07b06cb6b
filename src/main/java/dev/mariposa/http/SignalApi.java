package dev.mariposa.http;

import dev.mariposa.config.ApiScope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Signals over HTTP: POST /api/agents/{id}/signals queues a signal now (the action given, or what
 * a fresh analysis says; see {@link SignalCommands}), GET /api/agents/{id}/signal the current one with its status,
 * GET /api/agents/{id}/signals the history with every rejection and its reason (each 404 for an
 * unknown agent), and the kill switch POST|GET /api/admin/halt.
 */
public final class SignalApi implements ApiRoutes {
  private final SignalCommands commands;
  private final BearerAuth auth;

  public SignalApi(SignalCommands commands, BearerAuth auth) {
    this.commands = commands;
    this.auth = auth;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/agents/:id/signals").handler(auth.allowing(ApiScope.TRADE, "queue signals or close positions"))
        .handler(this::queue);
    router.get("/api/agents/:id/signal").handler(this::current);
    router.get("/api/agents/:id/signals").handler(this::history);
    router.post("/api/admin/halt").handler(auth.allowing(ApiScope.ADMIN, "halt or resume trading")).handler(this::setHalt);
    router.get("/api/admin/halt").handler(this::getHalt);
  }

  /** The Idempotency-Key header, when given, is the body's requestId (the body's wins). */
  private void queue(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    Params.body(ctx, false, "").map(body -> key == null || body.containsKey("requestId") ? body
            : body.copy().put("requestId", key))
        .ifPresent(body -> commands.queue(ctx.pathParam("id"), body)
        .onSuccess(result -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .end(result.encode()))
        .onFailure(t -> ApiError.send(ctx, t)));
  }

  private void current(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> commands.known().read(id, commands.desk().current(id))
        .onSuccess(found -> found.ifPresentOrElse(ctx::json,
            () -> ApiError.send(ctx, ErrorCode.NO_SIGNAL, "No signal of " + id + " in the last hour")))
        .onFailure(t -> ApiError.send(ctx, t, "the agent's current signal")));
  }

  private void history(RoutingContext ctx) {
    Optional<String> id = Params.agentId(ctx);
    Optional<Integer> limit = Params.integer(ctx, "limit", 50, 1, 1000);
    if (id.isEmpty() || limit.isEmpty()) {
      return;
    }
    commands.known().read(id.get(), commands.desk().history().history(id.get(), limit.get()))
        .onSuccess(list -> ctx.json(new JsonObject().put("agentId", id.get())
            .put("signals", new JsonArray(list.stream().map(d -> d.copy()).peek(d -> d.remove("_id")).toList()))))
        .onFailure(t -> ApiError.send(ctx, t, "the signal history"));
  }

  /** Who halted or resumed is the token's identity (the route is behind it): never the token itself. */
  private void setHalt(RoutingContext ctx) {
    String by = auth.identity(ctx.request().getHeader("Authorization")).orElse("?");
    Params.body(ctx, false, "").ifPresent(body -> commands.setHalt(body, by)
        .onSuccess(ctx::json)
        .onFailure(t -> ApiError.send(ctx, t)));
  }

  private void getHalt(RoutingContext ctx) {
    commands.halt().state().onSuccess(state -> ctx.json(state.orElse(new JsonObject().put("halted", false))))
        .onFailure(t -> ApiError.send(ctx, t, "the halt"));
  }
}
