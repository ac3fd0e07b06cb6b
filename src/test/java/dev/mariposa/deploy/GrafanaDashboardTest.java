package dev.mariposa.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.Mariposa;
import dev.mariposa.testing.Eventually;
import dev.mariposa.testing.FakeLlm;
import dev.mariposa.testing.Http;
import dev.mariposa.testing.SharedData;
import dev.mariposa.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Grafana dashboard (deploy/grafana/mariposa-dashboard.json) plots what its panel
 * titles say, from meters Mariposa exports: a title naming a quantile (p99, p50) has a quantile
 * query of that quantile, histogram_quantile over a _bucket series; and every metric any query
 * reads is on the /metrics of a real instance (replaying the real BTCUSDT day, demo agents
 * trading on paper, an LLM served by the local fake).
 */
class GrafanaDashboardTest {
  static final Path DASHBOARD = Path.of("deploy/grafana/mariposa-dashboard.json");
  private static final Pattern QUANTILE_TITLE = Pattern.compile("\\bp(\\d{2,3})\\b|median|quantile|percentile",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern HISTOGRAM_QUANTILE = Pattern.compile("histogram_quantile\\(\\s*(0\\.\\d+)\\s*,");
  /** PromQL's functions, aggregations and keywords: the other identifiers of a query are metric names. */
  private static final Set<String> PROMQL = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "and", "or", "unless", "offset", "bool");
  private static final String AI_KEY = "sk-dashboard-0123456789";

  @TempDir
  Path dir;

  @Test
  void eachPanelTitledWithAQuantilePlotsThatQuantileFromBuckets() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Object item : dashboard().getJsonArray("panels")) {
      JsonObject panel = (JsonObject) item;
      String title = panel.getString("title");
      List<String> queries = queries(panel);
      if (title.contains("-ish")) {
        wrong.add(title + ": a title says what is plotted, not roughly");
      }
      Matcher named = QUANTILE_TITLE.matcher(title);
      if (!named.find()) {
        continue;
      }
      String quantile = named.group(1) == null ? "0.5" : "0." + named.group(1);
      boolean plotted = queries.stream().anyMatch(q -> {
        Matcher m = HISTOGRAM_QUANTILE.matcher(q);
        return m.find() && Double.parseDouble(m.group(1)) == Double.parseDouble(quantile)
            && metrics(q).stream().allMatch(name -> name.endsWith("_bucket"));
      });
      if (!plotted) {
        wrong.add(title + ": no histogram_quantile(" + quantile + ", ..._bucket) among " + queries);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyMetricTheDashboardReadsIsExported() throws Exception {
    Map<String, String> wanted = new TreeMap<>(); // metric: the panel reading it
    for (Object item : dashboard().getJsonArray("panels")) {
      JsonObject panel = (JsonObject) item;
      queries(panel).forEach(q -> metrics(q).forEach(m -> wanted.putIfAbsent(m, panel.getString("title"))));
    }
    assertThat(wanted).as("metrics read by the dashboard").hasSizeGreaterThan(15)
        .containsKeys("mariposa_redis_command_seconds_bucket", "mariposa_ai_cost_usd_total");

    Path day = SharedData.require("binance/klines/BTCUSDT-1m-2024-09-21.csv");
    Vertx fakeVertx = Vertx.vertx();
    try (FakeLlm llm = FakeLlm.start(fakeVertx, AI_KEY); TestCluster cluster = new TestCluster(dir)) {
      Mariposa node = cluster.start("a", Map.of("ROLES", "all", "MARKET_SOURCE", "replay", "REPLAY_FILES", day.toString(),
          "REPLAY_SPEED", "3000", "SYMBOLS", "BTCUSDT", "AI_BASE_URL", llm.baseUrl(), "AI_API_KEY", AI_KEY,
          "AI_MODELS", "gpt-test"), json -> json.getJsonObject("ai").put("pricePer1kTokens",
              new JsonObject().put("gpt-test", new JsonObject().put("prompt", 0.15).put("completion", 0.6))));
      Set<String> exported = new TreeSet<>();
      Eventually.within(Duration.ofSeconds(90), () -> "the dashboard's metrics on /metrics; missing: "
          + missing(wanted, exported), () -> {
            exported.clear();
            exported.addAll(exported(Http.get(node.baseUrl() + "/metrics").body()));
            return missing(wanted, exported).isEmpty();
          });
    } finally {
      fakeVertx.close().await();
    }
  }

  private static Map<String, String> missing(Map<String, String> wanted, Set<String> exported) {
    return wanted.entrySet().stream().filter(e -> !exported.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  /** The metric names of a Prometheus text exposition. */
  private static Set<String> exported(String metrics) {
    return metrics.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The metric names a PromQL expression reads: label matchers, groupings and ranges removed, function names left out. */
  static Set<String> metrics(String query) {
    String bare = query.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)").matcher(bare);
    while (m.find()) {
      if (m.group(1) == null && !PROMQL.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static List<String> queries(JsonObject panel) {
    return panel.getJsonArray("targets", new JsonArray()).stream().map(t -> ((JsonObject) t).getString("expr")).toList();
  }

  static JsonObject dashboard() throws Exception {
    return new JsonObject(Files.readString(DASHBOARD));
  }
}
