package dev.mariposa.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every environment variable Mariposa reads: the config key it overrides (none for the two read
 * before the config file is), whether any value is valid, and what it means. ConfigLoader applies
 * them, error messages name them, and docs/CONFIGURATION.md is generated from this table (defaults
 * from conf/config.json): adding a variable here documents it.
 */
public final class Variables {

  /**
   * One variable. {@code path} is the config key it overrides, or null; {@code unset} says what
   * applies when neither it nor its key is set, where the shipped default is null; {@code anyValue}
   * marks a variable that no value makes invalid (free text, secrets).
   */
  public record Variable(String name, String path, String unset, boolean anyValue, String description) {
    Variable acceptingAnyValue() {
      return new Variable(name, path, unset, true, description);
    }

    Variable whenUnset(String text) {
      return new Variable(name, path, text, anyValue, description);
    }

    public Optional<String> configPath() {
      return Optional.ofNullable(path);
    }
  }

  public static final String VERTX_CONFIG_PATH = "VERTX_CONFIG_PATH";
  public static final String MARIPOSA_LOG_LEVEL = "MARIPOSA_LOG_LEVEL";

  public static final List<Variable> ALL = List.of(
      v("HTTP_PORT", "http.port", "Port for `/health`, `/metrics` and, with role `http`, the API and dashboard. 0–65535; "
          + "`0` picks a free port and prints it in the banner."),
      v("HTTP_HOST", "http.host", "Address to bind: a host name or IP (letters, digits, `.`, `:`, `-`)."),
      v("INSTANCE_ID", "instanceId", "This instance's name in the cluster, in its metrics and in its start/stop records. "
          + "1–64 letters, digits, `.`, `_` or `-`.").whenUnset("`<hostname>-<pid>`"),
      v("ROLES", "roles", "Comma list of `all` or roles: " + codes(Arrays.stream(Role.values()).map(Role::key).toList())
          + ". Needs at least one."),
      v("REDIS_URL", "redis.url", "`redis://[user:pass@]host:port[/db]` (or `rediss://` for TLS). In cluster or sentinel "
          + "mode, a comma list of node URLs.").whenUnset("unset: embedded"),
      v("REDIS_PASSWORD", "redis.password", "Password for Redis AUTH.").acceptingAnyValue(),
      v("REDIS_DB", "redis.db", "Database number, 0–1023. Used when the URL names no database. Ignored in cluster mode."),
      v("REDIS_TIMEOUT", "redis.timeoutMs", "Milliseconds, 1–86400000. Applies to connecting, to each command (retries "
          + "included), and to how long startup waits for Redis."),
      v("REDIS_RETRY_ATTEMPTS", "redis.retryAttempts", "0–100. Retries only for a command whose connection could not be "
          + "opened, which is always safe because the command was never sent."),
      v("REDIS_MODE", "redis.mode", "`standalone`, `cluster` or `sentinel`. `cluster` and `sentinel` need `REDIS_URL`. "
          + "Cluster mode needs Redis 7 (sharded pub/sub)."),
      v("REDIS_KEY_PREFIX", "redis.keyPrefix", "Namespace before every key and channel. Up to 64 letters, digits or "
          + "`: . _ -` (no glob characters, and no braces: a `{…}` in the prefix would become the Redis Cluster hash tag "
          + "of every key)."),
      v("MONGO_URL", "mongo.url", "A `mongodb://` or `mongodb+srv://` connection string.").whenUnset("unset: embedded"),
      v("MONGO_DB", "mongo.db", "Database name: 1–63 letters, digits, `_` or `-`."),
      v("DATA_DIR", "dataDir", "Where the embedded stores keep their files (`redis/`, `mongo/mongo.mv`); created when "
          + "missing. An existing file that is not a directory is refused."),
      v("SYMBOLS", "market.symbols", "Symbols to feed: 2–20 letters or digits each. They are upper-cased and duplicates "
          + "are dropped. Needs at least one."),
      v("MARKET_SOURCE", "market.source", "`binance`, `replay` or `synthetic`. `replay` and `synthetic` are not live venue "
          + "prices: startup refuses them with real money (`EXCHANGE=okx` and `OKX_SIMULATED=false`)."),
      v("REPLAY_FILES", "market.replayFiles", "Comma list of readable files, required when `MARKET_SOURCE=replay`: "
          + "data.binance.vision kline CSVs named `SYMBOL-INTERVAL-DATE.csv` (ms or µs timestamps; larger intervals are "
          + "aggregated from them), recorded combined-stream files (one `{\"stream\",\"data\"}` message per line), and REST "
          + "depth snapshots named `..._SYMBOL.json` for their order books. Each file is recognised at startup from its "
          + "name and first lines: a file of none of these kinds (a `.zip` not unpacked, a raw stream without the "
          + "combined-stream wrapper), or a replay of depth snapshots alone, stops startup. `market.replayLoop` starts "
          + "over at the end. A symbol replayed from klines alone gets a ticker and a one-level book derived from each "
          + "bar: around the close, `market.replayBarSpreadBps` apart, as large as the bar's volume."),
      v("REPLAY_SPEED", "market.replaySpeed", "Replay speed factor, 0–1000000: `1` keeps the recorded pace, `60` plays a "
          + "minute per second, `0` as fast as possible. Decisions run on the replayed time at any speed: a 60 s cooldown "
          + "lasts a replayed minute."),
      v("BINANCE_WS_URL", "market.binanceWsUrl", "A `ws://` or `wss://` URL. Can be overridden for tests."),
      v("BINANCE_REST_URL", "market.binanceRestUrl", "An `http://` or `https://` URL."),
      v("SWAP_SYMBOLS", "market.swaps.symbols", "Perpetual swaps whose mark price, index price and funding the feed "
          + "follows from OKX, as symbols (`BTCUSDT` follows `BTC-USDT-SWAP`): 2–20 letters or digits ending in a quote "
          + "asset OKX lists. Upper-cased, duplicates dropped. Whatever `MARKET_SOURCE` says. Empty: none."),
      v("OKX_WS_URL", "market.swaps.okxWsUrl", "OKX's public WebSocket, a `ws://` or `wss://` URL. Can be overridden for "
          + "tests."),
      v("EXCHANGE", "exchange.name", "`paper` or `okx`. `okx` requires `OKX_API_KEY`, `OKX_API_SECRET` and "
          + "`OKX_PASSPHRASE`; agents whose account says `\"exchange\":\"okx\"` then trade on OKX, the others on paper."),
      v("OKX_REST_URL", "exchange.okx.restUrl", "An `http://` or `https://` URL."),
      v("OKX_API_KEY", "exchange.okx.apiKey", "OKX v5 API key.").acceptingAnyValue(),
      v("OKX_API_SECRET", "exchange.okx.apiSecret", "OKX v5 API secret.").acceptingAnyValue(),
      v("OKX_PASSPHRASE", "exchange.okx.passphrase", "OKX v5 API passphrase.").acceptingAnyValue(),
      v("OKX_SIMULATED", "exchange.okx.simulated", "`true` sends OKX's demo-trading header (use demo keys). `false` "
          + "trades real money, and only on live prices: with `MARKET_SOURCE` `synthetic` or `replay` startup stops. "
          + "`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`."),
      v("AI_BASE_URL", "ai.baseUrl", "An `http(s)://` OpenAI-compatible API base, such as `https://api.openai.com/v1` or "
          + "`http://localhost:11434/v1` (Ollama): Mariposa POSTs to `<base>/chat/completions`. Unset: agents use the "
          + "technical model and their results say so."),
      v("AI_API_KEY", "ai.apiKey", "Its API key, sent only as `Authorization: Bearer`. Never logged; its rate limit is "
          + "named by a hash.").acceptingAnyValue(),
      v("AI_MODELS", "ai.models", "Comma list of model names (letters, digits, `. _ : / @ -`, up to 128 characters) that "
          + "agents may use as `llm:<name>`. Required when `AI_BASE_URL` is set."),
      v("API_TOKENS", "api.tokens", "Comma list of bearer tokens for mutating endpoints and for the bridge's command "
          + "addresses. Each token is at least 16 printable characters with no spaces. Unset turns those endpoints off. A token "
          + "alone may do everything; `<token>@trade+agents` only what its scopes allow: `trade` (signals, closing "
          + "positions, cancelling resting orders), `agents` (create, edit, pause, resume, delete), `admin` (halt and "
          + "resume, run jobs, list sessions), `backtests` (start and cancel runs). `GET /api/auth` says what a token may do."),
      v("CORS_ORIGINS", "http.allowedOrigins", "Comma list of other web origins (`https://desk.example.com:8443`, or "
          + "`*`) that may call the API from a browser (CORS) and open the SockJS bridge. Compared as browsers send them "
          + "(case and the default port aside). The dashboard's own origin always may; set, the API refuses requests "
          + "from any other origin with 403 `origin_not_allowed`."),
      v("TCP_BRIDGE_PORT", "tcpBridge.port", "Turns on the TCP event-bus bridge on this port (0: a free one, printed in "
          + "the banner): the event bus for processes in any language, and remote models. Unset: off."),
      v("TCP_BRIDGE_HOST", "tcpBridge.host", "Interface the TCP bridge listens on. Loopback by default: expose it only "
          + "to a network you trust."),
      v("BACKTEST_DATA_DIR", "backtests.dataDir", "The recorded market data that backtests asked for over the API may "
          + "read (kline CSVs, recorded streams, depth snapshots, in sub-directories too); a request names files "
          + "relative to it and can reach nothing outside it."),
      v("TELEGRAM_BOT_TOKEN", "notify.telegram.botToken", "Turns on the Telegram bot (with `TELEGRAM_CHAT_IDS`): "
          + "the token @BotFather gave (`<digits>:<letters>`). It sends fills, exits, halts, reconciliation alerts and the "
          + "daily summary, and answers `/status`, `/positions`, `/profit`, `/halt <reason>`, `/resume`, "
          + "`/close <agent> <symbol>`. Run by one instance with the `jobs` role."),
      v("TELEGRAM_CHAT_IDS", "notify.telegram.chatIds", "Comma list of the Telegram chat ids the bot writes to and "
          + "takes commands from (groups are negative); commands from any other chat are ignored. Required with "
          + "`TELEGRAM_BOT_TOKEN`."),
      v("TELEGRAM_API_URL", "notify.telegram.apiUrl", "The Bot API's base URL, `http://` or `https://` (a local "
          + "Bot API server, or a fake in tests)."),
      v("WEBHOOK_URLS", "notify.webhookUrls", "Comma list of webhook URLs that get the same notifications as the "
          + "bot: Discord's (`discord.com`, `discordapp.com`) as `{\"content\": …}`, any other (Slack's) as "
          + "`{\"text\": …}`. Kept secret (a Slack webhook URL is its own credential). Run by one `jobs` instance."),
      v("NOTIFY_DAILY_SUMMARY_UTC", "notify.dailySummaryUtc", "`HH:MM`, UTC: when the daily summary (each agent's "
          + "P/L and equity) goes to the bot and the webhooks, once per UTC day for the cluster; if the cluster was "
          + "down then, when it starts later that day.").whenUnset("unset: no summary"),
      v(VERTX_CONFIG_PATH, null, "The config file to merge over the built-in defaults. It must exist and hold a JSON "
          + "object when set.").whenUnset("`conf/config.json` (skipped when absent)"),
      v(MARIPOSA_LOG_LEVEL, null, "Root log level: " + codes(LogLevel.LEVELS) + ", in any case. Read by "
          + "`logback.xml`; any other value stops startup.").whenUnset(LogLevel.DEFAULT));

  private Variables() {}

  private static Variable v(String name, String path, String description) {
    return new Variable(name, path, null, false, description);
  }

  private static String codes(List<String> values) {
    return values.stream().map(value -> "`" + value + "`").collect(Collectors.joining(", "));
  }

  /** Variable → the config key it overrides, for those that override one, in table order. */
  static Map<String, String> configPaths() {
    Map<String, String> paths = new LinkedHashMap<>();
    ALL.forEach(v -> v.configPath().ifPresent(path -> paths.put(v.name(), path)));
    return paths;
  }

  public static Optional<Variable> named(String name) {
    return ALL.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
