package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.analysis.AnalysisStore;
import dev.mariposa.bus.Addresses;
import dev.mariposa.signal.Halt;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.SignalQueue;
import dev.mariposa.signal.Signals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Signals over HTTP: POST /api/agents/{id}/signals queues a signal now (the action given, or what
 * a fresh analysis says), GET /api/agents/{id}/signal the current one with its status,
 * GET /api/agents/{id}/signals the history with every rejection and its reason, and the kill
 * switch POST|GET /api/admin/halt.
 */
final class SignalApi {
  private final Vertx vertx;
  private final Platform platform;
  private final AgentRepository agents;
  private final SignalDesk desk;
  private final AnalysisStore analyses;
  private final Halt halt;
  private final BearerAuth auth;

  SignalApi(Vertx vertx, Platform platform) {
    this.vertx = vertx;
    this.platform = platform;
    this.agents = new AgentRepository(platform.mongo());
    this.desk = new SignalDesk(vertx, platform, new SignalQueue(platform.redis(), platform.scripts(), platform.keys()));
    this.analyses = new AnalysisStore(platform.redis(), platform.cache(), platform.keys(), platform.config().cache().analysisTtl());
    this.halt = new Halt(platform.redis(), platform.cache(), platform.keys());
    this.auth = new BearerAuth(platform.config().api().tokens());
  }

  void mount(Router router) {
    router.post("/api/agents/:id/signals").handler(auth).handler(this::queue);
    router.get("/api/agents/:id/signal").handler(this::current);
    router.get("/api/agents/:id/signals").handler(this::history);
    router.post("/api/admin/halt").handler(auth).handler(this::setHalt);
    router.get("/api/admin/halt").handler(this::getHalt);
  }

