package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.InvalidAgentException;
import dev.mariposa.analysis.AnalysisStore;
import dev.mariposa.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * /api/agents: list, read, create, replace and delete agents (the writes behind a bearer token),
 * and /api/agents/{id}/analysis, the latest analysis per symbol. Every write is announced on
 * {@code agents.changed}, so the roles of every instance reload the agent at once.
 */
final class AgentApi {
  private final Vertx vertx;
  private final AgentRepository agents;
  private final AnalysisStore analyses;
  private final BearerAuth auth;
  private final Set<String> llmModels;
  private final long runTimeoutMs;
  private final RealMoneyAgents realMoney;

  AgentApi(Vertx vertx, Platform platform) {
    this.vertx = vertx;
    this.agents = new AgentRepository(platform.mongo());
    this.analyses = new AnalysisStore(platform.redis(), platform.cache(), platform.keys(),
        platform.config().cache().analysisTtl());
    this.auth = new BearerAuth(platform.config().api().tokens());
    this.llmModels = platform.config().ai().enabled() ? Set.copyOf(platform.config().ai().models()) : Set.of();
    this.runTimeoutMs = platform.config().ai().timeout().toMillis() + 2_000;
    this.realMoney = new RealMoneyAgents(platform);
  }

  void mount(Router router) {
    router.get("/api/agents").handler(this::list);
    router.post("/api/agents").handler(auth).handler(this::create);
    router.get("/api/agents/:id").handler(this::get);
    router.put("/api/agents/:id").handler(auth).handler(this::replace);
    router.delete("/api/agents/:id").handler(auth).handler(this::delete);
    router.get("/api/agents/:id/analysis").handler(this::analysis);
  }

  private void list(RoutingContext ctx) {
    Optional<Integer> limit = Params.integer(ctx, "limit", 100, 1, 1000);
    Optional<Integer> offset = Params.integer(ctx, "offset", 0, 0, 1_000_000);
    if (limit.isEmpty() || offset.isEmpty()) {
      return;
    }
    Future.all(agents.list(offset.get(), limit.get()), agents.count())
        .onSuccess(all -> ctx.json(new JsonObject()
            .put("agents", new JsonArray(all.<java.util.List<Agent>>resultAt(0).stream().map(AgentJson::toJson).toList()))
            .put("total", all.<Long>resultAt(1)).put("offset", offset.get()).put("limit", limit.get())))
        .onFailure(t -> storeUnavailable(ctx));
  }

