package dev.mariposa.http;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.agent.IndicatorPeriods;
import dev.mariposa.analysis.indicators.IndicatorHistory;
import dev.mariposa.market.Kline;
import dev.mariposa.market.MarketDataService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GET /api/agents/{id}/indicators?symbol=&interval=&limit=: the agent's own indicators (its
 * technical model's periods) bar by bar over the last closed bars, computed here with the code its
 * models read ({@link IndicatorHistory}), so the dashboard draws what the agent sees.
 */
public final class IndicatorApi implements ApiRoutes {
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");
  /** The klines endpoint's bound: the points and their warm-up are read in one call. */
  private static final int MAX_BARS = 1000;

  private final KnownAgents known;
  private final MarketDataService market;
  private final InstantSource clock;

  /**
   * {@code clock}: the wall clock, as the analysis uses to tell a closed bar from the warm-up load
   * (a replay's decision time would leave out its last bar, which the agent did see).
   */
  public IndicatorApi(AgentRepository agents, MarketDataService market, InstantSource clock) {
    this.known = new KnownAgents(agents);
    this.market = market;
    this.clock = clock;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/agents/:id/indicators").handler(this::indicators);
  }

  private void indicators(RoutingContext ctx) {
    Optional<String> id = Params.agentId(ctx);
    Optional<Integer> limit = Params.integer(ctx, "limit", 300, 1, 500);
    if (id.isEmpty() || limit.isEmpty()) {
      return;
    }
    String symbolParam = ctx.queryParams().get("symbol");
    String intervalParam = ctx.queryParams().get("interval");
    if (symbolParam != null && !SYMBOL.matcher(symbolParam.toUpperCase(Locale.ROOT)).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "symbol must be 2 to 20 letters or digits, such as BTCUSDT");
      return;
    }
    if (intervalParam != null && Kline.intervalLength(intervalParam).isEmpty()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "interval must be one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d");
      return;
    }
    known.require(id.get()).compose(agent -> {
      String symbol = symbolParam == null ? agent.symbols().get(0) : symbolParam.toUpperCase(Locale.ROOT);
      String interval = intervalParam == null ? agent.interval() : intervalParam;
      IndicatorPeriods periods = agent.indicatorPeriods();
      int bars = Math.min(MAX_BARS, IndicatorHistory.barsFor(limit.get(), periods));
      return market.klines(symbol, interval, bars).map(klines -> answer(agent, symbol, interval, periods,
          IndicatorHistory.points(symbol, interval, klines, periods, limit.get(), clock.millis()))
          .put("seededFrom", klines.isEmpty() ? null : klines.get(0).getLong("openTime")));
    }).onSuccess(ctx::json).onFailure(t -> ApiError.send(ctx, t, "the agent's indicators"));
  }

  private static JsonObject answer(Agent agent, String symbol, String interval, IndicatorPeriods periods,
                                   JsonArray points) {
    return new JsonObject().put("agentId", agent.id()).put("symbol", symbol).put("interval", interval)
        .put("agentInterval", agent.interval()).put("periods", IndicatorHistory.periods(periods)).put("points", points);
  }
}
