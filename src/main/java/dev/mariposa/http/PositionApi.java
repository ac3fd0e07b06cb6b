package dev.mariposa.http;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.trade.PositionGuard;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * GET /api/positions?agentId=: the open positions of every agent (or of one), from their stored
 * accounts, each marked at the live quote it would exit at (the bid for a long, the ask for a
 * short, as the position guard watches it), with its unrealized P/L there and the stop-loss,
 * take-profit and trailing-stop prices the guard applies ({@link PositionGuard#levels}). The
 * trailing stop follows the best price stored with the last fill: the trade role moves it on
 * every tick without storing it.
 */
public final class PositionApi implements ApiRoutes {
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final AgentRepository agents;
  private final KnownAgents known;
  private final AccountRepository accounts;
  private final MarketDataService market;

  public PositionApi(AgentRepository agents, AccountRepository accounts, MarketDataService market) {
    this.agents = agents;
    this.known = new KnownAgents(agents);
    this.accounts = accounts;
    this.market = market;
  }

  @Override
  public void mount(Router router) {
    router.get("/api/positions").handler(this::positions);
  }

  private void positions(RoutingContext ctx) {
    String agentId = ctx.queryParams().get("agentId");
    if (agentId != null && !AgentJson.ID.matcher(agentId).matches()) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, "agentId must be 1 to 40 lower-case letters, digits or '-'");
      return;
    }
    Future<List<Agent>> chosen = agentId == null ? agents.all() : known.require(agentId).map(List::of);
    chosen.compose(list -> {
      Map<String, Agent> byId = list.stream().collect(Collectors.toMap(Agent::id, Function.identity()));
      return accounts.stored(byId.keySet()).compose(held -> {
        List<String> symbols = held.stream().flatMap(a -> a.positions().keySet().stream()).distinct().toList();
        return market.tickers(symbols).map(tickers -> answer(byId, held, tickers));
      });
    }).onSuccess(ctx::json).onFailure(t -> ApiError.send(ctx, t, "the positions"));
  }

  private static JsonObject answer(Map<String, Agent> agents, List<Account> accounts, Map<String, JsonObject> tickers) {
    JsonArray positions = new JsonArray();
    accounts.stream().sorted(Comparator.comparing(Account::agentId)).forEach(account -> account.positions()
        .values().stream().sorted(Comparator.comparing(Account.Position::symbol))
        .forEach(p -> positions.add(position(agents.get(account.agentId()), p, tickers.get(p.symbol())))));
    return new JsonObject().put("positions", positions).put("at", System.currentTimeMillis());
  }

  private static JsonObject position(Agent agent, Account.Position p, JsonObject ticker) {
    PositionGuard.Levels levels = PositionGuard.levels(agent.risk(), p);
    BigDecimal mark = ticker == null ? null : JsonDecimals.read(ticker.getValue(p.isShort() ? "ask" : "bid"));
    JsonObject json = new JsonObject().put("agentId", agent.id()).put("symbol", p.symbol())
        .put("market", p.isSwap() ? "swap" : "spot").put("side", p.isShort() ? "short" : "long")
        .put("leverage", p.isSwap() ? p.leverage() : null)
        .put("quantity", JsonDecimals.number(p.quantity())).put("entry", JsonDecimals.number(p.averagePrice()))
        .put("openedAt", p.openedAt()).put("best", JsonDecimals.number(p.highWater()))
        .put("stopLoss", decimal(levels.stopLoss())).put("takeProfit", decimal(levels.takeProfit()))
        .put("trailingStop", decimal(levels.trailingStop()))
        .put("mark", decimal(mark)).put("markAt", ticker == null ? null : ticker.getValue("exchangeTime"))
        .put("unrealized", mark == null ? null : decimal(p.unrealized(mark)))
        .put("unrealizedPct", mark == null ? null : decimal(p.unrealized(mark).multiply(HUNDRED, MC)
            .divide(p.notional(p.averagePrice()), MC)));
    if (p.isSwap()) {
      json.put("margin", JsonDecimals.number(p.margin())).put("funding", JsonDecimals.number(p.funding()));
    }
    return json;
  }

  private static BigDecimal decimal(BigDecimal value) {
    return value == null ? null : JsonDecimals.number(value.round(MC));
  }
}