  private void queue(RoutingContext ctx) {
    Optional<JsonObject> body = Params.body(ctx, false, "");
    if (body.isEmpty()) {
      return;
    }
    Optional<String> id = Params.agentId(ctx);
    if (id.isEmpty()) {
      return;
    }
    agents.get(id.get()).onFailure(t -> ApiError.send(ctx, 503, "mongodb_unavailable", "Agents are stored in MongoDB, which is not answering"))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ApiError.send(ctx, 404, "agent_not_found", "No agent " + id.get());
            return;
          }
          Agent agent = found.get();
          JsonObject request = body.get();
          String action = request.getValue("action") instanceof String a ? a.trim().toUpperCase(Locale.ROOT) : null;
          String symbol = request.getValue("symbol") instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : null;
          if (request.containsKey("action") && (action == null || !List.of("BUY", "SELL", "CLOSE").contains(action))) {
            ApiError.send(ctx, 400, "invalid_signal", "action must be BUY, SELL or CLOSE");
            return;
          }
          if (request.containsKey("symbol") && (symbol == null || !agent.symbols().contains(symbol))) {
            ApiError.send(ctx, 400, "invalid_signal", "symbol must be one the agent trades: " + agent.symbols());
            return;
          }
          Object confidence = request.getValue("confidence", 1.0);
          if (!(confidence instanceof Number c) || !(c.doubleValue() >= 0 && c.doubleValue() <= 1)) {
            ApiError.send(ctx, 400, "invalid_signal", "confidence must be a number from 0 to 1");
            return;
          }
          Future<List<Signal>> signals = action != null
              ? requested(agent, symbol, Signal.Action.valueOf(action), c.doubleValue())
              : fromAnalysis(agent, symbol);
          signals.compose(this::submitAll)
              .onSuccess(result -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                  .end(result.encode()))
              .onFailure(t -> ApiError.send(ctx, 503, "redis_unavailable", "Signals are queued in Redis, which is not answering"));
        });
  }

  /** The action asked for, on the symbol given or each the agent trades, at the live mid price. */
  private Future<List<Signal>> requested(Agent agent, String symbol, Signal.Action action, double confidence) {
    List<String> symbols = symbol != null ? List.of(symbol) : agent.symbols();
    return platform.market().tickers(symbols).map(tickers -> {
      long now = System.currentTimeMillis();
      String request = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      List<Signal> signals = new ArrayList<>();
      for (String s : symbols) {
        JsonObject ticker = tickers.get(s);
        double price = ticker == null ? 0 : (ticker.getDouble("bid") + ticker.getDouble("ask")) / 2;
        signals.add(Signals.requested(agent.id(), s, action, confidence, price, request, now, platform.config().trade().signalTtl()));
      }
      return signals;
    });
  }

  /** A fresh analysis where this process runs the role, else the cached one; BUY and SELL become signals. */
  private Future<List<Signal>> fromAnalysis(Agent agent, String symbol) {
    return vertx.eventBus().<JsonObject>request(Addresses.ANALYSIS_RUN, new JsonObject().put("agentId", agent.id()),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(platform.config().ai().timeout().toMillis() + 2_000))
        .map(reply -> reply.body().getJsonArray("results").stream().map(JsonObject.class::cast).toList())
        .recover(t -> analyses.latest(agent.id(), agent.symbols()).map(found -> List.copyOf(found.values())))
        .map(results -> {
          long now = System.currentTimeMillis();
          return results.stream().filter(r -> symbol == null || symbol.equals(r.getString("symbol")))
              .flatMap(r -> Signals.fromAnalysis(r, now, platform.config().trade().signalTtl()).stream()).toList();
        });
  }

  private Future<JsonObject> submitAll(List<Signal> signals) {
    List<Future<Boolean>> submitted = signals.stream().map(desk::submit).toList();
    return Future.all(submitted).map(all -> {
      JsonArray queued = new JsonArray();
      JsonArray duplicates = new JsonArray();
      for (int i = 0; i < signals.size(); i++) {
        (submitted.get(i).result() ? queued : duplicates).add(signals.get(i).toJson());
      }
      JsonObject result = new JsonObject().put("queued", queued).put("duplicates", duplicates);
      if (signals.isEmpty()) {
        result.put("message", "no signal: the analysis says HOLD, or there is no analysis yet");
      }
      return result;
    });
  }

  private void current(RoutingContext ctx) {
    Params.agentId(ctx).ifPresent(id -> desk.current(id)
        .onSuccess(found -> found.ifPresentOrElse(ctx::json,
            () -> ApiError.send(ctx, 404, "no_signal", "No signal of " + id + " in the last hour")))
        .onFailure(t -> ApiError.send(ctx, 503, "redis_unavailable", "Signals are cached in Redis, which is not answering")));
  }

  private void history(RoutingContext ctx) {
    Optional<String> id = Params.agentId(ctx);
    Optional<Integer> limit = Params.integer(ctx, "limit", 50, 1, 1000);
    if (id.isEmpty() || limit.isEmpty()) {
      return;
    }
    desk.history().history(id.get(), limit.get())
        .onSuccess(list -> ctx.json(new JsonObject().put("agentId", id.get())
            .put("signals", new JsonArray(list.stream().map(d -> d.copy()).peek(d -> d.remove("_id")).toList()))))
        .onFailure(t -> ApiError.send(ctx, 503, "mongodb_unavailable", "Signals are stored in MongoDB, which is not answering"));
  }

  private void setHalt(RoutingContext ctx) {
    Optional<JsonObject> body = Params.body(ctx, false, "");
    if (body.isEmpty()) {
      return;
    }
    Object halted = body.get().getValue("halted", true);
    Object reason = body.get().getValue("reason", "halted through the API");
    if (!(halted instanceof Boolean h) || !(reason instanceof String r) || r.length() > 200) {
      ApiError.send(ctx, 400, "invalid_parameter", "send {\"halted\": true|false, \"reason\": \"at most 200 characters\"}");
      return;
    }
    halt.set(h, r, ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress())
        .onSuccess(state -> {
          vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject().put("component", "trading")
              .put("state", h ? "HALTED" : "RUNNING").put("reason", r).put("instanceId", platform.instanceId())
              .put("at", java.time.Instant.now().toString()));
          ctx.json(state);
        })
        .onFailure(t -> ApiError.send(ctx, 503, "redis_unavailable", "The halt is kept in Redis, which is not answering"));
  }

  private void getHalt(RoutingContext ctx) {
    halt.current().onSuccess(state -> ctx.json(state.orElse(new JsonObject().put("halted", false))))
        .onFailure(t -> ApiError.send(ctx, 503, "redis_unavailable", "The halt is kept in Redis, which is not answering"));
  }
}
