package dev.mariposa.http;

import dev.mariposa.config.ApiScope;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.InvalidAgentException;
import dev.mariposa.analysis.AnalysisStore;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.market.ServedSymbols;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * /api/agents: list, read, create, replace and delete agents (the writes behind a bearer token),
 * and /api/agents/{id}/analysis, the latest analysis per symbol. Agents are served with their
 * version as the ETag; a replacement may name the version it replaces (optimistic concurrency).
 * Every write is announced on {@code agents.changed}, so the roles of every instance reload the
 * agent at once.
 */
public final class AgentApi implements ApiRoutes {
  private static final String AGENTS = "the agents";
  /** An ETag this API issues: an agent's version, quoted. */
  private static final Pattern OUR_ETAG = Pattern.compile("\"(\\d{1,18})\"");
  /** Any entity tag (RFC 9110), weak or strong. */
  private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"[\\x21\\x23-\\x7e]*\"");

  private final Vertx vertx;
  private final AgentRepository agents;
  private final KnownAgents known;
  private final ServedSymbols served;
  private final AnalysisStore analyses;
  private final BearerAuth auth;
  private final Set<String> llmModels;
  private final long runTimeoutMs;
  private final RealMoneyAgents realMoney;

  /** {@code served}: the symbols an agent may trade; {@code ai}: the models it may name. */
  public AgentApi(Vertx vertx, AgentRepository agents, AnalysisStore analyses, RealMoneyAgents realMoney,
                  ServedSymbols served, BearerAuth auth, MariposaConfig.Ai ai) {
    this.vertx = vertx;
    this.agents = agents;
    this.known = new KnownAgents(agents);
    this.served = served;
    this.analyses = analyses;
    this.auth = auth;
    this.llmModels = ai.enabled() ? Set.copyOf(ai.models()) : Set.of();
    this.runTimeoutMs = ai.timeout().toMillis() + 2_000;
    this.realMoney = realMoney;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/agents").handler(this::list);
    router.post("/api/agents").handler(auth.allowing(ApiScope.AGENTS, "create agents")).handler(this::create);
    router.get("/api/agents/:id").handler(this::get);
    router.put("/api/agents/:id").handler(auth.allowing(ApiScope.AGENTS, "edit, pause or resume agents")).handler(this::replace);
    router.delete("/api/agents/:id").handler(auth.allowing(ApiScope.AGENTS, "delete agents")).handler(this::delete);
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
        .onFailure(t -> ApiError.send(ctx, t, AGENTS));
  }

  private void get(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> known.require(id)
        .onSuccess(agent -> answer(ctx, 200, agent))
        .onFailure(t -> ApiError.send(ctx, t, AGENTS)));
  }

  private void create(RoutingContext ctx) {
    Params.body(ctx, true, " describing an agent").flatMap(body -> parse(ctx, body, null)).ifPresent(agent -> served(agent)
        .compose(v -> realMoneyOnLivePrices(agent))
        .compose(v -> agents.create(agent, System.currentTimeMillis()))
        .onSuccess(created -> {
          announce(created, "created");
          ctx.response().putHeader("Location", "/api/agents/" + created.id());
          answer(ctx, 201, created);
        })
        .onFailure(t -> ApiError.send(ctx, refusal(t), AGENTS)));
  }

  /**
   * Replaces the agent, on the version the request names when it names one: {@code version} in
   * the body, If-Match (the ETag of a GET), or both. A stale one is 409 version_conflict with the
   * current version; without either, the agent as it is now is replaced.
   */
  private void replace(RoutingContext ctx) {
    Optional<String> id = Params.agentId(ctx);
    if (id.isEmpty()) {
      return;
    }
    Optional<Optional<Set<Long>>> ifMatch = ifMatch(ctx);
    if (ifMatch.isEmpty()) {
      return;
    }
    Params.body(ctx, true, " describing an agent").filter(body -> {
      Object bodyId = body.getValue("id");
      if (bodyId != null && !id.get().equals(bodyId)) {
        ApiError.send(ctx, ErrorCode.INVALID_AGENT, "id in the body (" + bodyId + ") differs from the path (" + id.get() + ")");
        return false;
      }
      return true;
    }).flatMap(body -> parse(ctx, body, id.get())).ifPresent(agent -> served(agent)
        .compose(v -> realMoneyOnLivePrices(agent))
        .compose(v -> agents.update(agent, System.currentTimeMillis(), accepted(ifMatch.get(), agent.version())))
        .onSuccess(updated -> {
          announce(updated, "updated");
          answer(ctx, 200, updated);
        })
        .onFailure(t -> ApiError.send(ctx, refusal(t), AGENTS)));
  }

  private void delete(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> agents.delete(id)
        .onSuccess(deleted -> {
          if (deleted) {
            vertx.eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("id", id).put("change", "deleted"));
            ctx.response().setStatusCode(204).end();
          } else {
            ApiError.send(ctx, KnownAgents.notFound(id));
          }
        })
        .onFailure(t -> ApiError.send(ctx, t, AGENTS)));
  }

  /** The agent with its version as the ETag, the validator a later If-Match names. */
  private static void answer(RoutingContext ctx, int status, Agent agent) {
    ctx.response().setStatusCode(status).putHeader("ETag", etag(agent.version()));
    ctx.json(AgentJson.toJson(agent));
  }

  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /**
   * If-Match: absent (empty inside), {@code *} (any version: empty inside too) or ETags of this
   * API, {@code "3"}; a weak or foreign one matches no version. Empty, and answered 400, when it
   * is not a list of entity tags at all.
   */
  private static Optional<Optional<Set<Long>>> ifMatch(RoutingContext ctx) {
    String header = ctx.request().getHeader("If-Match");
    if (header == null || header.isBlank()) {
      return Optional.of(Optional.empty());
    }
    Set<Long> versions = new HashSet<>();
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return Optional.of(Optional.empty());
      }
      Matcher ours = OUR_ETAG.matcher(t);
      if (ours.matches()) {
        versions.add(Long.parseLong(ours.group(1)));
      } else if (!ENTITY_TAG.matcher(t).matches()) {
        ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "header If-Match must be * or the ETag of a GET, such as \"3\""
            + " (got '" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "')");
        return Optional.empty();
      }
    }
    return Optional.of(Optional.of(versions));
  }

  /** The versions the update may replace: If-Match's, and the body's version (0: none) with them. */
  private static Optional<Set<Long>> accepted(Optional<Set<Long>> ifMatch, long bodyVersion) {
    if (bodyVersion <= 0) {
      return ifMatch;
    }
    return Optional.of(ifMatch.map(versions -> versions.contains(bodyVersion) ? Set.of(bodyVersion) : Set.<Long>of())
        .orElse(Set.of(bodyVersion)));
  }

  /**
   * Agents trade only symbols this instance's source serves: with a replay or the synthetic
   * market, a symbol outside them would never see a price (422 symbol_not_served, listing those
   * served); with Binance every symbol is served on demand.
   */
  private Future<Void> served(Agent agent) {
    return served.symbols().compose(symbols -> {
      if (symbols.isEmpty() || symbols.get().containsAll(agent.symbols())) {
        return Future.succeededFuture();
      }
      List<String> missing = agent.symbols().stream().filter(s -> !symbols.get().contains(s)).toList();
      return Future.failedFuture(new ApiException(ErrorCode.SYMBOL_NOT_SERVED, "No market source of this instance serves "
          + String.join(", ", missing) + ": " + served.source() + " serves " + String.join(", ", symbols.get())
          + " only").with("symbols", new JsonArray(List.copyOf(symbols.get()))));
    }, t -> Future.failedFuture(new ApiException(ErrorCode.INTERNAL_ERROR,
        "The symbols of " + served.source() + " cannot be read: " + t.getMessage())));
  }

  /** The repository's refusals as the API says them; other failures pass. */
  /** Refused (409 market_not_live) when the agent's account would trade real money on prices that are not live. */
  private Future<Void> realMoneyOnLivePrices(Agent agent) {
    return realMoney.refusal(agent).compose(refused -> refused.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(new ApiException(ErrorCode.MARKET_NOT_LIVE, refused.get())));
  }

  private static Throwable refusal(Throwable t) {
    if (t instanceof AgentRepository.NotFound) {
      return new ApiException(ErrorCode.AGENT_NOT_FOUND, t.getMessage());
    }
    if (t instanceof AgentRepository.Conflict) {
      return new ApiException(ErrorCode.CONFLICT, t.getMessage());
    }
    if (t instanceof AgentRepository.VersionConflict stale) {
      return new ApiException(ErrorCode.VERSION_CONFLICT, t.getMessage()).with("currentVersion", stale.current())
          .header("ETag", etag(stale.current()));
    }
    return t;
  }

  /**
   * The latest cached result per symbol. With none cached and the analysis role in this process,
   * the agent is analysed now on the last closed bar; otherwise 404 until the next bar close.
   */
  private void analysis(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> known.require(id).onFailure(t -> ApiError.send(ctx, t, AGENTS)).onSuccess(agent -> {
      analyses.latest(id, agent.symbols())
          .compose(cached -> cached.isEmpty() ? runNow(id) : Future.succeededFuture(cached))
          .onSuccess(results -> {
            if (results.isEmpty()) {
              ApiError.send(ctx, ErrorCode.NO_ANALYSIS, "No analysis of " + id + " yet: agents are analysed at each "
                  + agent.interval() + " bar close once their symbols have bars");
              return;
            }
            ctx.json(new JsonObject().put("agentId", id)
                .put("results", new JsonObject(new LinkedHashMap<>(results)))
                .put("missing", new JsonArray(agent.symbols().stream().filter(s -> !results.containsKey(s)).toList())));
          })
          .onFailure(t -> {
            if (t instanceof ReplyException e && e.failureType() == ReplyFailure.TIMEOUT) {
              ApiError.send(ctx, ErrorCode.ANALYSIS_TIMEOUT, "The analysis of " + id + " took longer than "
                  + runTimeoutMs + " ms (a slow model?); its result will be cached when it comes");
            } else {
              ApiError.send(ctx, t, "the analyses");
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
      ApiError.send(ctx, new ApiException(ErrorCode.INVALID_AGENT, e.getMessage()).with("problems", new JsonArray(e.problems())));
      return Optional.empty();
    }
  }
}
