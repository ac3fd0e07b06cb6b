package dev.mariposa.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AgentJson's rules, without I/O: defaults, the round trip, and every refusal naming its field. */
class AgentJsonTest {
  private static final Set<String> ANY = Set.of();
  private static final Set<String> AI = Set.of("gpt-test", "claude-x");

  private static JsonObject minimal() {
    return new JsonObject().put("id", "a1").put("symbols", new JsonArray().add("btcusdt"));
  }

  private static JsonObject with(Consumer<JsonObject> change) {
    JsonObject body = minimal();
    change.accept(body);
    return body;
  }

  /** The problems of a body that must be refused; any exception other than InvalidAgentException fails. */
  private static List<String> problems(JsonObject body, Set<String> allowed) {
    try {
      Agent agent = AgentJson.parse(body, null, allowed);
      return fail("accepted " + body.encode() + " as " + agent);
    } catch (InvalidAgentException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.getMessage()).isEqualTo(String.join("; ", e.problems()));
      return e.problems();
    } catch (RuntimeException e) {
      return fail("parse of " + body.encode() + " threw " + e + " instead of InvalidAgentException", e);
    }
  }

  private static List<String> problems(JsonObject body) {
    return problems(body, ANY);
  }

  @Test
  void aMinimalBodyGetsTheDefaults() {
    Agent agent = AgentJson.parse(minimal(), null, ANY);
    assertThat(agent.id()).isEqualTo("a1");
    assertThat(agent.name()).isEqualTo("a1");
    assertThat(agent.symbols()).containsExactly("BTCUSDT");
    assertThat(agent.interval()).isEqualTo("1m");
    assertThat(agent.models()).containsExactly(new Agent.ModelWeight("technical", 1.0));
    assertThat(agent.minConfidence()).isEqualTo(0.6);
    assertThat(agent.agreement()).isEqualTo(0.6);
    assertThat(agent.risk()).isEqualTo(Agent.RiskLimits.defaults());
    assertThat(agent.account()).isEqualTo(new Agent.Account(Agent.Exchange.PAPER, 10_000));
    assertThat(agent.execution()).as("entries are market orders").isEqualTo(Execution.market());
    assertThat(AgentJson.parse(minimal().put("execution", new JsonObject().put("type", "fok")), null, ANY).execution())
        .isEqualTo(new Execution(Execution.Type.FOK, Execution.DEFAULT_SLIPPAGE_BPS));
    assertThat(AgentJson.toJson(agent).getJsonObject("execution").getString("type")).isEqualTo("market");
    assertThat(agent.enabled()).isTrue();
    assertThat(agent.createdAt()).isZero();
    assertThat(agent.updatedAt()).isZero();
    assertThat(agent.version()).isZero();
    // With AI configured, the minimal body is just as valid.
    assertThat(AgentJson.parse(minimal(), null, AI)).isEqualTo(agent);
  }

  @Test
  void thePathIdWinsOverTheBodysAndValuesAreTrimmed() {
    Agent agent = AgentJson.parse(minimal().put("symbols", new JsonArray().add("  ethusdt ")).put("interval", " 5m ")
        .put("name", "  Spaced  "), "from-path", ANY);
    assertThat(agent.id()).isEqualTo("from-path");
    assertThat(agent.symbols()).containsExactly("ETHUSDT");
    assertThat(agent.interval()).isEqualTo("5m");
    assertThat(agent.name()).isEqualTo("Spaced");
    assertThat(problems(minimal().put("id", "Bad Id"))).anyMatch(p -> p.startsWith("id "));
    // A bad body id does not matter when the path names the agent.
    assertThat(AgentJson.parse(minimal().put("id", "Bad Id"), "ok", ANY).id()).isEqualTo("ok");
  }

  @Test
  void toJsonThenParseGivesTheSameAgent() {
    Agent agent = new Agent("rt-1", "Round trip ünïcødé 🚀", List.of("BTCUSDT", "ETHUSDT"), "15m",
        List.of(new Agent.ModelWeight("technical", 2.5), new Agent.ModelWeight("llm:gpt-test", 0.25)),
        0.0, 1.0, new Agent.RiskLimits(3, 2_500.5, 12, 150.25, 7.5, 0, 300, 0.5, 3, 1.5),
        new Agent.Account(Agent.Exchange.OKX, 123.45), false, 1_700_000_000_000L, 1_700_000_001_000L, 7);
    JsonObject json = AgentJson.toJson(agent);
    assertThat(AgentJson.parse(json, null, AI)).isEqualTo(agent);
    assertThat(AgentJson.parse(new JsonObject(json.encode()), null, AI)).isEqualTo(agent);
    // As MongoDB stores it: with _id.
    assertThat(AgentJson.parse(json.copy().put("_id", "rt-1"), "rt-1", ANY)).isEqualTo(agent);
    assertThat(json.getJsonObject("account").getString("exchange")).isEqualTo("okx");

    Agent defaults = AgentJson.parse(minimal(), null, ANY);
    assertThat(AgentJson.parse(new JsonObject(AgentJson.toJson(defaults).encode()), null, ANY)).isEqualTo(defaults);
    assertThat(AgentJson.toJson(defaults).getJsonObject("account").getString("market")).isEqualTo("spot");

    Agent swap = AgentJson.parse(minimal().put("account", new JsonObject().put("market", "swap").put("marginMode", "cross")
        .put("leverage", 20).put("short", true)).put("risk", new JsonObject().put("stopLossPct", 2)
        .put("liquidationBufferPct", 3).put("maxFundingRatePct", 0.05)), null, ANY);
    assertThat(swap.account().market()).isEqualTo(Market.swap(Market.MarginMode.CROSS, 20, true));
    assertThat(swap.risk().liquidationBufferPct()).isEqualTo(3);
    assertThat(swap.risk().maxFundingRatePct()).isEqualTo(0.05);
    assertThat(AgentJson.parse(new JsonObject(AgentJson.toJson(swap).encode()), null, ANY)).isEqualTo(swap);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        arguments("id missing", minimal().copy().put("id", (Object) null), "id"),
        arguments("id upper case", with(b -> b.put("id", "A1")), "id"),
        arguments("id starting with -", with(b -> b.put("id", "-a")), "id"),
        arguments("id with space", with(b -> b.put("id", "a 1")), "id"),
        arguments("id 41 chars", with(b -> b.put("id", "a".repeat(41))), "id"),
        arguments("id empty", with(b -> b.put("id", "")), "id"),
        arguments("id a number", with(b -> b.put("id", 5)), "id"),
        arguments("id with newline", with(b -> b.put("id", "a1\nb")), "id"),
        arguments("id halt (the halt's key)", with(b -> b.put("id", "halt")), "id"),
        arguments("id inflight (in-flight orders' keys)", with(b -> b.put("id", "inflight")), "id"),
        arguments("name blank", with(b -> b.put("name", "   ")), "name"),
        arguments("name 81 chars", with(b -> b.put("name", "n".repeat(81))), "name"),
        arguments("name with control char", with(b -> b.put("name", "evil\u0007bell")), "name"),
        arguments("name with newline", with(b -> b.put("name", "two\nlines")), "name"),
        arguments("name with C1 control", with(b -> b.put("name", "nel\u0085")), "name"),
        arguments("name an object", with(b -> b.put("name", new JsonObject().put("$ne", (Object) null))), "name"),
        arguments("symbols missing", with(b -> b.remove("symbols")), "symbols"),
        arguments("symbols empty", with(b -> b.put("symbols", new JsonArray())), "symbols"),
        arguments("symbols a string", with(b -> b.put("symbols", "BTCUSDT")), "symbols"),
        arguments("21 symbols", with(b -> b.put("symbols",
            new JsonArray(IntStream.range(0, 21).mapToObj(i -> "SYM" + i).toList()))), "symbols"),
        arguments("symbol too short", with(b -> b.put("symbols", new JsonArray().add("B"))), "symbols[0]"),
        arguments("symbol too long", with(b -> b.put("symbols", new JsonArray().add("B".repeat(21)))), "symbols[0]"),
        arguments("symbol with dash", with(b -> b.put("symbols", new JsonArray().add("BTC-USDT"))), "symbols[0]"),
        arguments("symbol a number", with(b -> b.put("symbols", new JsonArray().add(42))), "symbols[0]"),
        arguments("symbol duplicate", with(b -> b.put("symbols", new JsonArray().add("BTCUSDT").add("btcusdt"))), "symbols[1]"),
        arguments("interval unknown", with(b -> b.put("interval", "7m")), "interval"),
        arguments("interval month", with(b -> b.put("interval", "1M")), "interval"),
        arguments("interval a number", with(b -> b.put("interval", 1)), "interval"),
        arguments("models empty", with(b -> b.put("models", new JsonArray())), "models"),
        arguments("models an object", with(b -> b.put("models", new JsonObject().put("name", "technical"))), "models"),
        arguments("9 models", with(b -> b.put("models", new JsonArray(Stream.concat(Stream.of("technical"),
            IntStream.range(0, 8).mapToObj(i -> "llm:m" + i)).toList()))), "models"),
        arguments("model bad name", with(b -> b.put("models", new JsonArray().add("magic"))), "models[0].name"),
        arguments("model llm with space", with(b -> b.put("models", new JsonArray().add("llm:gpt 4"))), "models[0].name"),
        arguments("model name not a string", with(b -> b.put("models", new JsonArray().add(new JsonObject().put("name", 3)))), "models[0].name"),
        arguments("model a number", with(b -> b.put("models", new JsonArray().add(7))), "models[0]"),
        arguments("model duplicate", with(b -> b.put("models", new JsonArray().add("technical")
            .add(new JsonObject().put("name", "technical").put("weight", 2)))), "models[1].name"),
        arguments("model weight 0", with(b -> b.put("models", new JsonArray().add(model("technical", 0)))), "models[0].weight"),
        arguments("model weight negative", with(b -> b.put("models", new JsonArray().add(model("technical", -1)))), "models[0].weight"),
        arguments("model weight above 10", with(b -> b.put("models", new JsonArray().add(model("technical", 10.01)))), "models[0].weight"),
        arguments("model weight a string", with(b -> b.put("models", new JsonArray()
            .add(new JsonObject().put("name", "technical").put("weight", "1")))), "models[0].weight"),
        arguments("minConfidence below 0", with(b -> b.put("minConfidence", -0.01)), "minConfidence"),
        arguments("minConfidence above 1", with(b -> b.put("minConfidence", 1.01)), "minConfidence"),
        arguments("minConfidence a string", with(b -> b.put("minConfidence", "0.5")), "minConfidence"),
        arguments("agreement 0", with(b -> b.put("agreement", 0)), "agreement"),
        arguments("agreement above 1", with(b -> b.put("agreement", 1.5)), "agreement"),
        arguments("agreement a boolean", with(b -> b.put("agreement", true)), "agreement"),
        arguments("risk not an object", with(b -> b.put("risk", new JsonArray())), "risk"),
        arguments("risk unknown limit", with(b -> b.put("risk", new JsonObject().put("maxOpenPosition", 2))), "risk.maxOpenPosition"),
        arguments("account not an object", with(b -> b.put("account", "paper")), "account"),
        arguments("account unknown field", with(b -> b.put("account", new JsonObject().put("balance", 5))), "account.balance"),
        arguments("account exchange binance", with(b -> b.put("account", new JsonObject().put("exchange", "binance"))), "account.exchange"),
        arguments("account exchange upper case", with(b -> b.put("account", new JsonObject().put("exchange", "OKX"))), "account.exchange"),
        arguments("startingBalance 0", with(b -> b.put("account", new JsonObject().put("startingBalance", 0))), "account.startingBalance"),
        arguments("market futures", with(b -> b.put("account", new JsonObject().put("market", "futures"))), "account.market"),
        arguments("leverage on spot", with(b -> b.put("account", new JsonObject().put("leverage", 3))), "account.leverage"),
        arguments("short on spot", with(b -> b.put("account", new JsonObject().put("short", true))), "account.short"),
        arguments("leverage 0", with(b -> b.put("account", new JsonObject().put("market", "swap").put("leverage", 0))),
            "account.leverage"),
        arguments("leverage 126", with(b -> b.put("account", new JsonObject().put("market", "swap").put("leverage", 126))),
            "account.leverage"),
        arguments("margin mode portfolio", with(b -> b.put("account", new JsonObject().put("market", "swap")
            .put("marginMode", "portfolio"))), "account.marginMode"),
        arguments("short a string", with(b -> b.put("account", new JsonObject().put("market", "swap").put("short", "yes"))),
            "account.short"),
        arguments("swap without a stop-loss", with(b -> b.put("account", new JsonObject().put("market", "swap"))
            .put("risk", new JsonObject().put("stopLossPct", 0))), "risk.stopLossPct"),
        arguments("swap stop-loss past the liquidation", with(b -> b.put("account", new JsonObject().put("market", "swap")
            .put("leverage", 20)).put("risk", new JsonObject().put("stopLossPct", 5))), "risk.stopLossPct"),
        arguments("shorts with resting entries", with(b -> b.put("account", new JsonObject().put("market", "swap")
            .put("short", true)).put("execution", new JsonObject().put("type", "post_only"))), "execution.type"),
        arguments("liquidation buffer above 90", with(b -> b.put("risk", new JsonObject().put("liquidationBufferPct", 91))),
            "risk.liquidationBufferPct"),
        arguments("funding limit negative", with(b -> b.put("risk", new JsonObject().put("maxFundingRatePct", -0.1))),
            "risk.maxFundingRatePct"),
        arguments("startingBalance above 1e12", with(b -> b.put("account", new JsonObject().put("startingBalance", 1e13))), "account.startingBalance"),
        arguments("startingBalance a string", with(b -> b.put("account", new JsonObject().put("startingBalance", "10"))), "account.startingBalance"),
        arguments("enabled a string", with(b -> b.put("enabled", "true")), "enabled"),
        arguments("enabled a number", with(b -> b.put("enabled", 1)), "enabled"),
        arguments("enabled null", with(b -> b.put("enabled", (Object) null)), "enabled"),
        arguments("unknown top-level field", with(b -> b.put("colour", "red")), "colour"),
        arguments("misspelt top-level field", with(b -> b.put("minConfidance", 0.5)), "minConfidance"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void eachRuleIsRefusedNamingItsField(String what, JsonObject body, String field) {
    List<String> problems = problems(body);
    assertThat(problems).as(what).anyMatch(p -> p.startsWith(field + " "));
  }

  /** Every risk limit: its range ends, a value just outside, a fraction for the whole numbers, a string. */
  static Stream<Arguments> riskLimits() {
    return Stream.of(
        // field, integer?, smallest valid, largest valid, below, above
        arguments("maxOpenPositions", true, 1, 100, 0, 101),
        arguments("maxPositionNotional", false, 0.01, 1e9, 0, 1e9 + 1),
        arguments("maxOrdersPerMinute", true, 1, 600, 0, 601),
        arguments("dailyLossLimit", false, 0.01, 1e9, -5, 2e9),
        arguments("maxDrawdownPct", false, 0.1, 100, 0, 100.5),
        arguments("cooldownSeconds", true, 0, 86_400, -1, 86_401),
        arguments("maxTickerAgeSeconds", true, 1, 300, 0, 301),
        arguments("stopLossPct", false, 0, 50, -0.1, 50.5),
        arguments("takeProfitPct", false, 0, 1000, -1, 1000.5),
        arguments("trailingStopPct", false, 0, 50, -0.1, 51));
  }

  @ParameterizedTest(name = "risk.{0}")
  @MethodSource("riskLimits")
  void eachRiskLimitHasItsRangeAndType(String field, boolean integer, Number min, Number max, Number below, Number above) {
    for (Number valid : List.of(min, max)) {
      Agent agent = AgentJson.parse(minimal().put("risk", new JsonObject().put(field, valid)), null, ANY);
      JsonObject risk = AgentJson.toJson(agent).getJsonObject("risk");
      assertThat(risk.getDouble(field)).as(field + "=" + valid).isEqualTo(valid.doubleValue());
      // Only this limit changed.
      risk.remove(field);
      JsonObject defaults = AgentJson.toJson(AgentJson.parse(minimal(), null, ANY)).getJsonObject("risk");
      defaults.remove(field);
      assertThat(risk).isEqualTo(defaults);
    }
    List<Object> invalid = new java.util.ArrayList<>(List.of(below, above, String.valueOf(min), true,
        new JsonObject().put("$gt", 0), new JsonArray().add(1)));
    if (integer) {
      invalid.add(1.5);
      invalid.add(Long.MAX_VALUE);
    }
    for (Object value : invalid) {
      List<String> problems = problems(minimal().put("risk", new JsonObject().put(field, value)));
      assertThat(problems).as(field + "=" + value).hasSize(1);
      assertThat(problems.get(0)).startsWith("risk." + field + " must be ");
    }
  }

  @Test
  void llmModelsAreCheckedAgainstTheAllowedSetOnlyWhenThereIsOne() {
    JsonObject body = minimal().put("models", new JsonArray().add("technical").add(model("llm:gpt-x", 2)));
    Agent anyModel = AgentJson.parse(body.copy(), null, ANY);
    assertThat(anyModel.models()).containsExactly(new Agent.ModelWeight("technical", 1), new Agent.ModelWeight("llm:gpt-x", 2));
    assertThat(anyModel.models().get(1).isLlm()).isTrue();
    assertThat(anyModel.models().get(1).llmModel()).isEqualTo("gpt-x");

    List<String> refused = problems(body.copy(), AI);
    assertThat(refused).singleElement().asString().startsWith("models[1].name ").contains("llm:gpt-x")
        .contains("claude-x, gpt-test");
    assertThat(AgentJson.parse(minimal().put("models", new JsonArray().add("llm:gpt-test")), null, AI).models())
        .containsExactly(new Agent.ModelWeight("llm:gpt-test", 1));
    // Model names may carry the usual provider punctuation.
    assertThat(AgentJson.parse(minimal().put("models", new JsonArray().add("llm:org/model-1.5_b@v2:latest")), null, ANY)
        .models().get(0).llmModel()).isEqualTo("org/model-1.5_b@v2:latest");
    // Eight models is the most.
    JsonArray eight = new JsonArray(Stream.concat(Stream.of("technical"), IntStream.range(0, 7).mapToObj(i -> "llm:m" + i)).toList());
    assertThat(AgentJson.parse(minimal().put("models", eight), null, ANY).models()).hasSize(8);
    assertThat(AgentJson.parse(minimal().put("models", new JsonArray().add(model("technical", 10))), null, ANY)
        .models().get(0).weight()).isEqualTo(10);
  }

  @Test
  void remoteModelsAreNamedLikeTheirEventBusAddress() {
    Agent agent = AgentJson.parse(minimal().put("models", new JsonArray().add("remote:py-rsi").add("technical")), null, AI);
    assertThat(agent.models().get(0).isRemote()).isTrue();
    assertThat(agent.models().get(0).isLlm()).isFalse();
    assertThat(agent.models().get(0).remoteName()).isEqualTo("py-rsi");
    for (String bad : List.of("remote:", "remote:Py", "remote:a.b", "remote:a/b", "remote:" + "x".repeat(41))) {
      assertThat(problems(minimal().put("models", new JsonArray().add(bad)))).as(bad)
          .singleElement().asString().startsWith("models[0].name ");
    }
  }

  @Test
  void rangeEndsAreAccepted() {
    Agent agent = AgentJson.parse(minimal().put("minConfidence", 0).put("agreement", 1)
        .put("symbols", new JsonArray(IntStream.range(0, 20).mapToObj(i -> "S" + i).toList()))
        .put("name", "n".repeat(80)).put("id", "a".repeat(40)).put("enabled", false)
        .put("account", new JsonObject().put("exchange", "okx").put("startingBalance", 1e12)), null, ANY);
    assertThat(agent.minConfidence()).isZero();
    assertThat(agent.agreement()).isEqualTo(1);
    assertThat(agent.symbols()).hasSize(20);
    assertThat(agent.enabled()).isFalse();
    assertThat(agent.account()).isEqualTo(new Agent.Account(Agent.Exchange.OKX, 1e12));
    for (String interval : List.of("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d")) {
      assertThat(AgentJson.parse(minimal().put("interval", interval), null, ANY).interval()).isEqualTo(interval);
    }
  }

  @Test
  void everyProblemOfOneBodyIsReportedAtOnce() {
    JsonObject body = new JsonObject()
        .put("id", "Bad Id")
        .put("name", "x\u0000y")
        .put("symbols", new JsonArray().add("BTC*").add("ETHUSDT").add("ethusdt"))
        .put("interval", "7m")
        .put("models", new JsonArray().add("magic").add(model("technical", 0)))
        .put("minConfidence", 2)
        .put("agreement", 0)
        .put("risk", new JsonObject().put("maxOpenPositions", 1.5).put("maxDrawdownPct", "10").put("stopLoss", 1))
        .put("account", new JsonObject().put("exchange", "binance").put("startingBalance", -1).put("iban", "x"))
        .put("execution", new JsonObject().put("type", "twap").put("maxSlippageBps", 0).put("tif", "gtc"))
        .put("enabled", "yes")
        .put("colour", 1);
    List<String> problems = problems(body, AI);
    assertThat(problems.stream().map(p -> p.substring(0, p.indexOf(' '))).toList()).containsExactlyInAnyOrder(
        "colour", "id", "name", "symbols[0]", "symbols[2]", "interval", "models[0].name", "models[1].weight",
        "minConfidence", "agreement", "risk.stopLoss", "risk.maxOpenPositions", "risk.maxDrawdownPct",
        "account.iban", "account.exchange", "account.startingBalance", "execution.tif", "execution.type",
        "execution.maxSlippageBps", "enabled");
    // The unknown field names the known ones (without MongoDB's _id).
    assertThat(problems).filteredOn(p -> p.startsWith("colour ")).singleElement().asString()
        .contains("agreement, createdAt, enabled, execution, id").doesNotContain("_id");
  }

  @Test
  void aRestingEntryStyleIsReadWithItsDefaultsAndWrittenBackWhole() {
    Agent maker = AgentJson.parse(minimal().put("execution", new JsonObject().put("type", " post_only ")
        .put("price", "improve").put("improveTicks", 2)), null, ANY);
    assertThat(maker.execution()).isEqualTo(new Execution(Execution.Type.POST_ONLY, Execution.DEFAULT_SLIPPAGE_BPS,
        new Execution.PriceRule(Execution.PriceFrom.IMPROVE, 2, Execution.DEFAULT_OFFSET_BPS), Execution.DEFAULT_TTL,
        Execution.DEFAULT_MAX_REPRICES, Execution.OnExpiry.CANCEL));
    JsonObject written = AgentJson.toJson(maker).getJsonObject("execution");
    assertThat(written.getString("type")).isEqualTo("post_only");
    assertThat(written.getLong("ttlMs")).isEqualTo(5000);
    assertThat(AgentJson.parse(minimal().put("execution", written), null, ANY).execution()).isEqualTo(maker.execution());
    Agent crossing = AgentJson.parse(minimal().put("execution", new JsonObject().put("type", "limit")
        .put("onExpiry", "cross").put("ttlMs", 1000).put("maxReprices", 0)), null, ANY);
    assertThat(crossing.execution().onExpiry()).isEqualTo(Execution.OnExpiry.CROSS);
  }

  @Test
  void aRestingEntryThatWouldOutliveItsCountInFlightOrCrossAsPostOnlyIsRefused() {
    assertThat(problems(minimal().put("execution", new JsonObject().put("type", "post_only").put("onExpiry", "cross"))))
        .singleElement().asString().startsWith("execution.onExpiry cross needs type limit");
    // 60 s × (3 + 2) = 300 s, beyond the 240 s a resting entry may live.
    assertThat(problems(minimal().put("execution", new JsonObject().put("type", "limit").put("ttlMs", 60_000))))
        .singleElement().asString().startsWith("execution.ttlMs times (maxReprices + 2) must be at most 240000 ms");
    assertThat(problems(minimal().put("execution", new JsonObject().put("type", "limit").put("price", "best")
        .put("improveTicks", 0).put("maxReprices", 21)))).containsExactlyInAnyOrder(
        "execution.price must be one of join, improve, offset",
        "execution.improveTicks must be a whole number from 1 to 1000",
        "execution.maxReprices must be a whole number from 0 to 20");
  }

  /** Values aimed at Redis globs, key names, Mongo operators, or sheer size: always a clean refusal. */
  static Stream<Arguments> hostileValues() {
    String huge = "x".repeat(1_000_000);
    return Stream.of(
        arguments("glob *", with(b -> b.put("symbols", new JsonArray().add("*")))),
        arguments("glob ?", with(b -> b.put("symbols", new JsonArray().add("BTC?USDT")))),
        arguments("glob [", with(b -> b.put("symbols", new JsonArray().add("[A-Z]*")))),
        arguments("key separator", with(b -> b.put("symbols", new JsonArray().add("BTC:USDT")))),
        arguments("hash tag braces", with(b -> b.put("symbols", new JsonArray().add("{BTCUSDT}")))),
        arguments("CRLF", with(b -> b.put("symbols", new JsonArray().add("BTC\r\nFLUSHALL")))),
        arguments("id glob", with(b -> b.put("id", "a*"))),
        arguments("id key separator", with(b -> b.put("id", "a:b"))),
        arguments("id unicode", with(b -> b.put("id", "agént"))),
        arguments("id huge", with(b -> b.put("id", huge))),
        arguments("name huge", with(b -> b.put("name", huge))),
        arguments("symbol huge", with(b -> b.put("symbols", new JsonArray().add(huge)))),
        arguments("model huge", with(b -> b.put("models", new JsonArray().add("llm:" + huge)))),
        arguments("interval huge", with(b -> b.put("interval", huge))),
        arguments("exchange huge", with(b -> b.put("account", new JsonObject().put("exchange", huge)))),
        arguments("unicode symbol", with(b -> b.put("symbols", new JsonArray().add("BTC€USDT")))),
        arguments("fullwidth symbol", with(b -> b.put("symbols", new JsonArray().add("ＢＴＣＵＳＤＴ")))),
        arguments("emoji name huge", with(b -> b.put("name", "🚀".repeat(41)))),
        arguments("object as id", with(b -> b.put("id", new JsonObject().put("$ne", "")))),
        arguments("object as symbol", with(b -> b.put("symbols", new JsonArray().add(new JsonObject().put("$gt", ""))))),
        arguments("array as symbol", with(b -> b.put("symbols", new JsonArray().add(new JsonArray().add("BTCUSDT"))))),
        arguments("null symbol", with(b -> b.put("symbols", new JsonArray().addNull()))),
        arguments("object as interval", with(b -> b.put("interval", new JsonObject()))),
        arguments("array as name", with(b -> b.put("name", new JsonArray().add("n")))),
        arguments("object as model name", with(b -> b.put("models", new JsonArray().add(new JsonObject().put("name", new JsonObject()))))),
        arguments("null model", with(b -> b.put("models", new JsonArray().addNull()))),
        arguments("object as exchange", with(b -> b.put("account", new JsonObject().put("exchange", new JsonObject().put("$ne", "paper"))))),
        arguments("object as enabled", with(b -> b.put("enabled", new JsonObject()))),
        arguments("null symbols", with(b -> b.put("symbols", (Object) null))),
        arguments("null models", with(b -> b.put("models", (Object) null))),
        arguments("null risk", with(b -> b.put("risk", (Object) null))),
        arguments("null account", with(b -> b.put("account", (Object) null))),
        arguments("mongo operator field", with(b -> b.put("$where", "sleep(1000)"))),
        arguments("huge field name", with(b -> b.put(huge, 1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileValues")
  void hostileValuesAreRefusedCleanly(String what, JsonObject body) {
    List<String> problems = problems(body);
    // The message is built from the rules, not by echoing unbounded input (except an unknown field's name).
    if (!what.equals("huge field name")) {
      assertThat(String.join("; ", problems).length()).as(what).isLessThan(2_000);
    }
  }

  @Test
  void controlCharactersAtTheEndsAreTrimmedNotRefused() {
    // String.trim() removes every char <= U+0020, so trailing C0 controls vanish instead of being refused.
    assertThat(AgentJson.parse(minimal().put("name", "x\u0000"), null, ANY).name()).isEqualTo("x");
    assertThat(AgentJson.parse(minimal().put("symbols", new JsonArray().add("\u0001btcusdt\t")), null, ANY).symbols())
        .containsExactly("BTCUSDT");
  }

  @Test
  void unicodeIsWelcomeInNamesOnly() {
    Agent agent = AgentJson.parse(minimal().put("name", "Scalpeur ünïcødé 日本 🚀"), null, ANY);
    assertThat(agent.name()).isEqualTo("Scalpeur ünïcødé 日本 🚀");
    assertThat(AgentJson.parse(minimal().put("name", "n".repeat(80)), null, ANY).name()).hasSize(80);
  }

  // ---- Gaps found by these tests and since closed: each failed before its fix. ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTimes")
  void nonNumericTimesAndVersionAreRefusedCleanly(String what, JsonObject body) {
    assertThat(problems(body)).as(what).anyMatch(p -> p.startsWith(what.split(" ")[0] + " "));
  }

  static Stream<Arguments> badTimes() {
    return Stream.of(
        arguments("createdAt a string", with(b -> b.put("createdAt", "yesterday"))),
        arguments("updatedAt an object", with(b -> b.put("updatedAt", new JsonObject().put("$date", 1)))),
        arguments("version a string", with(b -> b.put("version", "7"))));
  }

  @Test
  void anLlmModelNeedsAName() {
    // "llm:" with nothing after the prefix passes MODEL ([A-Za-z0-9._:/@-]{1,128} matches "llm:") when AI_MODELS is empty.
    assertThat(problems(minimal().put("models", new JsonArray().add("llm:")))).anyMatch(p -> p.startsWith("models[0].name "));
  }

  @Test
  void unknownFieldsOfAModelAreRefused() {
    // The class promises "Unknown fields are refused (a misspelt limit must not be silently ignored)".
    assertThat(problems(minimal().put("models", new JsonArray().add(new JsonObject().put("name", "technical").put("wieght", 5)))))
        .anyMatch(p -> p.startsWith("models[0]"));
  }

  @Test
  void aNonStringExchangeIsReportedUnderItsFullPath() {
    assertThat(problems(minimal().put("account", new JsonObject().put("exchange", 1))))
        .anyMatch(p -> p.startsWith("account.exchange "));
  }

  private static JsonObject model(String name, double weight) {
    return new JsonObject().put("name", name).put("weight", weight);
  }
  @Test
  void theTechnicalModelTakesParamsEachAbsentOneStandard() {
    JsonObject body = with(b -> b.put("models", new JsonArray().add(new JsonObject().put("name", "technical")
        .put("params", new JsonObject().put("threshold", 0.4).put("oversold", 25).put("rsi", 7).put("bollingerK", 2.5)))));
    Agent agent = AgentJson.parse(body, null, ANY);
    TechnicalParams params = agent.models().get(0).params();
    assertThat(params.threshold()).isEqualTo(0.4);
    assertThat(params.oversold()).isEqualTo(25);
    assertThat(params.overbought()).isEqualTo(70);
    assertThat(params.periods()).isEqualTo(new IndicatorPeriods(7, 9, 21, 12, 26, 9, 20, 2.5, 14, 20));
    assertThat(agent.indicatorPeriods()).isEqualTo(params.periods());
    // Written back in full, and read back the same; the standard settings are not written at all.
    JsonObject written = AgentJson.toJson(agent).getJsonArray("models").getJsonObject(0);
    assertThat(written.getJsonObject("params").getInteger("macdSlow")).isEqualTo(26);
    assertThat(AgentJson.parse(AgentJson.toJson(agent), null, ANY).models()).isEqualTo(agent.models());
    Agent standard = AgentJson.parse(minimal(), null, ANY);
    assertThat(standard.models().get(0).params()).isEqualTo(TechnicalParams.STANDARD);
    assertThat(AgentJson.toJson(standard).getJsonArray("models").getJsonObject(0).containsKey("params")).isFalse();
  }

  @Test
  void badTechnicalParamsAreRefusedNamingTheParam() {
    JsonObject unknown = new JsonObject().put("name", "technical").put("params", new JsonObject().put("rsiPeriod", 7));
    assertThat(problems(with(b -> b.put("models", new JsonArray().add(unknown))), ANY))
        .anySatisfy(p -> assertThat(p).startsWith("models[0].params.rsiPeriod is not a parameter of the technical model"));
    JsonObject zero = new JsonObject().put("name", "technical").put("params", new JsonObject().put("emaSlow", 0));
    assertThat(problems(with(b -> b.put("models", new JsonArray().add(zero))), ANY))
        .containsExactly("models[0].params.emaSlow must be a whole number from 1 to 1000");
    JsonObject crossed = new JsonObject().put("name", "technical").put("params", new JsonObject().put("macdFast", 30));
    assertThat(problems(with(b -> b.put("models", new JsonArray().add(crossed))), ANY))
        .containsExactly("models[0].params the MACD's fast period (30) must be shorter than its slow one (26)");
    JsonObject inverted = new JsonObject().put("name", "technical")
        .put("params", new JsonObject().put("oversold", 80).put("overbought", 20));
    assertThat(problems(with(b -> b.put("models", new JsonArray().add(inverted))), ANY))
        .anySatisfy(p -> assertThat(p).startsWith("models[0].params oversold and overbought are RSI levels"));
    JsonObject flow = new JsonObject().put("name", "orderflow").put("params", new JsonObject().put("threshold", 0.3));
    assertThat(problems(with(b -> b.put("models", new JsonArray().add(flow))), ANY))
        .containsExactly("models[0].params only the technical model takes params");
  }
}
