package dev.mariposa.config;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What one instance's configuration means for money: whether its OKX account trades real money
 * (EXCHANGE=okx with OKX_SIMULATED=false: the only way any account does) or demo, and whether it
 * feeds prices that are not live venue data (MARKET_SOURCE synthetic or replay). Every instance
 * writes it into its entry of the instance registry, so an instance can tell what the cluster
 * around it does (see http/RealMoneyAgents).
 */
public record TradingMode(String exchange, boolean realMoney, boolean feeds, String marketSource) {

  public static TradingMode of(MariposaConfig config) {
    return new TradingMode(config.exchange().kind().name().toLowerCase(Locale.ROOT), config.exchange().realMoney(),
        config.runs(Role.FEED), config.market().source().name().toLowerCase(Locale.ROOT));
  }

  /** The instance feeds prices no real money may trade on. */
  public boolean feedsUnlivePrices() {
    return feeds && !MariposaConfig.MarketSource.valueOf(marketSource.toUpperCase(Locale.ROOT)).live();
  }

  public JsonObject toJson() {
    return new JsonObject().put("exchange", exchange).put("realMoney", realMoney).put("feeds", feeds)
        .put("marketSource", marketSource);
  }

  /** As an instance wrote it into the registry; an entry without one (an older version) trades no real money. */
  public static TradingMode fromJson(JsonObject json) {
    JsonObject j = json == null ? new JsonObject() : json;
    return new TradingMode(j.getString("exchange", "paper"), j.getBoolean("realMoney", false),
        j.getBoolean("feeds", false), j.getString("marketSource", "binance"));
  }
}
