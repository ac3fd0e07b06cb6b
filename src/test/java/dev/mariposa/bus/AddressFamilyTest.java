package dev.mariposa.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mariposa.bus.AddressFamily.Reach;
import dev.mariposa.signal.SignalVerticle;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The address families in code ({@link AddressFamily}) and in the published index
 * (src/main/resources/events/index.json) are the same, and what is derived from them (the bridges'
 * permissions, what crosses instances, what is latest-wins) is what the contract says.
 */
class AddressFamilyTest {

  @Test
  void theIndexListsExactlyTheFamiliesWithASchemaAsTheCodeDefinesThem() throws IOException {
    Map<String, JsonObject> indexed = new LinkedHashMap<>();
    index().getJsonArray("families").forEach(f -> indexed.put(((JsonObject) f).getString("name"), (JsonObject) f));

    List<String> published = new ArrayList<>();
    for (AddressFamily family : AddressFamily.values()) {
      if (family.reach() == Reach.INTERNAL) {
        assertThat(indexed).as("internal family %s in the index", family).doesNotContainKey(family.familyName());
        continue;
      }
      published.add(family.familyName());
      JsonObject entry = indexed.get(family.familyName());
      assertThat(entry).as("%s in the index", family).isNotNull();
      assertThat(entry.getString("address")).as("address of " + family).isEqualTo(family.template());
      assertThat(entry.getString("pattern")).as("pattern of " + family).isEqualTo(family.pattern().pattern());
      assertThat(entry.getString("direction")).as("direction of " + family).isEqualTo(family.reach().direction().orElseThrow());
      assertThat(entry.getString("schema")).as("schema of " + family).isEqualTo(family.schemaFile().orElse(null));
      assertThat(entry.getString("request")).as("request of " + family).isEqualTo(family.requestSchemaFile().orElse(null));
      assertThat(entry.getString("reply")).as("reply of " + family).isEqualTo(family.replySchemaFile().orElse(null));
    }
    assertThat(indexed.keySet()).as("families of the index").containsExactlyElementsOf(published);
  }

  @Test
  void eachAddressBelongsToOneFamilyByPatternAndByPrefix() {
    for (AddressFamily family : AddressFamily.values()) {
      String address = sample(family);
      assertThat(AddressFamily.of(address)).as(address).contains(family);
      assertThat(AddressFamily.under(address)).as(address).isEqualTo(family);
      long matching = Arrays.stream(AddressFamily.values()).filter(f -> f.pattern().matcher(address).matches()).count();
      assertThat(matching).as("families matching " + address).isEqualTo(1);
    }
    assertThat(AddressFamily.of("market.ticker.btcusdt")).isEmpty();
    assertThat(AddressFamily.of("signals.queued.localx")).isEmpty();
  }

  @Test
  void theBridgesPermissionsAreTheFamiliesReach() {
    for (AddressFamily family : AddressFamily.values()) {
      String address = sample(family);
      assertThat(Addresses.isPublic(address)).as("public " + address).isEqualTo(family.reach() == Reach.PUBLIC);
      assertThat(Addresses.INBOUND_REQUESTS.contains(address)).as("command " + address).isEqualTo(family.reach() == Reach.COMMAND);
      assertThat(Addresses.isModel(address)).as("model " + address).isEqualTo(family.reach() == Reach.MODEL);
    }
    assertThat(Addresses.INBOUND_REQUESTS).containsExactly(Addresses.CMD_SIGNAL, Addresses.CMD_HALT);
  }

