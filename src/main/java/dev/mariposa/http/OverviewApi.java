package dev.mariposa.http;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.metrics.PerformanceService;
import dev.mariposa.ops.InstanceFiguresVerticle;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisConnections;
import dev.mariposa.redis.RedisKeys;
import dev.mariposa.signal.TradeStream;
import dev.mariposa.trade.OrderRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GET /api/overview?exchange=all|paper|okx: the cockpit's first line, across agents and instances.
 * Money: each agent's equity from its cached performance figures (marked at the live prices; its
 * account's realized profit when none are cached), today's realized profit (the UTC day of
 * decision time: the replayed day in a replay, as the account's daily loss limit counts it), and the total profit (equity − starting balance). Trouble: order
 * rejections of the last 24 h (MongoDB), the dead-letter stream (Redis), and reconnects of Redis
 * and the market stream as every live instance reported them (Redis: each instance counts since it
 * started), each with the latest ones.
 */
public final class OverviewApi implements ApiRoutes {
  /** The window of the rejections counted. */
  static final long REJECTIONS_WINDOW_MS = 86_400_000L;
  private static final int LATEST = 5;

  private final AgentRepository agents;
  private final AccountRepository accounts;
  private final PerformanceService performance;
  private final OrderRepository orders;
  private final TradeStream stream;
  private final InstanceRegistry instances;
  private final RedisConnections redis;
  private final RedisKeys keys;
  private final JsonCache cache;
  private final InstantSource clock;

  public OverviewApi(AgentRepository agents, AccountRepository accounts, PerformanceService performance,
                     OrderRepository orders, TradeStream stream, InstanceRegistry instances, RedisConnections redis,
                     RedisKeys keys, JsonCache cache, InstantSource clock) {
    this.agents = agents;
    this.accounts = accounts;
    this.performance = performance;
    this.orders = orders;
    this.stream = stream;
    this.instances = instances;
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/overview").handler(this::overview);
  }

  private void overview(RoutingContext ctx) {
    String exchange = Optional.ofNullable(ctx.queryParams().get("exchange")).orElse("all").toLowerCase(Locale.ROOT);
    if (!List.of("all", "paper", "okx").contains(exchange)) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "exchange must be all, paper or okx");
      return;
    }
    String only = exchange.equals("all") ? null : exchange;
    long now = clock.millis();
    Future<JsonObject> money = agents.all().map(all -> all.stream()
            .filter(a -> only == null || a.account().exchange().name().toLowerCase(Locale.ROOT).equals(only)).toList())
        .compose(chosen -> money(chosen, now));
    Future<JsonObject> rejections = rejections(only, now);
    Future<JsonObject> deadLetters = deadLetters();
    Future<JsonObject> reconnects = reconnects();
    Future.all(money, rejections, deadLetters, reconnects)
        .map(all -> money.result().put("exchange", exchange).put("at", now)
            .put("errors", rejections.result().getLong("count") + deadLetters.result().getLong("count"))
            .put("warnings", reconnects.result().getLong("count"))
            .put("rejections", rejections.result()).put("deadLetters", deadLetters.result())
            .put("reconnects", reconnects.result()))
        .onSuccess(ctx::json)
        .onFailure(t -> ApiError.send(ctx, t, "the overview"));
  }

  private Future<JsonObject> money(List<Agent> chosen, long now) {
    List<String> ids = chosen.stream().map(Agent::id).toList();
    Future<Map<String, Account>> stored = accounts.stored(ids)
        .map(list -> list.stream().collect(Collectors.toMap(Account::agentId, Function.identity())));
    // Redis down: every agent's equity from its account, rather than no overview.
    Future<List<Optional<JsonObject>>> figures = performance.cached(ids)
        .recover(t -> Future.succeededFuture(ids.stream().map(id -> Optional.<JsonObject>empty()).toList()));
    return Future.all(stored, figures).map(both -> {
      BigDecimal start = BigDecimal.ZERO;
      BigDecimal equity = BigDecimal.ZERO;
      BigDecimal today = BigDecimal.ZERO;
      JsonArray rows = new JsonArray();
      for (int i = 0; i < chosen.size(); i++) {
        Agent agent = chosen.get(i);
        BigDecimal starting = BigDecimal.valueOf(agent.account().startingBalance());
        Optional<Account> account = Optional.ofNullable(stored.result().get(agent.id()));
        Optional<JsonObject> cached = figures.result().get(i);
        BigDecimal agentEquity = cached.map(f -> decimal(f.getValue("equity")))
            .or(() -> account.map(a -> starting.add(a.realizedTotal())))
            .orElse(starting);
        BigDecimal agentToday = account.map(a -> a.realizedOn(now)).orElse(BigDecimal.ZERO);
        start = start.add(starting);
        equity = equity.add(agentEquity);
        today = today.add(agentToday);
        rows.add(new JsonObject().put("agentId", agent.id())
            .put("exchange", agent.account().exchange().name().toLowerCase(Locale.ROOT))
            .put("equity", cents(agentEquity)).put("pnlToday", cents(agentToday))
            .put("pnlTotal", cents(agentEquity.subtract(starting)))
            .put("source", cached.isPresent() ? "performance" : "account"));
      }
      return new JsonObject().put("agents", chosen.size()).put("startingBalance", cents(start))
          .put("equity", cents(equity)).put("pnlToday", cents(today)).put("pnlTotal", cents(equity.subtract(start)))
          .put("byAgent", rows);
    });
  }

  private Future<JsonObject> rejections(String exchange, long now) {
    long since = now - REJECTIONS_WINDOW_MS;
    Future<Long> count = orders.countRejected(since, exchange);
    Future<List<JsonObject>> latest = orders.rejected(since, exchange, LATEST);
    return Future.all(count, latest).map(both -> new JsonObject().put("count", count.result())
        .put("windowMs", REJECTIONS_WINDOW_MS)
        .put("latest", new JsonArray(latest.result().stream().map(o -> new JsonObject()
            .put("at", o.getLong("updatedAt")).put("agentId", o.getString("agentId")).put("symbol", o.getString("symbol"))
            .put("side", o.getString("side")).put("exchange", o.getString("exchange"))
            .put("clOrdId", o.getString("_id")).put("reason", o.getString("reason", "rejected"))).toList())));
  }

  /** XLEN and the newest entries (XREVRANGE) of the dead-letter stream. */
  private Future<JsonObject> deadLetters() {
    String key = stream.deadLetterKey();
    Future<Response> length = redis.send(Request.cmd(Command.XLEN).arg(key));
    Future<Response> newest = redis.send(Request.cmd(Command.XREVRANGE).arg(key).arg("+").arg("-").arg("COUNT")
        .arg(LATEST));
    return Future.all(length, newest).map(both -> {
      JsonArray latest = new JsonArray();
      for (Response entry : newest.result()) {
        String id = entry.get(0).toString();
        JsonObject item = new JsonObject().put("at", Long.parseLong(id.substring(0, id.indexOf('-')))).put("entry", id);
        Response fields = entry.get(1);
        for (int f = 0; f + 1 < fields.size(); f += 2) {
          String name = fields.get(f).toString();
          String value = fields.get(f + 1).toString();
          if (name.equals("reason")) {
            item.put("reason", value);
          } else if (name.equals("t") && value.startsWith("{")) {
            ticketFields(item, value);
          }
        }
        latest.add(item);
      }
      return new JsonObject().put("count", length.result().toLong()).put("latest", latest);
    });
  }

  /** The agent and symbol of a dead-lettered ticket, when it can be read. */
  private static void ticketFields(JsonObject item, String raw) {
    try {
      JsonObject ticket = new JsonObject(raw);
      JsonObject signal = ticket.getJsonObject("signal", ticket);
      item.put("agentId", signal.getString("agentId")).put("symbol", signal.getString("symbol"));
    } catch (RuntimeException unreadable) {
      // the reason says enough
    }
  }

  /** Redis and market-stream reconnects as the live instances last reported them (their counts since they started). */
  private Future<JsonObject> reconnects() {
    return instances.live()
        .compose(live -> cache.getAll(live.stream().map(i -> InstanceFiguresVerticle.key(keys, i.getString("id"))).toList()))
        .map(reports -> {
          long total = 0;
          JsonArray byInstance = new JsonArray();
          for (Optional<JsonObject> found : reports) {
            if (found.isEmpty()) {
              continue;
            }
            JsonObject r = found.get();
            long redisCount = Math.round(r.getDouble("redisReconnects", 0.0));
            long feedCount = Math.round(r.getDouble("feedReconnects", 0.0));
            total += redisCount + feedCount;
            if (redisCount + feedCount > 0) {
              byInstance.add(new JsonObject().put("instance", r.getString("instance")).put("at", r.getLong("at"))
                  .put("redis", redisCount).put("feed", feedCount));
            }
          }
          return new JsonObject().put("count", total).put("latest", byInstance);
        });
  }

  private static BigDecimal decimal(Object value) {
    return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
  }

  private static BigDecimal cents(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_EVEN);
  }
}
