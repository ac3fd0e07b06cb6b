package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.agent.Agent;
import dev.mariposa.bus.InstanceRegistry;
import dev.mariposa.config.TradingMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses an agent whose account would trade real money on prices that are not live: an OKX
 * account while some instance of the cluster trades OKX with real money (EXCHANGE=okx,
 * OKX_SIMULATED=false) and some instance feeds synthetic or replayed prices. One process cannot
 * be configured so (it refuses to start), but a cluster can; the risk gate refuses such orders
 * anyway (market_live), this says so when the agent is written. Without the registry (Redis
 * down) it judges by this instance's configuration alone.
 */
final class RealMoneyAgents {
  private final InstanceRegistry registry;
  private final String self;
  private final TradingMode mode;

  RealMoneyAgents(Platform platform) {
    this.registry = new InstanceRegistry(platform.redis(), platform.keys());
    this.self = platform.instanceId();
    this.mode = TradingMode.of(platform.config());
  }

  /** Why the agent may not be written as it is; empty when it may. */
  Future<Optional<String>> refusal(Agent agent) {
    if (agent.account().exchange() != Agent.Exchange.OKX) {
      return Future.succeededFuture(Optional.empty());
    }
    return registry.live().otherwise(List.of()).map(instances -> {
      List<String> realMoney = new ArrayList<>();
      List<String> unlive = new ArrayList<>();
      judge(self, mode, realMoney, unlive);
      for (JsonObject instance : instances) {
        if (!self.equals(instance.getString("id"))) {
          judge(instance.getString("id"), TradingMode.fromJson(instance.getJsonObject("trading")), realMoney, unlive);
        }
      }
      if (realMoney.isEmpty() || unlive.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("agent " + agent.id() + " would trade real money on OKX (EXCHANGE=okx with OKX_SIMULATED=false on "
          + String.join(", ", realMoney) + ") while this cluster feeds prices that are not live ("
          + String.join(", ", unlive) + "): real money trades only on live Binance prices. Use a paper account, "
          + "OKX demo trading (OKX_SIMULATED=true), or MARKET_SOURCE=binance on every feed instance");
    });
  }

  private static void judge(String id, TradingMode mode, List<String> realMoney, List<String> unlive) {
    if (mode.realMoney()) {
      realMoney.add(id);
    }
    if (mode.feedsUnlivePrices()) {
      unlive.add(id + " MARKET_SOURCE=" + mode.marketSource());
    }
  }
}
