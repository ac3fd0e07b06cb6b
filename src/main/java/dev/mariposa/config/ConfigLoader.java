package dev.mariposa.config;

import dev.mariposa.config.MariposaConfig.Ai;
import dev.mariposa.config.MariposaConfig.Api;
import dev.mariposa.config.MariposaConfig.Cache;
import dev.mariposa.config.MariposaConfig.Exchange;
import dev.mariposa.config.MariposaConfig.ExchangeKind;
import dev.mariposa.config.MariposaConfig.Health;
import dev.mariposa.config.MariposaConfig.Http;
import dev.mariposa.config.MariposaConfig.Market;
import dev.mariposa.config.MariposaConfig.MarketSource;
import dev.mariposa.config.MariposaConfig.Mongo;
import dev.mariposa.config.MariposaConfig.Okx;
import dev.mariposa.config.MariposaConfig.Paper;
import dev.mariposa.config.MariposaConfig.Redis;
import dev.mariposa.config.MariposaConfig.RedisMode;
import dev.mariposa.exchange.okx.OkxSymbols;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the typed {@link MariposaConfig}: defaults from {@code conf/config.json} on the class path,
 * then the file at VERTX_CONFIG_PATH (or ./conf/config.json) if present, then the environment
 * variables of {@link Variables}. Every value is validated here, so a bad one stops startup with one
 * line naming the variable and what it allows (docs/CONFIGURATION.md lists them all).
 */
public final class ConfigLoader {

  /** Environment variable → path in the JSON config (the variables of {@link Variables} that have one). */
  static final Map<String, String> ENV = Variables.configPaths();

  private static final String PREFIX = "Invalid configuration: ";

  private ConfigLoader() {}

  /** The configuration of this process: class-path defaults, config file, then the environment. */
  public static MariposaConfig load(Map<String, String> env) {
    return from(json(env), env);
  }

  /** The class-path defaults with the config file merged in, before the environment applies. */
  public static JsonObject json(Map<String, String> env) {
    JsonObject json = defaults();
    String configured = env.get("VERTX_CONFIG_PATH");
    boolean explicit = configured != null && !configured.isBlank();
    Path file = Path.of(explicit ? configured.trim() : "conf/config.json");
    String name = explicit ? "VERTX_CONFIG_PATH=" + file : "config file " + file;
    if (Files.isRegularFile(file)) {
      json.mergeIn(readObject(file, name), true);
    } else if (explicit) {
      throw new ConfigException(PREFIX + name + " is invalid: expected a readable JSON file (none is there)");
    }
    return json;
  }