  @Test
  void whatCrossesInstancesIsEveryPublishedEventAndAgentChanges() {
    List<String> crossing = Arrays.stream(AddressFamily.values()).filter(AddressFamily::crossesInstances)
        .map(AddressFamily::familyName).toList();
    assertThat(crossing).containsExactly("market.ticker", "market.trade", "market.book", "market.kline",
        "market.swap", "analysis.result", "signal", "trade", "perf.agent", "perf.leaderboard", "system.status", "jobs", "reconciliation", "backtest", "agents.changed",
        "backtests.cancel");
    // Requests are sends, local wake-ups stay local.
    for (String address : List.of(Addresses.CMD_SIGNAL, Addresses.CMD_HALT, Addresses.model("remote-ta"),
        Addresses.ANALYSIS_RUN, "signals.queued.local", "session.x", "market.status")) {
      assertThat(AddressFamily.crossesInstances(address)).as(address).isFalse();
    }
    assertThat(AddressFamily.crossesInstances(Addresses.AGENTS_CHANGED)).isTrue();
    assertThat(AddressFamily.latestWinsPrefixes()).containsExactly("market.ticker.", "market.book.", "market.swap.");
    assertThat(AddressFamily.latestWins(Addresses.kline("BTCUSDT", "1m"))).isFalse();
    assertThat(Arrays.stream(AddressFamily.values()).filter(AddressFamily::fencedByFeedLease).map(AddressFamily::familyName))
        .containsExactly("market.ticker", "market.trade", "market.book", "market.kline", "market.swap");
  }

  @Test
  void theAddressesBuiltInCodeAreOfTheirFamilies() {
    Map<String, AddressFamily> built = new LinkedHashMap<>();
    built.put(Addresses.ticker("BTCUSDT"), AddressFamily.MARKET_TICKER);
    built.put(Addresses.trade("BTCUSDT"), AddressFamily.MARKET_TRADE);
    built.put(Addresses.book("BTCUSDT"), AddressFamily.MARKET_BOOK);
    built.put(Addresses.kline("BTCUSDT", "15m"), AddressFamily.MARKET_KLINE);
    built.put(Addresses.swap("BTCUSDT"), AddressFamily.MARKET_SWAP);
    built.put(Addresses.analysis("a-1"), AddressFamily.ANALYSIS_RESULT);
    built.put(Addresses.signal("a-1"), AddressFamily.SIGNAL);
    built.put(Addresses.agentTrades("a-1"), AddressFamily.TRADE);
    built.put(Addresses.agentPerformance("a-1"), AddressFamily.PERF_AGENT);
    built.put(Addresses.PERF_LEADERBOARD, AddressFamily.PERF_LEADERBOARD);
    built.put(Addresses.SYSTEM_STATUS, AddressFamily.SYSTEM_STATUS);
    built.put(Addresses.job("memory"), AddressFamily.JOBS);
    built.put(Addresses.RECONCILIATION, AddressFamily.RECONCILIATION);
    built.put(Addresses.backtest("5f0c1e9e-3b7a-4d51-9a35-0e4f43c1a2b7"), AddressFamily.BACKTEST);
    built.put(Addresses.BACKTESTS_CANCEL, AddressFamily.BACKTESTS_CANCEL);
    built.put(Addresses.CMD_SIGNAL, AddressFamily.CMD_SIGNAL);
    built.put(Addresses.CMD_HALT, AddressFamily.CMD_HALT);
    built.put(Addresses.model("remote-ta"), AddressFamily.ANALYSIS_MODEL);
    built.put(Addresses.AGENTS_CHANGED, AddressFamily.AGENTS_CHANGED);
    built.put(Addresses.ANALYSIS_RUN, AddressFamily.ANALYSIS_RUN);
    built.put(SignalVerticle.QUEUED, AddressFamily.SIGNALS_QUEUED);
    built.forEach((address, family) -> assertThat(AddressFamily.of(address)).as(address).contains(family));
    assertThat(built.values()).as("every family has its builder").containsExactlyInAnyOrder(AddressFamily.values());
  }

  /** The family's template with sample values. */
  private static String sample(AddressFamily family) {
    return family.template().replace("{SYMBOL}", "BTCUSDT").replace("{interval}", "1m")
        .replace("{agentId}", "momentum-1m").replace("{runId}", "5f0c1e9e-3b7a-4d51-9a35-0e4f43c1a2b7")
        .replace("{name}", family.reach() == Reach.MODEL ? "remote-ta" : "health");
  }

  private static JsonObject index() throws IOException {
    try (InputStream in = AddressFamilyTest.class.getClassLoader().getResourceAsStream(EventSchemas.RESOURCE_DIR + "index.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