  private void get(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> agents.get(id)
        .onSuccess(found -> found.ifPresentOrElse(a -> ctx.json(AgentJson.toJson(a)), () -> notFound(ctx, id)))
        .onFailure(t -> storeUnavailable(ctx)));
  }

  private void create(RoutingContext ctx) {
    Params.body(ctx, true, " describing an agent").flatMap(body -> parse(ctx, body, null)).ifPresent(agent -> allowed(agent)
        .compose(a -> agents.create(a, System.currentTimeMillis()))
        .onSuccess(created -> {
          announce(created, "created");
          ctx.response().setStatusCode(201).putHeader("Location", "/api/agents/" + created.id());
          ctx.json(AgentJson.toJson(created));
        })
        .onFailure(t -> writeFailed(ctx, t)));
  }

  private void replace(RoutingContext ctx) {
    Optional<String> id = Params.agentId(ctx);
    if (id.isEmpty()) {
      return;
    }
    Params.body(ctx, true, " describing an agent").filter(body -> {
      Object bodyId = body.getValue("id");
      if (bodyId != null && !id.get().equals(bodyId)) {
        ApiError.send(ctx, 400, "invalid_agent", "id in the body (" + bodyId + ") differs from the path (" + id.get() + ")");
        return false;
      }
      return true;
    }).flatMap(body -> parse(ctx, body, id.get())).ifPresent(agent -> allowed(agent)
        .compose(a -> agents.update(a, System.currentTimeMillis()))
        .onSuccess(updated -> {
          announce(updated, "updated");
          ctx.json(AgentJson.toJson(updated));
        })
        .onFailure(t -> writeFailed(ctx, t)));
  }

  private void delete(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> agents.delete(id)
        .onSuccess(deleted -> {
          if (deleted) {
            vertx.eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("id", id).put("change", "deleted"));
            ctx.response().setStatusCode(204).end();
          } else {
            notFound(ctx, id);
          }
        })
        .onFailure(t -> storeUnavailable(ctx)));
  }

  /**
   * The latest cached result per symbol. With none cached and the analysis role in this process,
   * the agent is analysed now on the last closed bar; otherwise 404 until the next bar close.
   */
  private void analysis(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> agents.get(id).onFailure(t -> storeUnavailable(ctx)).onSuccess(found -> {
      if (found.isEmpty()) {
        notFound(ctx, id);
        return;
      }
      Agent agent = found.get();
      analyses.latest(id, agent.symbols())
          .compose(cached -> cached.isEmpty() ? runNow(id) : Future.succeededFuture(cached))
          .onSuccess(results -> {
            if (results.isEmpty()) {
              ApiError.send(ctx, 404, "no_analysis", "No analysis of " + id + " yet: agents are analysed at each "
                  + agent.interval() + " bar close once their symbols have bars");
              return;
            }
            ctx.json(new JsonObject().put("agentId", id)
                .put("results", new JsonObject(new LinkedHashMap<>(results)))
                .put("missing", new JsonArray(agent.symbols().stream().filter(s -> !results.containsKey(s)).toList())));
          })
          .onFailure(t -> {
            if (t instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT) {
              ApiError.send(ctx, 504, "analysis_timeout", "The analysis of " + id + " took longer than "
                  + runTimeoutMs + " ms (a slow model?); its result will be cached when it comes");
            } else {
              ApiError.send(ctx, 503, "redis_unavailable", "Analyses are cached in Redis, which is not answering");
            }
          });
    }));
  }

  private Future<java.util.Map<String, JsonObject>> runNow(String id) {
    return vertx.eventBus().<JsonObject>request(Addresses.ANALYSIS_RUN, new JsonObject().put("agentId", id),
            new DeliveryOptions().setSendTimeout(runTimeoutMs).setLocalOnly(true))
        .map(reply -> {
          java.util.Map<String, JsonObject> results = new LinkedHashMap<>();
          reply.body().getJsonArray("results").forEach(r -> results.put(((JsonObject) r).getString("symbol"), (JsonObject) r));
          return results;
        })
        .recover(t -> t instanceof ReplyException e && e.failureType() != ReplyFailure.TIMEOUT
            ? Future.succeededFuture(java.util.Map.of()) // no analysis role here, or it does not know the agent yet
            : Future.failedFuture(t));
  }

  private void announce(Agent agent, String change) {
    vertx.eventBus().publish(Addresses.AGENTS_CHANGED,
        new JsonObject().put("id", agent.id()).put("change", change).put("version", agent.version()));
  }

  private Optional<Agent> parse(RoutingContext ctx, JsonObject body, String id) {
    try {
      return Optional.of(AgentJson.parse(body, id, llmModels));
    } catch (InvalidAgentException e) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(new JsonObject().put("error", new JsonObject().put("code", "invalid_agent")
              .put("message", e.getMessage()).put("problems", new JsonArray(e.problems()))).encode());
      return Optional.empty();
    }
  }

  /** The agent, unless its account would trade real money on prices that are not live (409 market_not_live). */
  private Future<Agent> allowed(Agent agent) {
    return realMoney.refusal(agent).compose(refused -> refused.isEmpty() ? Future.succeededFuture(agent)
        : Future.failedFuture(new ApiException(409, "market_not_live", refused.get())));
  }

  private static void writeFailed(RoutingContext ctx, Throwable t) {
    if (t instanceof ApiException refused) {
      ApiError.send(ctx, refused.status(), refused.code(), refused.getMessage());
    } else if (t instanceof AgentRepository.NotFound) {
      ApiError.send(ctx, 404, "agent_not_found", t.getMessage());
    } else if (t instanceof AgentRepository.Conflict) {
      ApiError.send(ctx, 409, "conflict", t.getMessage());
    } else {
      storeUnavailable(ctx);
    }
  }

  private static void notFound(RoutingContext ctx, String id) {
    ApiError.send(ctx, 404, "agent_not_found", "No agent " + id);
  }

  private static void storeUnavailable(RoutingContext ctx) {
    ApiError.send(ctx, 503, "mongodb_unavailable", "Agents are stored in MongoDB, which is not answering");
  }
}
