package dev.mariposa.http;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.backtest.RequestedBacktest;
import dev.mariposa.backtest.runs.DataFiles;
import dev.mariposa.backtest.runs.InvalidRequest;
import dev.mariposa.backtest.runs.RunRequest;
import dev.mariposa.backtest.runs.RunStore;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.ApiScope;
import dev.mariposa.research.RequestedOptimization;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Backtests asked for over the API and run by the jobs role ({@code dev.mariposa.backtest.runs}):
 * POST queues one (bearer token), GET lists them (newest first, paged) and answers one with its
 * status, progress and summary, its report as JSON and as the HTML page the CLI writes; DELETE
 * cancels (a queued run at once, a running one at its engine's next progress check).
 */
public final class BacktestsApi implements ApiRoutes {
  private static final Pattern RUN_ID = Pattern.compile("[a-z0-9-]{1,40}");
  private final Vertx vertx;
  private final BearerAuth auth;
  private final RunStore runs;
  private final AgentRepository agents;
  private final DataFiles data;

  public BacktestsApi(Vertx vertx, BearerAuth auth, RunStore runs, AgentRepository agents, DataFiles data) {
    this.vertx = vertx;
    this.auth = auth;
    this.runs = runs;
    this.agents = agents;
    this.data = data;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/backtests").handler(this::list);
    router.get("/api/backtests/data").handler(this::dataFiles);
    router.post("/api/backtests").handler(auth.allowing(ApiScope.BACKTESTS, "start backtests")).handler(this::create);
    router.get("/api/backtests/:id").handler(this::get);
    router.get("/api/backtests/:id/report").handler(ctx -> report(ctx, false));
    router.get("/api/backtests/:id/report.html").handler(ctx -> report(ctx, true));
    router.delete("/api/backtests/:id").handler(auth.allowing(ApiScope.BACKTESTS, "cancel backtests")).handler(this::cancel);
  }

  private void list(RoutingContext ctx) {
    Optional<Integer> offset = Params.integer(ctx, "offset", 0, 0, 1_000_000);
    Optional<Integer> limit = offset.isEmpty() ? Optional.empty() : Params.integer(ctx, "limit", 20, 1, 100);
    if (limit.isEmpty()) {
      return;
    }
    Future.all(runs.list(offset.get(), limit.get()), runs.total())
        .onSuccess(both -> ctx.json(new JsonObject()
            .put("runs", new JsonArray(both.<List<JsonObject>>resultAt(0).stream().map(RunStore::view).toList()))
            .put("total", both.<Long>resultAt(1)).put("offset", offset.get()).put("limit", limit.get())))
        .onFailure(t -> ApiError.send(ctx, t, "the backtest runs"));
  }

  private void dataFiles(RoutingContext ctx) {
    vertx.executeBlocking(data::list)
        .onSuccess(files -> ctx.json(new JsonObject().put("files", new JsonArray(files))))
        .onFailure(t -> ApiError.send(ctx, t, "the data directory"));
  }

  private void create(RoutingContext ctx) {
    Optional<JsonObject> body = Params.body(ctx, true, ": the backtest to run");
    if (body.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> RunRequest.parse(body.get(), data)) // the data files are looked at on disk
        .compose(request -> resolveAgents(request).compose(resolved -> checkOptimization(request, resolved))
            .map(resolved -> run(request, resolved)))
        .compose(run -> runs.create(run).map(run))
        .onSuccess(run -> ctx.response().setStatusCode(202)
            .putHeader("Location", "/api/backtests/" + run.getString("_id"))
            .putHeader("Content-Type", "application/json")
            .end(RunStore.view(run).encode()))
        .onFailure(t -> {
          if (t instanceof InvalidRequest invalid) {
            ApiError.send(ctx, new ApiException(ErrorCode.INVALID_BACKTEST, invalid.getMessage())
                .with("problems", new JsonArray(invalid.problems())));
          } else {
            ApiError.send(ctx, t, "the backtest runs");
          }
        });
  }

  /** The agents in the order asked: stored ones as they are now, the request's own as given. */
  private Future<List<Agent>> resolveAgents(RunRequest request) {
    List<Future<Optional<Agent>>> stored = request.ids().stream().map(agents::get).toList();
    return Future.all(stored).compose(found -> {
      List<String> problems = new ArrayList<>();
      List<Agent> resolved = new ArrayList<>();
      int id = 0;
      int inline = 0;
      for (Object spec : request.agentSpecs()) {
        if (spec instanceof String name) {
          Optional<Agent> agent = found.resultAt(id++);
          agent.ifPresentOrElse(resolved::add, () -> problems.add("agents: no agent " + name));
        } else {
          resolved.add(request.inline().get(inline++));
        }
      }
      return problems.isEmpty() ? Future.succeededFuture(resolved) : Future.failedFuture(new InvalidRequest(problems));
    });
  }

  /** An optimisation's space read against its agent: its paths must lead somewhere in the agent. */
  private static Future<List<Agent>> checkOptimization(RunRequest request, List<Agent> agents) {
    List<String> problems = request.optimization().map(spec -> RequestedOptimization.problems(spec, agents.get(0)))
        .orElse(List.of());
    return problems.isEmpty() ? Future.succeededFuture(agents) : Future.failedFuture(new InvalidRequest(problems));
  }

  private static JsonObject run(RunRequest request, List<Agent> agents) {
    return new JsonObject().put("_id", UUID.randomUUID().toString()).put("kind", request.kind()).put("status", "queued")
        .put("request", request.toJson())
        .put("agents", new JsonArray(agents.stream().map(AgentJson::toJson).toList()))
        .put("progress", new JsonObject().put("done", 0).put("total", 0).put("orders", 0).put("pct", 0))
        .put("createdAt", System.currentTimeMillis());
  }

  private void get(RoutingContext ctx) {
    Optional<String> id = runId(ctx);
    if (id.isEmpty()) {
      return;
    }
    runs.get(id.get())
        .onSuccess(run -> run.ifPresentOrElse(r -> ctx.json(RunStore.view(r)), () -> notFound(ctx, id.get())))
        .onFailure(t -> ApiError.send(ctx, t, "the backtest runs"));
  }

  private void report(RoutingContext ctx, boolean html) {
    Optional<String> id = runId(ctx);
    if (id.isEmpty()) {
      return;
    }
    runs.report(id.get())
        .compose(text -> text.isEmpty() || !html ? Future.succeededFuture(text)
            : vertx.executeBlocking(() -> Optional.of(page(new JsonObject(text.get())))))
        .onSuccess(text -> text.ifPresentOrElse(t -> ctx.response()
                .putHeader("Content-Type", html ? "text/html; charset=utf-8" : "application/json; charset=utf-8").end(t),
            () -> ApiError.send(ctx, ErrorCode.BACKTEST_NOT_FOUND, "No report of backtest run " + id.get()
                + ": no such run, or it has not finished (GET /api/backtests/" + id.get() + " says where it is)")))
        .onFailure(t -> ApiError.send(ctx, t, "the backtest reports"));
  }

  /** The CLI's page of the report: an optimisation's (its search's scopes) or a backtest's. */
  private static String page(JsonObject report) {
    return report.containsKey("scopes") ? RequestedOptimization.html(report) : RequestedBacktest.html(report);
  }

  private void cancel(RoutingContext ctx) {
    Optional<String> id = runId(ctx);
    if (id.isEmpty()) {
      return;
    }
    String run = id.get();
    runs.cancelQueued(run, System.currentTimeMillis())
        .compose(cancelled -> {
          if (cancelled.isPresent()) {
            ctx.json(RunStore.view(cancelled.get()));
            return Future.succeededFuture();
          }
          return runs.requestCancel(run).compose(asked -> {
            if (asked) {
              vertx.eventBus().publish(Addresses.BACKTESTS_CANCEL, new JsonObject().put("id", run));
              ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                  .end(new JsonObject().put("id", run).put("status", "running").put("cancelRequested", true)
                      .put("message", "it stops at the engine's next progress check").encode());
              return Future.succeededFuture();
            }
            return runs.get(run).map(found -> {
              if (found.isEmpty()) {
                notFound(ctx, run);
              } else {
                ApiError.send(ctx, ErrorCode.BACKTEST_FINISHED, "Backtest run " + run + " has ended already: "
                    + found.get().getString("status"));
              }
              return null;
            });
          });
        })
        .onFailure(t -> ApiError.send(ctx, t, "the backtest runs"));
  }

  private static Optional<String> runId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !RUN_ID.matcher(id).matches()) {
      notFound(ctx, String.valueOf(id));
      return Optional.empty();
    }
    return Optional.of(id);
  }

  private static void notFound(RoutingContext ctx, String id) {
    ApiError.send(ctx, ErrorCode.BACKTEST_NOT_FOUND, "No backtest run " + id);
  }
}
