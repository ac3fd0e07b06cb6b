package dev.mariposa.http;

import dev.mariposa.agent.Agent;
import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Role;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.market.RunningSource.Prices;
import dev.mariposa.market.RunningSource;
import dev.mariposa.ops.InstanceFiguresVerticle;
import dev.mariposa.ops.TradingMode;
import dev.mariposa.redis.JsonCache;
import dev.mariposa.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses an agent whose account would trade real money on prices that are not live: an OKX
 * account while some trade instance of the cluster spends real money on OKX (EXCHANGE=okx,
 * OKX_SIMULATED=false) and some feed publishes synthetic or replayed prices (its source, or a
 * fallback). One process cannot be configured so (it refuses to start), but a cluster can; the
 * risk gate refuses such orders anyway (market_live), this says so when the agent is written. It
 * reads the instances' figures reports (what GET /api/system reads); without them (Redis down)
 * it judges by this instance alone.
 */
public final class RealMoneyAgents {
  /** Prices no real money trades on (a replay's are real, but not now). */
  private static final Set<Prices> UNLIVE = Set.of(Prices.SYNTHETIC, Prices.REPLAYED);

  private final MariposaConfig config;
  private final JsonCache cache;
  private final RedisKeys keys;
  private final MarketDataService market;
  private final InstanceRegistry registry;

  /** {@code registry} lists the live instances whose reports {@code cache} holds. */
  public RealMoneyAgents(MariposaConfig config, InstanceRegistry registry, JsonCache cache, RedisKeys keys,
                         MarketDataService market) {
    this.config = config;
    this.registry = registry;
    this.cache = cache;
    this.keys = keys;
    this.market = market;
  }

  /** Why the agent may not be written as it is; empty when it may. */
  Future<Optional<String>> refusal(Agent agent) {
    if (agent.account().exchange() != Agent.Exchange.OKX) {
      return Future.succeededFuture(Optional.empty());
    }
    return reports().otherwise(Map.of()).map(reports -> {
      List<String> realMoney = new ArrayList<>();
      List<String> unlive = new ArrayList<>();
      judge(config.instanceId(), ownReport(), realMoney, unlive);
      reports.forEach((id, report) -> {
        if (!id.equals(config.instanceId())) {
          judge(id, report, realMoney, unlive);
        }
      });
      if (realMoney.isEmpty() || unlive.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("agent " + agent.id() + " would trade real money on OKX (EXCHANGE=okx with OKX_SIMULATED=false on "
          + String.join(", ", realMoney) + ") while this cluster feeds prices that are not live ("
          + String.join(", ", unlive) + "): real money trades only on live Binance prices. Use a paper account, "
          + "OKX demo trading (OKX_SIMULATED=true), or MARKET_SOURCE=binance on every feed instance");
    });
  }

  /** Each live instance's last figures report, by instance id. */
  private Future<Map<String, JsonObject>> reports() {
    return registry.live().compose(instances -> {
      List<String> ids = instances.stream().map(i -> i.getString("id")).toList();
      return cache.getAll(ids.stream().map(id -> InstanceFiguresVerticle.key(keys, id)).toList())
          .map(found -> {
            Map<String, JsonObject> byId = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
              int at = i;
              found.get(i).ifPresent(report -> byId.put(ids.get(at), report));
            }
            return byId;
          });
    });
  }

  /** This instance as its report will say, now (its first report may not be written yet). */
  private JsonObject ownReport() {
    JsonObject report = new JsonObject();
    if (config.runs(Role.TRADE)) {
      report.put("trading", new JsonObject().put("money",
          TradingMode.money(config.exchange()).name().toLowerCase(Locale.ROOT)));
    }
    if (config.runs(Role.FEED)) {
      report.put("market", market.source().state().toJson());
    }
    return report;
  }

  private static void judge(String id, JsonObject report, List<String> realMoney, List<String> unlive) {
    JsonObject trading = report.getJsonObject("trading");
    if (trading != null && TradingMode.Money.REAL.name().equalsIgnoreCase(trading.getString("money"))) {
      realMoney.add(id);
    }
    Optional.ofNullable(report.getJsonObject("market")).flatMap(RunningSource.State::fromJson)
        .filter(state -> UNLIVE.contains(state.prices()))
        .ifPresent(state -> unlive.add(id + " feeds " + state.prices().name().toLowerCase(Locale.ROOT) + " prices"));
  }
}
