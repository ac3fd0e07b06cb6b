package dev.mariposa.ops;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Role;
import dev.mariposa.market.MarketDataService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This instance's figures, read from its meters: event rates over the last interval (bridged in
 * and out, analyses, signals, orders), cache hits and misses per layer, the order placement p99,
 * event-loop lag, Redis reconnects, and heap; with the feed role the prices it publishes, with the
 * trade role where its orders go. Rates come from counter deltas between two reads,
 * so one object is read by one verticle on a timer.
 */
public final class InstanceFigures {
  private final MeterRegistry meters;
  private final String instanceId;
  private final EventLoopLag eventLoopLag;
  private final MariposaConfig config;
  private final MarketDataService market;
  private final Map<String, Double> previous = new HashMap<>();
  private long previousAt = System.nanoTime();

  /** {@code market} tells the feed role's source; {@code config} which roles run here. */
  public InstanceFigures(MeterRegistry meters, String instanceId, EventLoopLag eventLoopLag, MariposaConfig config,
                         MarketDataService market) {
    this.meters = meters;
    this.instanceId = instanceId;
    this.eventLoopLag = eventLoopLag;
    this.config = config;
    this.market = market;
  }

  JsonObject read() {
    long now = System.nanoTime();
    double seconds = Math.max(0.001, (now - previousAt) / 1e9);
    previousAt = now;
    JsonObject rates = new JsonObject()
        .put("bridgedOut", rate("bridge.out", count(meters, "mariposa.bridge.published"), seconds))
        .put("bridgedIn", rate("bridge.in", count(meters, "mariposa.bridge.received"), seconds))
        .put("analyses", rate("analyses", count(meters, "mariposa.analysis.results"), seconds))
        .put("signals", rate("signals", count(meters, "mariposa.signals.taken"), seconds))
        .put("orders", rate("orders", count(meters, "mariposa.orders"), seconds));
    JsonObject cache = new JsonObject();
    meters.find("mariposa.cache.requests").counters().forEach(c -> {
      String layer = c.getId().getTag("layer");
      String result = c.getId().getTag("result");
      JsonObject entry = cache.getJsonObject(layer, new JsonObject());
      entry.put(result, entry.getDouble(result, 0.0) + c.count());
      cache.put(layer, entry);
    });
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    JsonObject figures = new JsonObject()
        .put("instance", instanceId)
        .put("at", System.currentTimeMillis())
        .put("ratesPerSecond", rates)
        .put("cache", cache)
        .put("orderPlacementP99Ms", percentile(meters.find("mariposa.orders.placement").timer(), 0.99))
        .put("analysisLatencyP99Ms", percentile(meters.find("mariposa.analysis.latency").timer(), 0.99))
        .put("feedLagP99Ms", percentile(meters.find("mariposa.feed.lag").timer(), 0.99))
        .put("eventLoopLagMs", eventLoopLag.maxMillis())
        .put("redisReconnects", count(meters, "mariposa.redis.subscriber.reconnects"))
        .put("feedReconnects", count(meters, "mariposa.feed.reconnects"))
        .put("heapUsedMb", heap.getUsed() >> 20)
        .put("heapMaxMb", (heap.getMax() > 0 ? heap.getMax() : heap.getCommitted()) >> 20);
    // What GET /api/system says in words (TradingMode): the prices a feed publishes, the money a trader spends.
    if (config.runs(Role.FEED)) {
      figures.put("market", market.source().state().toJson());
    }
    if (config.runs(Role.TRADE)) {
      figures.put("trading", new JsonObject().put("money",
          TradingMode.money(config.exchange()).name().toLowerCase(java.util.Locale.ROOT)));
    }
    return figures;
  }

  private double rate(String name, double total, double seconds) {
    Double before = previous.put(name, total);
    return before == null ? 0 : Math.round((total - before) / seconds * 10) / 10.0;
  }

  private static double count(MeterRegistry meters, String name) {
    return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static double percentile(Timer timer, double p) {
    if (timer == null) {
      return 0;
    }
    for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return 0;
  }
}