  /** The JSON object in {@code file}; errors give the line and column but never the content (it may hold secrets). */
  private static JsonObject readObject(Path file, String name) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(PREFIX + name + " is invalid: expected a readable JSON file (" + e.getClass().getSimpleName() + ")");
    }
    Object value;
    try {
      value = text.isBlank() ? null : Json.decodeValue(text);
    } catch (RuntimeException e) {
      String where = "";
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
          where = " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
          break;
        }
      }
      throw new ConfigException(PREFIX + name + " is invalid: expected a JSON object, found malformed JSON" + where);
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    String found = value == null ? "null or nothing" : value instanceof JsonArray ? "an array"
        : value instanceof Number ? "a number" : value instanceof Boolean ? "a boolean" : "a string";
    throw new ConfigException(PREFIX + name + " is invalid: expected a JSON object, found " + found);
  }

  /** The defaults shipped in the jar. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/conf/config.json")) {
      if (in == null) {
        throw new IllegalStateException("conf/config.json is missing from the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies {@code env} over {@code json} and validates everything. */
  public static MariposaConfig from(JsonObject json, Map<String, String> env) {
    Fields f = new Fields(json.copy());
    ENV.forEach((var, path) -> {
      String value = env.get(var);
      if (value != null && !value.isBlank()) {
        f.override(path, var, value.trim());
      }
    });
    MariposaConfig config = build(f);
    if (LogLevel.of(env).isEmpty()) {
      f.invalidVariable(Variables.MARIPOSA_LOG_LEVEL, env.get(Variables.MARIPOSA_LOG_LEVEL).trim(),
          "one of " + String.join(", ", LogLevel.LEVELS) + " (any case)");
    }
    f.throwIfInvalid();
    return config;
  }

  private static MariposaConfig build(Fields f) {
    Http http = new Http(
        f.host("http.host"),
        f.integer("http.port", 0, 65535),
        f.integer("http.bodyLimitBytes", 1024, 64 * 1024 * 1024),
        origins(f),
        new MariposaConfig.SockJs(f.integer("http.sockJs.maxHandlersPerSocket", 1, 100_000),
            f.integer("http.sockJs.maxAddressLength", 16, 4096), f.integer("http.sockJs.inboundPerSecond", 1, 100_000),
            f.millis("http.sockJs.pingTimeoutMs"), f.integer("http.sockJs.maxBytesStreaming", 4096, 64 * 1024 * 1024),
            Duration.ofMillis(f.integer("http.sockJs.snapshotIntervalMs", 0, 10_000))));
    MarketSource source = f.enumValue("market.source", MarketSource.class);
    ExchangeKind exchangeKind = f.enumValue("exchange.name", ExchangeKind.class);
    Exchange exchange = exchange(f, exchangeKind);
    realMoneyOnlyOnLivePrices(f, source, exchange);
    return new MariposaConfig(
        f.optionalString("instanceId").map(id -> f.matches("instanceId", id, "[A-Za-z0-9._-]{1,64}",
            "1 to 64 letters, digits, '.', '_' or '-'")).orElseGet(ConfigLoader::defaultInstanceId),
        roles(f),
        dataDir(f),
        http,
        tcpBridge(f),
        instances(f),
        redis(f),
        mongo(f),
        market(f, source),
        exchange,
        ai(f),
        analysis(f),
        new MariposaConfig.Trade(f.millis("trade.claimIdleMs"), f.millis("trade.reconcileMs"), f.millis("trade.restingStepMs"),
            f.integer("trade.maxDeliveries", 1, 1000), f.millis("trade.signalVisibilityMs"), f.millis("trade.signalTtlMs"),
            f.integer("trade.streamMaxLength", 100, 100_000_000)),
        reconciliation(f),
        new MariposaConfig.Jobs(f.millis("jobs.healthMs"), f.millis("jobs.cleanupMs"), f.millis("jobs.snapshotMs"), f.millis("jobs.warmupMs"),
            f.integer("jobs.signalRetentionDays", 1, 3650), f.integer("jobs.snapshotRetentionDays", 1, 3650),
            f.integer("jobs.memoryAlertPct", 1, 100), f.millis("jobs.redisMemoryMs"), f.integer("jobs.redisMemoryAlertPct", 1, 100)),
        api(f),
        rateLimit(f),
        new MariposaConfig.Session(f.millis("session.sweepMs"), f.millis("session.seenWriteMs"),
            f.integer("session.maxWantedSymbols", 0, 1000)),
        cache(f),
        new Health(f.millis("health.maxEventLoopLagMs"), f.millis("health.checkTimeoutMs")),
        bridge(f),
        new MariposaConfig.Cluster(f.millis("cluster.instanceTtlMs")),
        new MariposaConfig.Feed(f.millis("feed.leaseTtlMs"), f.millis("feed.syntheticTickMs"), f.millis("feed.wantedIdleMs")),
        new MariposaConfig.History(f.bool("history.enabled"), f.integer("history.klineRetentionDays", 1, 3650),
            f.millis("history.flushMs"), f.integer("history.warmBars", 0, 1000)),
        f.millis("shutdownTimeoutMs"),
        new MariposaConfig.Backtests(backtestDataDir(f)),
        notify(f));
  }

  private static MariposaConfig.Notify notify(Fields f) {
    List<Long> chats = new ArrayList<>();
    for (String chat : f.list("notify.telegram.chatIds")) {
      if (chat.matches("-?[0-9]{1,19}")) {
        chats.add(Long.parseLong(chat));
      } else {
        f.invalid("notify.telegram.chatIds", chat, "a comma list of Telegram chat ids (integers, groups negative)");
      }
    }
    Optional<Secret> token = f.optionalSecret("notify.telegram.botToken");
    boolean wellFormed = token.isEmpty() || token.get().reveal().matches("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
    if (!wellFormed) {
      f.invalid("notify.telegram.botToken", token.get().reveal(), "a bot token from @BotFather (<digits>:<letters>)");
    }
    // They go together: the bot answers and writes only to the chats listed.
    if (token.isPresent() && wellFormed && chats.isEmpty()) {
      f.invalid("notify.telegram.chatIds", null, "at least one chat id when TELEGRAM_BOT_TOKEN is set");
    } else if (token.isEmpty() && !chats.isEmpty()) {
      f.invalid("notify.telegram.botToken", null, "a bot token when TELEGRAM_CHAT_IDS is set");
    }
    List<Secret> webhooks = new ArrayList<>();
    for (String url : f.list("notify.webhookUrls")) {
      // Not f.uri: its error would print the URL, and a webhook URL is its own secret.
      if (!url.matches("https?://[^\\s/?#]+(/[^\\s]*)?")) {
        f.invalid("notify.webhookUrls", url, "a comma list of http:// or https:// URLs");
      }
      webhooks.add(Secret.of(url));
    }
    Optional<java.time.LocalTime> summary = f.optionalString("notify.dailySummaryUtc").flatMap(time -> {
      if (time.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
        return Optional.of(java.time.LocalTime.parse(time));
      }
      f.invalid("notify.dailySummaryUtc", time, "a UTC time of day, HH:MM");
      return Optional.empty();
    });
    MariposaConfig.Notify.Telegram telegram = new MariposaConfig.Notify.Telegram(token, List.copyOf(chats),
        f.uri("notify.telegram.apiUrl", f.string("notify.telegram.apiUrl"), List.of("http", "https")).orElse(null),
        Duration.ofSeconds(f.integer("notify.telegram.pollTimeoutS", 1, 50)));
    return new MariposaConfig.Notify(telegram, List.copyOf(webhooks), summary, f.integer("notify.queueLimit", 1, 100_000),
        f.integer("notify.maxAttempts", 1, 100), f.millis("notify.retryBaseMs"), f.millis("notify.leaseTtlMs"));
  }

  private static Set<Role> roles(Fields f) {
    List<String> names = f.list("roles");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      if (name.equalsIgnoreCase("all")) {
        roles.addAll(Role.all());
      } else {
        Role.parse(name).ifPresentOrElse(roles::add,
            () -> f.invalid("roles", name, "a comma list of: " + Role.allowed()));
      }
    }
    if (names.isEmpty()) {
      f.invalid("roles", "", "a comma list of: " + Role.allowed());
    }
    return roles;
  }

  private static Map<Role, Integer> instances(Fields f) {
    Map<Role, Integer> instances = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      String path = "instances." + role.key();
      instances.put(role, f.has(path) ? f.integer(path, 1, 64) : 1);
    }
    return instances;
  }

  private static Redis redis(Fields f) {
    List<URI> urls = new ArrayList<>();
    for (String url : f.list("redis.url")) {
      f.uri("redis.url", url, List.of("redis", "rediss")).ifPresent(urls::add);
    }
    String prefix = f.string("redis.keyPrefix");
    if (!prefix.matches("[A-Za-z0-9:._-]{0,64}")) {
      f.invalid("redis.keyPrefix", prefix, "up to 64 letters, digits or : . _ - (no glob characters, no braces: they would become the Redis Cluster hash tag of every key)");
    }
    RedisMode mode = f.enumValue("redis.mode", RedisMode.class);
    if (mode != null && mode != RedisMode.STANDALONE && urls.isEmpty()) {
      f.invalid("redis.mode", mode.name().toLowerCase(), "standalone unless REDIS_URL names the " + mode.name().toLowerCase() + " nodes");
    }
    return new Redis(
        List.copyOf(urls),
        f.optionalSecret("redis.password").orElse(null),
        f.integer("redis.db", 0, 1023),
        f.millis("redis.timeoutMs"),
        f.integer("redis.retryAttempts", 0, 100),
        mode,
        prefix,
        f.string("redis.masterName"),
        f.integer("redis.poolSize", 1, 1024),
        f.integer("redis.poolWaiting", 1, 1_000_000),
        f.integer("redis.publisherPoolSize", 1, 64),
        f.millis("redis.pingIntervalMs"),
        f.millis("redis.reconnectInitialDelayMs"),
        f.millis("redis.reconnectMaxDelayMs"));
  }

  private static Mongo mongo(Fields f) {
    Optional<Secret> url = f.optionalString("mongo.url").map(u -> {
      if (!u.startsWith("mongodb://") && !u.startsWith("mongodb+srv://")) {
        f.invalid("mongo.url", null, "a mongodb:// or mongodb+srv:// connection string");
      }
      return Secret.of(u);
    });
    String db = f.matches("mongo.db", f.string("mongo.db"), "[A-Za-z0-9_-]{1,63}", "1 to 63 letters, digits, '_' or '-'");
    return new Mongo(url, db, f.millis("mongo.timeoutMs"));
  }

  private static Market market(Fields f, MarketSource source) {
    List<String> symbols = new ArrayList<>();
    List<String> given = f.list("market.symbols");
    for (String s : given) {
      String symbol = s.toUpperCase(Locale.ROOT);
      if (!symbol.matches("[A-Z0-9]{2,20}")) {
        f.invalid("market.symbols", s, "a comma list of symbols such as BTCUSDT (2 to 20 letters or digits)");
      } else if (!symbols.contains(symbol)) {
        symbols.add(symbol);
      }
    }
    if (given.isEmpty()) {
      f.invalid("market.symbols", "", "at least one symbol, such as BTCUSDT");
    }
    List<Path> replayFiles = ReplayInputs.check(f, source);
    double speed = f.decimal("market.replaySpeed", 0, 1_000_000);
    return new Market(List.copyOf(symbols), source, List.copyOf(replayFiles), speed, f.bool("market.replayLoop"),
        f.decimal("market.replayBarSpreadBps", 0, 1000),
        f.uri("market.binanceWsUrl", f.string("market.binanceWsUrl"), List.of("ws", "wss")).orElse(null),
        f.uri("market.binanceRestUrl", f.string("market.binanceRestUrl"), List.of("http", "https")).orElse(null),
        f.integer("market.binanceWeightPerMinute", 1, 6000),
        f.millis("market.binanceSilenceMs"),
        swaps(f));
  }

  /** Swap symbols as SYMBOLS spells them, each with an OKX swap (BTCUSDT: BTC-USDT-SWAP); none by default. */
  private static MariposaConfig.Swaps swaps(Fields f) {
    List<String> symbols = new ArrayList<>();
    for (String s : f.list("market.swaps.symbols")) {
      String symbol = s.toUpperCase(Locale.ROOT);
      boolean valid = symbol.matches("[A-Z0-9]{2,20}");
      if (valid) {
        try {
          OkxSymbols.toInstId(symbol);
        } catch (IllegalArgumentException e) {
          valid = false;
        }
      }
      if (!valid) {
        f.invalid("market.swaps.symbols", s, "a comma list of symbols such as BTCUSDT (2 to 20 letters or digits, "
            + "ending in a quote asset OKX lists: " + String.join(", ", OkxSymbols.QUOTES) + ")");
      } else if (!symbols.contains(symbol)) {
        symbols.add(symbol);
      }
    }
    return new MariposaConfig.Swaps(List.copyOf(symbols),
        f.uri("market.swaps.okxWsUrl", f.string("market.swaps.okxWsUrl"), List.of("ws", "wss")).orElse(null),
        f.millis("market.swaps.okxSilenceMs"));
  }

  /** A directory; a missing one is taken (a run asked for then fails saying so), a file is refused. */
  private static Path backtestDataDir(Fields f) {
    String dir = f.string("backtests.dataDir");
    Path path = f.path("backtests.dataDir", dir).orElse(Path.of("."));
    if (Files.exists(path) && !Files.isDirectory(path)) {
      f.invalid("backtests.dataDir", dir, "a directory of recorded market data (this is a file)");
    }
    return path;
  }

  private static Path dataDir(Fields f) {
    String dir = f.string("dataDir");
    Path path = f.path("dataDir", dir).orElse(Path.of("."));
    if (Files.exists(path) && !Files.isDirectory(path)) {
      f.invalid("dataDir", dir, "a directory, or a path where one can be made (this is a file)");
    }
    return path;
  }

  /**
   * Real money (OKX without its demo header) trades only on live venue prices: a synthetic or
   * replayed market would price its orders and exits on prices no venue quotes. Agents trade on OKX
   * only through EXCHANGE=okx, so this one rule covers them too.
   */
  private static void realMoneyOnlyOnLivePrices(Fields f, MarketSource source, Exchange exchange) {
    if (exchange.realMoney() && source != null && !source.live()) {
      f.error(f.named("exchange.name", f.given("exchange.name")) + " with "
          + f.named("exchange.okx.simulated", f.given("exchange.okx.simulated")) + " trades real money, and "
          + f.named("market.source", f.given("market.source")) + " is not live venue prices: use "
          + "MARKET_SOURCE=binance, or OKX_SIMULATED=true for demo trading");
    }
  }

  private static Exchange exchange(Fields f, ExchangeKind kind) {
    Optional<Secret> key = f.optionalSecret("exchange.okx.apiKey");
    Optional<Secret> secret = f.optionalSecret("exchange.okx.apiSecret");
    Optional<Secret> passphrase = f.optionalSecret("exchange.okx.passphrase");
    if (kind == ExchangeKind.OKX) {
      if (key.isEmpty()) f.invalid("exchange.okx.apiKey", null, "set when EXCHANGE=okx");
      if (secret.isEmpty()) f.invalid("exchange.okx.apiSecret", null, "set when EXCHANGE=okx");
      if (passphrase.isEmpty()) f.invalid("exchange.okx.passphrase", null, "set when EXCHANGE=okx");
    }
    Okx okx = new Okx(
        f.uri("exchange.okx.restUrl", f.string("exchange.okx.restUrl"), List.of("http", "https")).orElse(null),
        key, secret, passphrase, f.bool("exchange.okx.simulated"));
    return new Exchange(kind, okx, new Paper(fee(f, "exchange.paper.makerFee"), fee(f, "exchange.paper.takerFee"),
        f.integer("exchange.paper.latencyMs", 0, 10_000), f.integer("exchange.paper.latencyJitterMs", 0, 10_000)));
  }

  /** A fee as a fraction of the notional, 0 to 1 %: the shortest decimal of the value read (0.0008, not its double). */
  private static BigDecimal fee(Fields f, String path) {
    return BigDecimal.valueOf(f.decimal(path, 0, 0.01)).stripTrailingZeros();
  }

  private static MariposaConfig.Reconciliation reconciliation(Fields f) {
    String orphans = f.matches("reconciliation.orphans", f.string("reconciliation.orphans"), "adopt|cancel",
        "adopt or cancel");
    return new MariposaConfig.Reconciliation(f.millis("reconciliation.intervalMs"),
        "cancel".equals(orphans) ? MariposaConfig.Reconciliation.Orphans.CANCEL : MariposaConfig.Reconciliation.Orphans.ADOPT,
        f.millis("reconciliation.fillWindowMs"), BigDecimal.valueOf(f.decimal("reconciliation.balanceTolerance", 0, 0.5)).stripTrailingZeros());
  }

  private static Ai ai(Fields f) {
    Optional<URI> baseUrl = f.optionalString("ai.baseUrl")
        .flatMap(u -> f.uri("ai.baseUrl", u, List.of("http", "https")));
    List<String> models = f.list("ai.models");
    for (String model : models) {
      if (!model.matches("[A-Za-z0-9._:/@-]{1,128}")) {
        f.invalid("ai.models", model, "a comma list of model names (letters, digits and . _ : / @ -)");
      }
    }
    if (baseUrl.isPresent() && models.isEmpty()) {
      f.invalid("ai.models", "", "at least one model name when AI_BASE_URL is set");
    }
    Map<String, Ai.Price> prices = new LinkedHashMap<>();
    JsonObject table = f.object("ai.pricePer1kTokens");
    for (String model : table.fieldNames()) {
      prices.put(model, new Ai.Price(f.decimal("ai.pricePer1kTokens." + model + ".prompt", 0, 1_000),
          f.decimal("ai.pricePer1kTokens." + model + ".completion", 0, 1_000)));
    }
    return new Ai(baseUrl, f.optionalSecret("ai.apiKey"), List.copyOf(models), f.millis("ai.timeoutMs"),
        f.integer("ai.maxTokens", 16, 32_000), f.integer("ai.requestsPerMinute", 1, 1_000_000),
        f.integer("ai.keyRequestsPerMinute", 1, 1_000_000), f.integer("ai.breakerFailures", 1, 1_000),
        f.millis("ai.breakerResetMs"), Map.copyOf(prices));
  }

  private static MariposaConfig.Analysis analysis(Fields f) {
    int seriesBars = f.integer("analysis.seriesBars", 200, 100_000);
    return new MariposaConfig.Analysis(seriesBars, f.integer("analysis.warmupBars", 0, Math.min(1000, seriesBars)),
        f.bool("analysis.onTicks"), f.millis("analysis.tickIntervalMs"), f.millis("analysis.claimTtlMs"),
        f.millis("analysis.agentReloadMs"), f.bool("analysis.seedAgents"),
        new MariposaConfig.RemoteModels(f.millis("analysis.remote.timeoutMs"),
            f.integer("analysis.remote.breakerFailures", 1, 1_000), f.millis("analysis.remote.breakerResetMs")),
        new MariposaConfig.OrderFlow(f.integer("analysis.orderFlow.depth", 1, 100), f.millis("analysis.orderFlow.tradeWindowMs"),
            f.millis("analysis.orderFlow.volatilityWindowMs"), f.millis("analysis.orderFlow.decisionIntervalMs"),
            f.decimal("analysis.orderFlow.threshold", 0.01, 1), f.decimal("analysis.orderFlow.maxSpreadBps", 0.01, 10_000),
            f.decimal("analysis.orderFlow.maxVolatilityBps", 0.01, 10_000), f.integer("analysis.orderFlow.minTrades", 0, 100_000)));
  }

  private static MariposaConfig.TcpBridge tcpBridge(Fields f) {
    Optional<Integer> port = f.has("tcpBridge.port") ? Optional.of(f.integer("tcpBridge.port", 0, 65535)) : Optional.empty();
    return new MariposaConfig.TcpBridge(port, f.host("tcpBridge.host"), f.millis("tcpBridge.idleTimeoutMs"),
        f.integer("tcpBridge.maxRegistrationsPerSocket", 1, 100_000), f.integer("tcpBridge.maxAddressLength", 16, 4096),
        f.integer("tcpBridge.inboundPerSecond", 1, 100_000));
  }

  /**
   * {@code <token>} may do everything; {@code <token>@<scope>+<scope>} only what its scopes allow
   * (the last '@' starts them: a token may hold '@' itself when it ends with its scopes).
   */
  private static Api api(Fields f) {
    List<ApiToken> tokens = new ArrayList<>();
    for (String entry : f.list("api.tokens")) {
      int at = entry.lastIndexOf('@');
      String token = at < 0 ? entry : entry.substring(0, at);
      Set<ApiScope> scopes = at < 0 ? ApiScope.all() : scopes(f, entry.substring(at + 1));
      if (token.length() < 16 || !token.matches("[\\x21-\\x7e]+")) {
        f.invalid("api.tokens", null, "tokens of at least 16 printable characters without spaces");
      }
      tokens.add(new ApiToken(Secret.of(token), scopes));
    }
    return new Api(tokens);
  }

  /** The scopes after a token's '@': names of {@link ApiScope} joined by '+' (never echoing the token). */
  private static Set<ApiScope> scopes(Fields f, String written) {
    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    for (String name : written.split("\\+", -1)) {
      ApiScope.of(name).ifPresentOrElse(scopes::add, () -> f.invalid("api.tokens", null,
          "scopes after a token's '@' joined by '+', each one of " + java.util.Arrays.stream(ApiScope.values())
              .map(ApiScope::id).toList()));
    }
    return scopes;
  }

  private static List<String> origins(Fields f) {
    List<String> origins = f.list("http.allowedOrigins");
    for (String origin : origins) {
      if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        f.invalid("http.allowedOrigins", origin, "a comma list of origins such as https://desk.example.com:8443, or *");
      }
    }
    return List.copyOf(origins);
  }

  private static MariposaConfig.RateLimit rateLimit(Fields f) {
    Map<String, MariposaConfig.RateLimit.Policy> policies = new LinkedHashMap<>();
    JsonObject table = f.object("rateLimit.policies");
    for (String group : List.of("market", "read", "write", "admin")) {
      if (!table.containsKey(group)) {
        f.invalid("rateLimit.policies." + group, null, "a policy {requests, periodSeconds, burst} for each of market, read, write, admin");
        continue;
      }
      String at = "rateLimit.policies." + group;
      policies.put(group, new MariposaConfig.RateLimit.Policy(f.integer(at + ".requests", 1, 10_000_000),
          Duration.ofSeconds(f.integer(at + ".periodSeconds", 1, 86_400)), f.integer(at + ".burst", 1, 10_000_000)));
    }
    for (String group : table.fieldNames()) {
      if (!policies.containsKey(group)) {
        f.invalid("rateLimit.policies", group, "the groups market, read, write and admin");
      }
    }
    return new MariposaConfig.RateLimit(f.bool("rateLimit.enabled"), Map.copyOf(policies),
        withoutRedis(f, "rateLimit.withoutRedis.reads"), withoutRedis(f, "rateLimit.withoutRedis.writes"));
  }

  private static boolean withoutRedis(Fields f, String path) {
    String value = f.string(path);
    if (!value.equals("allow") && !value.equals("refuse")) {
      f.invalid(path, value, "allow or refuse");
    }
    return value.equals("allow");
  }

  private static Cache cache(Fields f) {
    Map<String, Duration> klineTtl = new LinkedHashMap<>();
    JsonObject klines = f.object("cache.klineTtlSeconds");
    for (String interval : klines.fieldNames()) {
      klineTtl.put(interval, Duration.ofSeconds(f.integer("cache.klineTtlSeconds." + interval, 1, 86_400)));
    }
    return new Cache(
        f.millis("cache.tickerTtlMs"),
        f.millis("cache.orderBookTtlMs"),
        f.millis("cache.swapTtlMs"),
        Map.copyOf(klineTtl),
        Duration.ofSeconds(f.integer("cache.analysisTtlSeconds", 1, 86_400)),
        Duration.ofSeconds(f.integer("cache.performanceTtlSeconds", 1, 86_400)),
        Duration.ofSeconds(f.integer("cache.sessionTtlSeconds", 1, 30 * 86_400)),
        f.integer("cache.compressAboveBytes", 0, 64 * 1024 * 1024),
        f.bool("cache.enabled"));
  }

  private static MariposaConfig.Bridge bridge(Fields f) {
    return new MariposaConfig.Bridge(f.bool("bridge.coalesce"),
        f.integer("bridge.maxQueued", 1, 10_000_000), f.integer("bridge.maxBatch", 1, 100_000),
        f.millis("bridge.resumeGraceMs"));
  }

  static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    String id = host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid();
    return id.length() > 64 ? id.substring(id.length() - 64) : id;
  }
}
