package dev.mariposa.agent;

import dev.mariposa.market.Kline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Agents to and from JSON, with every rule of a valid agent in one place: the API's bodies and the
 * documents in MongoDB go through the same checks, and every problem is reported at once.
 * Unknown fields are refused (a misspelt limit must not be silently ignored).
 */
public final class AgentJson {
  public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/@-]{1,128}");
  private static final Pattern REMOTE = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Set<String> FIELDS = Set.of("id", "name", "symbols", "interval", "models", "minConfidence",
      "agreement", "risk", "account", "execution", "enabled", "createdAt", "updatedAt", "version", "_id");
  private static final Set<String> RISK_FIELDS = Set.of("maxOpenPositions", "maxPositionNotional",
      "maxOrdersPerMinute", "dailyLossLimit", "maxDrawdownPct", "cooldownSeconds", "maxTickerAgeSeconds",
      "stopLossPct", "takeProfitPct", "trailingStopPct", "liquidationBufferPct", "maxFundingRatePct");
  private static final List<String> ACCOUNT_FIELDS = List.of("exchange", "leverage", "marginMode", "market", "short",
      "startingBalance");
  /** Ids that would make an agent's keys under {@code signal:} those of the halt or the in-flight orders. */
  private static final Set<String> RESERVED_IDS = Set.of("halt", "inflight");
  private static final int MAX_SYMBOLS = 20;
  private static final int MAX_MODELS = 8;
  /** The indicator periods among the technical model's params, in IndicatorPeriods' order (bollingerK aside). */
  private static final List<String> PERIODS = List.of("rsi", "emaFast", "emaSlow", "macdFast", "macdSlow", "macdSignal",
      "bollinger", "atr", "vwap");
  private static final List<String> TECHNICAL_PARAMS = List.of("threshold", "oversold", "overbought", "rsi", "emaFast",
      "emaSlow", "macdFast", "macdSlow", "macdSignal", "bollinger", "bollingerK", "atr", "vwap");

  private AgentJson() {}

  /**
   * An agent from a request body or a stored document. {@code id} wins over the body's own (the
   * path of a PUT); {@code allowedLlmModels} empty means any name is accepted (AI not configured:
   * such models are left out at analysis time, and the result says so).
   */
  public static Agent parse(JsonObject json, String id, Set<String> allowedLlmModels) {
    Problems p = new Problems();
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        p.add(field, "is not a field of an agent (known: " + String.join(", ", sorted(FIELDS)) + ")");
      }
    }
    String agentId = id != null ? id : p.string(json, "id", null);
    if (agentId == null || !ID.matcher(agentId).matches()) {
      p.add("id", "must be 1 to 40 lower-case letters, digits or '-', starting with a letter or digit");
    } else if (RESERVED_IDS.contains(agentId)) {
      p.add("id", "is reserved (" + String.join(", ", sorted(RESERVED_IDS)) + " name keys of their own in Redis)");
    }
    String name = p.string(json, "name", agentId);
    if (name != null && (name.isBlank() || name.length() > 80 || name.chars().anyMatch(Character::isISOControl))) {
      p.add("name", "must be 1 to 80 printable characters");
    }
    List<String> symbols = symbols(json, p);
    String interval = p.string(json, "interval", "1m");
    if (interval != null && Kline.intervalLength(interval).isEmpty()) {
      p.add("interval", "must be one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d");
    }
    List<Agent.ModelWeight> models = models(json, p, allowedLlmModels);
    double minConfidence = p.number(json, "minConfidence", 0.6, v -> v >= 0 && v <= 1, "a number from 0 to 1");
    double agreement = p.number(json, "agreement", 0.6, v -> v > 0 && v <= 1, "a number above 0, at most 1");
    Agent.RiskLimits risk = risk(json, p);
    Agent.Account account = account(json, p);
    stopInsideLiquidation(risk, account.market(), p);
    Execution execution = execution(json, p);
    if (account.market().shorts() && !execution.opensShorts()) {
      p.add("execution.type", execution.type().wire() + " entries rest in the book, and a short is opened only by an "
          + "order that takes (market, ioc or fok): use one of those, or no shorts");
    }
    Object enabled = json.getValue("enabled", true);
    if (!(enabled instanceof Boolean)) {
      p.add("enabled", "must be true or false");
    }
    // Kept by the server (a body's values are overwritten on write), but still checked.
    long createdAt = p.count(json, "createdAt");
    long updatedAt = p.count(json, "updatedAt");
    long version = p.count(json, "version");
    p.throwIfAny();
    return new Agent(agentId, name, symbols, interval, models, minConfidence, agreement, risk, account, execution,
        (Boolean) enabled, createdAt, updatedAt, version);
  }

  /** The agent as the API shows it and MongoDB stores it (with {@code _id} added by the repository). */
  public static JsonObject toJson(Agent agent) {
    Agent.RiskLimits r = agent.risk();
    return new JsonObject()
        .put("id", agent.id()).put("name", agent.name())
        .put("symbols", new JsonArray(agent.symbols())).put("interval", agent.interval())
        .put("models", new JsonArray(agent.models().stream().map(AgentJson::model).toList()))
        .put("minConfidence", agent.minConfidence()).put("agreement", agent.agreement())
        .put("risk", new JsonObject()
            .put("maxOpenPositions", r.maxOpenPositions()).put("maxPositionNotional", r.maxPositionNotional())
            .put("maxOrdersPerMinute", r.maxOrdersPerMinute()).put("dailyLossLimit", r.dailyLossLimit())
            .put("maxDrawdownPct", r.maxDrawdownPct()).put("cooldownSeconds", r.cooldownSeconds())
            .put("maxTickerAgeSeconds", r.maxTickerAgeSeconds()).put("stopLossPct", r.stopLossPct())
            .put("takeProfitPct", r.takeProfitPct()).put("trailingStopPct", r.trailingStopPct())
            .put("liquidationBufferPct", r.liquidationBufferPct()).put("maxFundingRatePct", r.maxFundingRatePct()))
        .put("account", account(agent.account()))
        .put("execution", agent.execution().toJson())
        .put("enabled", agent.enabled())
        .put("createdAt", agent.createdAt()).put("updatedAt", agent.updatedAt()).put("version", agent.version());
  }

  private static List<String> symbols(JsonObject json, Problems p) {
    Object value = json.getValue("symbols");
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SYMBOLS) {
      p.add("symbols", "must be a list of 1 to " + MAX_SYMBOLS + " symbols such as [\"BTCUSDT\"]");
      return List.of();
    }
    Set<String> symbols = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String symbol = item instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : null;
      if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
        p.add("symbols[" + i + "]", "must be 2 to 20 letters or digits, such as BTCUSDT");
      } else if (!symbols.add(symbol)) {
        p.add("symbols[" + i + "]", symbol + " is listed twice");
      }
    }
    return List.copyOf(symbols);
  }

  /** A model entry; the technical model's params only where the agent changed them. */
  private static JsonObject model(Agent.ModelWeight m) {
    JsonObject json = new JsonObject().put("name", m.name()).put("weight", m.weight());
    if (m.params() != null && !m.params().equals(TechnicalParams.STANDARD)) {
      json.put("params", technicalParams(m.params()));
    }
    return json;
  }

  private static List<Agent.ModelWeight> models(JsonObject json, Problems p, Set<String> allowedLlmModels) {
    Object value = json.getValue("models", new JsonArray().add(new JsonObject().put("name", Agent.TECHNICAL)));
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_MODELS) {
      p.add("models", "must be a list of 1 to " + MAX_MODELS + " models such as [{\"name\":\"technical\",\"weight\":1}]");
      return List.of();
    }
    List<Agent.ModelWeight> models = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String field = "models[" + i + "]";
      Object item = array.getValue(i);
      JsonObject model = item instanceof String s ? new JsonObject().put("name", s)
          : item instanceof JsonObject o ? o : null;
      if (model == null) {
        p.add(field, "must be a model name or {\"name\":..., \"weight\":...}");
        continue;
      }
      for (String key : model.fieldNames()) {
        if (!key.equals("name") && !key.equals("weight") && !key.equals("params")) {
          p.add(field + "." + key, "is not a field of a model (known: name, weight, params)");
        }
      }
      Object rawName = model.getValue("name");
      String name = rawName instanceof String s ? s.trim() : null;
      if (name == null || !(name.equals(Agent.TECHNICAL) || name.equals(Agent.ORDER_FLOW)
          || name.startsWith(Agent.LLM_PREFIX) && name.length() > Agent.LLM_PREFIX.length()
          || name.startsWith(Agent.REMOTE_PREFIX))
          || !MODEL.matcher(name).matches()) {
        p.add(field + ".name", "must be \"technical\", \"orderflow\", \"llm:<model>\" (letters, digits and . _ : / @ -)"
            + " or \"remote:<name>\"");
        continue;
      }
      if (name.startsWith(Agent.REMOTE_PREFIX) && !REMOTE.matcher(name.substring(Agent.REMOTE_PREFIX.length())).matches()) {
        p.add(field + ".name", "a remote model's name is 1 to 40 lower-case letters, digits or '-' (its event-bus"
            + " address is analysis.model.<name>)");
        continue;
      }
      if (name.startsWith(Agent.LLM_PREFIX) && !allowedLlmModels.isEmpty()
          && !allowedLlmModels.contains(name.substring(Agent.LLM_PREFIX.length()))) {
        p.add(field + ".name", name + " is not in AI_MODELS (" + String.join(", ", sorted(allowedLlmModels)) + ")");
        continue;
      }
      if (!names.add(name)) {
        p.add(field + ".name", name + " is listed twice");
        continue;
      }
      double weight = p.number(model, "weight", 1.0, v -> v > 0 && v <= 10, "a number above 0, at most 10", field + ".weight");
      if (name.equals(Agent.TECHNICAL)) {
        models.add(new Agent.ModelWeight(name, weight, technicalParams(model.getValue("params"), field + ".params", p)));
      } else {
        if (model.containsKey("params")) {
          p.add(field + ".params", "only the technical model takes params");
        }
        models.add(new Agent.ModelWeight(name, weight));
      }
    }
    return List.copyOf(models);
  }

  /** The technical model's {@code params}: each one absent is the standard value. */
  private static TechnicalParams technicalParams(Object value, String field, Problems p) {
    if (value == null) {
      return TechnicalParams.STANDARD;
    }
    if (!(value instanceof JsonObject params)) {
      p.add(field, "must be an object such as {\"threshold\": 0.3, \"rsi\": 10}");
      return TechnicalParams.STANDARD;
    }
    for (String key : params.fieldNames()) {
      if (!TECHNICAL_PARAMS.contains(key)) {
        p.add(field + "." + key, "is not a parameter of the technical model (known: " + String.join(", ", TECHNICAL_PARAMS) + ")");
      }
    }
    TechnicalParams d = TechnicalParams.STANDARD;
    IndicatorPeriods q = d.periods();
    double threshold = p.number(params, "threshold", d.threshold(), v -> v > 0 && v <= 1, "a number above 0, at most 1",
        field + ".threshold");
    double oversold = p.number(params, "oversold", d.oversold(), v -> v >= 0 && v <= 100, "an RSI level from 0 to 100",
        field + ".oversold");
    double overbought = p.number(params, "overbought", d.overbought(), v -> v >= 0 && v <= 100,
        "an RSI level from 0 to 100", field + ".overbought");
    int[] periods = new int[PERIODS.size()];
    int[] standard = {q.rsi(), q.emaFast(), q.emaSlow(), q.macdFast(), q.macdSlow(), q.macdSignal(), q.bollinger(), q.atr(),
        q.vwap()};
    for (int i = 0; i < periods.length; i++) {
      periods[i] = p.integer(params, field + "." + PERIODS.get(i), PERIODS.get(i), standard[i], 1, 1000);
    }
    double bollingerK = p.number(params, "bollingerK", q.bollingerK(), v -> v > 0 && v <= 10,
        "a number of standard deviations above 0, at most 10", field + ".bollingerK");
    try {
      return new TechnicalParams(threshold, oversold, overbought, new IndicatorPeriods(periods[0], periods[1], periods[2],
          periods[3], periods[4], periods[5], periods[6], bollingerK, periods[7], periods[8]));
    } catch (IllegalArgumentException e) {
      p.add(field, e.getMessage());
      return TechnicalParams.STANDARD;
    }
  }

  /** The technical model's params as {@link #technicalParams} reads them. */
  private static JsonObject technicalParams(TechnicalParams t) {
    IndicatorPeriods q = t.periods();
    return new JsonObject().put("threshold", t.threshold()).put("oversold", t.oversold()).put("overbought", t.overbought())
        .put("rsi", q.rsi()).put("emaFast", q.emaFast()).put("emaSlow", q.emaSlow()).put("macdFast", q.macdFast())
        .put("macdSlow", q.macdSlow()).put("macdSignal", q.macdSignal()).put("bollinger", q.bollinger())
        .put("bollingerK", q.bollingerK()).put("atr", q.atr()).put("vwap", q.vwap());
  }

  private static Agent.RiskLimits risk(JsonObject json, Problems p) {
    Agent.RiskLimits d = Agent.RiskLimits.defaults();
    Object value = json.getValue("risk", new JsonObject());
    if (!(value instanceof JsonObject risk)) {
      p.add("risk", "must be an object of limits");
      return d;
    }
    for (String field : risk.fieldNames()) {
      if (!RISK_FIELDS.contains(field)) {
        p.add("risk." + field, "is not a risk limit (known: " + String.join(", ", sorted(RISK_FIELDS)) + ")");
      }
    }
    return new Agent.RiskLimits(
        p.integer(risk, "risk.maxOpenPositions", "maxOpenPositions", d.maxOpenPositions(), 1, 100),
        p.number(risk, "maxPositionNotional", d.maxPositionNotional(), v -> v > 0 && v <= 1e9, "a number above 0", "risk.maxPositionNotional"),
        p.integer(risk, "risk.maxOrdersPerMinute", "maxOrdersPerMinute", d.maxOrdersPerMinute(), 1, 600),
        p.number(risk, "dailyLossLimit", d.dailyLossLimit(), v -> v > 0 && v <= 1e9, "a number above 0", "risk.dailyLossLimit"),
        p.number(risk, "maxDrawdownPct", d.maxDrawdownPct(), v -> v > 0 && v <= 100, "a percentage above 0, at most 100", "risk.maxDrawdownPct"),
        p.integer(risk, "risk.cooldownSeconds", "cooldownSeconds", d.cooldownSeconds(), 0, 86_400),
        p.integer(risk, "risk.maxTickerAgeSeconds", "maxTickerAgeSeconds", d.maxTickerAgeSeconds(), 1, 300),
        p.number(risk, "stopLossPct", d.stopLossPct(), v -> v >= 0 && v <= 50, "a percentage from 0 (off) to 50", "risk.stopLossPct"),
        p.number(risk, "takeProfitPct", d.takeProfitPct(), v -> v >= 0 && v <= 1000, "a percentage from 0 (off) to 1000", "risk.takeProfitPct"),
        p.number(risk, "trailingStopPct", d.trailingStopPct(), v -> v >= 0 && v <= 50, "a percentage from 0 (off) to 50", "risk.trailingStopPct"),
        p.number(risk, "liquidationBufferPct", d.liquidationBufferPct(), v -> v >= 0 && v <= 90,
            "a percentage from 0 to 90", "risk.liquidationBufferPct"),
        p.number(risk, "maxFundingRatePct", d.maxFundingRatePct(), v -> v >= 0 && v <= 5,
            "a percentage from 0 to 5", "risk.maxFundingRatePct"));
  }

  private static JsonObject account(Agent.Account account) {
    JsonObject json = new JsonObject().put("exchange", account.exchange().name().toLowerCase(Locale.ROOT))
        .put("startingBalance", account.startingBalance())
        .put("market", account.market().kind().name().toLowerCase(Locale.ROOT));
    if (account.market().isSwap()) {
      json.put("marginMode", account.market().marginMode().venueName()).put("leverage", account.market().leverage())
          .put("short", account.market().shorts());
    }
    return json;
  }

  private static Agent.Account account(JsonObject json, Problems p) {
    Object value = json.getValue("account", new JsonObject());
    if (!(value instanceof JsonObject account)) {
      p.add("account", "must be an object such as {\"exchange\":\"paper\",\"startingBalance\":10000}");
      return new Agent.Account(Agent.Exchange.PAPER, 10_000);
    }
    for (String field : account.fieldNames()) {
      if (!ACCOUNT_FIELDS.contains(field)) {
        p.add("account." + field, "is not a field of an account (known: " + String.join(", ", ACCOUNT_FIELDS) + ")");
      }
    }
    String exchange = p.string(account, "exchange", "paper", "account.exchange");
    Agent.Exchange kind = Agent.Exchange.PAPER;
    if ("okx".equals(exchange)) {
      kind = Agent.Exchange.OKX;
    } else if (!"paper".equals(exchange)) {
      p.add("account.exchange", "must be paper or okx");
    }
    double balance = p.number(account, "startingBalance", 10_000, v -> v > 0 && v <= 1e12, "a number above 0", "account.startingBalance");
    return new Agent.Account(kind, balance, market(account, p));
  }

  /**
   * A swap position's stop-loss must come before its liquidation, which at leverage L is less than
   * 100/L % from the entry (the margin, less the maintenance margin and the closing fee). The risk
   * gate checks each entry exactly, at the instrument's maintenance margin rate and the mark.
   */
  private static void stopInsideLiquidation(Agent.RiskLimits risk, Market market, Problems p) {
    if (!market.isSwap()) {
      return;
    }
    double marginPct = 100.0 / market.leverage();
    if (risk.stopLossPct() <= 0) {
      p.add("risk.stopLossPct", "a swap account needs a stop-loss (above 0) inside its liquidation price");
    } else if (risk.stopLossPct() >= marginPct) {
      p.add("risk.stopLossPct", risk.stopLossPct() + "% is past the liquidation price at leverage " + market.leverage()
          + " (less than " + BigDecimal.valueOf(marginPct).round(new MathContext(4)).toPlainString()
          + "% from the entry): lower the stop or the leverage");
    }
  }

  /** Spot unless {@code market} says swap; a spot account takes none of the swap fields. */
  private static Market market(JsonObject account, Problems p) {
    String market = p.string(account, "market", "spot", "account.market");
    if (!"swap".equals(market)) {
      if (market != null && !"spot".equals(market)) {
        p.add("account.market", "must be spot or swap");
      }
      for (String swapOnly : List.of("leverage", "marginMode", "short")) {
        if (account.containsKey(swapOnly)) {
          p.add("account." + swapOnly, "is for a swap account (\"market\": \"swap\"); spot is unlevered and long only");
        }
      }
      return Market.SPOT;
    }
    String mode = p.string(account, "marginMode", "isolated", "account.marginMode");
    Market.MarginMode marginMode = Market.MarginMode.ISOLATED;
    if ("cross".equals(mode)) {
      marginMode = Market.MarginMode.CROSS;
    } else if (mode != null && !"isolated".equals(mode)) {
      p.add("account.marginMode", "must be isolated or cross");
    }
    int leverage = p.integer(account, "account.leverage", "leverage", 1, 1, Market.MAX_LEVERAGE);
    Object shorts = account.getValue("short") == null ? Boolean.FALSE : account.getValue("short");
    if (!(shorts instanceof Boolean)) {
      p.add("account.short", "must be true or false");
      shorts = false;
    }
    return Market.swap(marginMode, leverage, (Boolean) shorts);
  }

  private static final List<String> EXECUTION_FIELDS = List.of("cancelOnImbalance", "improveTicks", "maxReprices",
      "maxSlippageBps", "offsetBps", "onExpiry", "price", "ttlMs", "type");

  private static Execution execution(JsonObject json, Problems p) {
    Object value = json.getValue("execution", new JsonObject());
    if (!(value instanceof JsonObject execution)) {
      p.add("execution", "must be an object such as {\"type\":\"post_only\",\"price\":\"join\",\"ttlMs\":5000}");
      return Execution.market();
    }
    for (String field : execution.fieldNames()) {
      if (!EXECUTION_FIELDS.contains(field)) {
        p.add("execution." + field, "is not a field of an execution (known: " + String.join(", ", EXECUTION_FIELDS) + ")");
      }
    }
    Execution.Type type = choice(execution, "type", Execution.Type.values(), Execution.Type.MARKET, p);
    Execution.PriceFrom from = choice(execution, "price", Execution.PriceFrom.values(), Execution.PriceFrom.JOIN, p);
    Execution.OnExpiry onExpiry = choice(execution, "onExpiry", Execution.OnExpiry.values(), Execution.OnExpiry.CANCEL, p);
    double bps = p.number(execution, "maxSlippageBps", Execution.DEFAULT_SLIPPAGE_BPS, v -> v > 0 && v <= 500,
        "a number of basis points above 0, at most 500", "execution.maxSlippageBps");
    int ticks = p.integer(execution, "execution.improveTicks", "improveTicks", Execution.DEFAULT_IMPROVE_TICKS, 1, 1000);
    double offset = p.number(execution, "offsetBps", Execution.DEFAULT_OFFSET_BPS, v -> v >= 0 && v <= 500,
        "a number of basis points from 0 to 500", "execution.offsetBps");
    int ttlMs = p.integer(execution, "execution.ttlMs", "ttlMs", (int) Execution.DEFAULT_TTL.toMillis(), 250, 120_000);
    int reprices = p.integer(execution, "execution.maxReprices", "maxReprices", Execution.DEFAULT_MAX_REPRICES, 0, 20);
    double imbalance = p.number(execution, "cancelOnImbalance", 0, v -> v >= 0 && v <= 1, "a number from 0 (off) to 1",
        "execution.cancelOnImbalance");
    if (onExpiry == Execution.OnExpiry.CROSS && type != Execution.Type.LIMIT) {
      p.add("execution.onExpiry", "cross needs type limit: a " + type.wire() + " entry never takes");
      onExpiry = Execution.OnExpiry.CANCEL;
    }
    Duration ttl = Duration.ofMillis(ttlMs);
    if (type.rests() && ttl.multipliedBy(reprices + 2L).compareTo(Execution.MAX_LIFE) > 0) {
      p.add("execution.ttlMs", "times (maxReprices + 2) must be at most " + Execution.MAX_LIFE.toMillis()
          + " ms: the risk gate counts an order in flight for 5 minutes, and must count a resting entry all its life");
      ttl = Execution.DEFAULT_TTL;
      reprices = Execution.DEFAULT_MAX_REPRICES;
    }
    return new Execution(type, bps, new Execution.PriceRule(from, ticks, offset), ttl, reprices, onExpiry, imbalance);
  }

  /** One of {@code values} by its lower-case name; {@code fallback} when absent (a problem when unknown). */
  private static <E extends Enum<E>> E choice(JsonObject json, String field, E[] values, E fallback, Problems p) {
    String given = p.string(json, field, fallback.name().toLowerCase(Locale.ROOT), "execution." + field);
    for (E value : values) {
      if (value.name().toLowerCase(Locale.ROOT).equals(given)) {
        return value;
      }
    }
    p.add("execution." + field, "must be one of " + Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ")));
    return fallback;
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().filter(n -> !n.equals("_id")).sorted().toList();
  }

  /** Collects every problem of one definition, so a user fixes them all in one round. */
  private static final class Problems {
    private final List<String> problems = new ArrayList<>();

    void add(String field, String problem) {
      problems.add(field + " " + problem);
    }

    String string(JsonObject json, String field, String fallback) {
      return string(json, field, fallback, field);
    }

    String string(JsonObject json, String field, String fallback, String label) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if (value instanceof String s) {
        return s.trim();
      }
      add(label, "must be a string");
      return fallback;
    }

    /** A whole number ≥ 0 (times, versions); 0 when absent. */
    long count(JsonObject json, String field) {
      Object value = json.getValue(field);
      if (value == null) {
        return 0;
      }
      if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
        return ((Number) value).longValue();
      }
      add(field, "must be a whole number from 0");
      return 0;
    }

    double number(JsonObject json, String field, double fallback, Predicate<Double> valid, String rule) {
      return number(json, field, fallback, valid, rule, field);
    }

    double number(JsonObject json, String field, double fallback, Predicate<Double> valid, String rule, String label) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if (value instanceof Number n && Double.isFinite(n.doubleValue()) && valid.test(n.doubleValue())) {
        return n.doubleValue();
      }
      add(label, "must be " + rule);
      return fallback;
    }

    int integer(JsonObject json, String label, String field, int fallback, int min, int max) {
      Object value = json.getValue(field);
      if (value == null) {
        return fallback;
      }
      if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
          && ((Number) value).longValue() <= max) {
        return ((Number) value).intValue();
      }
      add(label, "must be a whole number from " + min + " to " + max);
      return fallback;
    }

    void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new InvalidAgentException(problems);
      }
    }
  }
}
