package dev.mariposa.config;

import dev.mariposa.agent.AgentFields;
import dev.mariposa.agent.AgentJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders docs/CONFIGURATION.md from the code's own tables: {@link Variables}, {@link Settings},
 * the defaults in conf/config.json, and the agent defaults as {@link AgentJson} applies them with
 * {@link AgentFields} saying what each means. ConfigurationDocTest compares it with the committed
 * file and writes it when asked to.
 */
final class ConfigurationDoc {
  static final String FILE = "docs/CONFIGURATION.md";
  static final String REGENERATE = "mvn -B -q test -Dtest=ConfigurationDocTest -Dmariposa.docs.write=true";
  /** Agent fields the server keeps (a body's values are overwritten). */
  static final Set<String> SERVER_KEPT = Set.of("createdAt", "updatedAt", "version");

  private ConfigurationDoc() {}

  static String markdown() {
    JsonObject defaults = ConfigLoader.defaults();
    StringBuilder md = new StringBuilder();
    md.append("""
        # Configuration reference

        <!-- Generated from the code (config/Variables.java, config/Settings.java, conf/config.json,
             agent/AgentFields.java): do not edit. Regenerate with
             %s -->

        Configuration is read in three layers, each overriding the one before:

        1. the defaults in `conf/config.json`, which is built into the jar;
        2. the file at `VERTX_CONFIG_PATH`, or `./conf/config.json` relative to the working directory.
           This file is merged key by key, so it only needs the keys it changes. If `./conf/config.json`
           does not exist, this layer is skipped. If `VERTX_CONFIG_PATH` names a file that does not
           exist or does not hold a JSON object, startup stops;
        3. the environment variables below.

        A blank environment variable counts as unset. Lists are comma-separated (JSON arrays in the
        file). Names such as `binance` or `okx` are case-insensitive. All `*Ms` values are whole
        milliseconds from 1 to 86400000.

        Every value is validated before anything starts. A bad value stops startup with exit code 2 and
        one line that names the variable (or the config key, with the variable that overrides it) and
        what it allows, for example:

        ```
        Invalid configuration: HTTP_PORT=abc is invalid: expected a whole number from 0 to 65535
        ```

        Secrets (`REDIS_URL`, `REDIS_PASSWORD`, `MONGO_URL`, `OKX_*` keys, `AI_API_KEY`, `API_TOKENS`)
        show as `<hidden>` in such messages. The banner, Mariposa's logs and `/health` show Redis and
        MongoDB addresses without credentials.

        Real money is traded only on live venue prices: `EXCHANGE=okx` with `OKX_SIMULATED=false`
        together with `MARKET_SOURCE` `synthetic` or `replay` stops startup with exit code 2:

        ```
        Invalid configuration: EXCHANGE=okx with OKX_SIMULATED=false trades real money, and MARKET_SOURCE=synthetic is not live venue prices: use MARKET_SOURCE=binance, or OKX_SIMULATED=true for demo trading
        ```

        ## Environment variables

        | variable | config key | default | meaning and allowed values |
        |---|---|---|---|
        """.formatted(REGENERATE));
    for (Variables.Variable v : Variables.ALL) {
      String key = v.configPath().map(p -> "`" + p + "`").orElse("none");
      Object value = v.configPath().map(p -> value(defaults, p)).orElse(null);
      String shown = isUnset(value) ? (v.unset() != null ? code(v.unset()) : "unset") : shown(value);
      md.append("| `").append(v.name()).append("` | ").append(key).append(" | ").append(shown).append(" | ")
          .append(v.description()).append(" |\n");
    }
    md.append("""

        ## Settings of the config file

        These keys have no environment variable.

        | key | default | meaning |
        |---|---|---|
        """);
    for (Settings.Setting s : Settings.ALL) {
      md.append("| ").append(s.keys().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", ")))
          .append(" | ").append(s.keys().stream().map(k -> shown(value(defaults, k))).collect(Collectors.joining(", ")))
          .append(" | ").append(s.description()).append(" |\n");
    }
    JsonObject agent = defaultAgent();
    md.append("""

        ## Agents

        An agent is created with `POST /api/agents` and replaced with `PUT /api/agents/{id}` (see the
        OpenAPI document, served at `/openapi.yaml`). Only `symbols` is required; every other field has
        the default below, which is what the code applies. A bad definition is refused with 400 `invalid_agent` and
        every problem listed in `error.problems`; an unknown field is a problem too.

        | field | default | meaning |
        |---|---|---|
        """);
    JsonObject swapAgent = defaultSwapAgent();
    for (var entry : AgentFields.DESCRIPTIONS.entrySet()) {
      // A swap account's fields have the defaults of a swap account.
      Object value = value(agent, entry.getKey()) != null ? value(agent, entry.getKey()) : value(swapAgent, entry.getKey());
      String shown = switch (entry.getKey()) {
        case "id" -> "required on POST";
        case "symbols" -> "required";
        case "name" -> "the id";
        default -> shown(value);
      };
      md.append("| `").append(entry.getKey()).append("` | ").append(shown).append(" | ").append(entry.getValue())
          .append(" |\n");
    }
    JsonObject example = agent.copy();
    SERVER_KEPT.forEach(example::remove);
    md.append("""

        An agent that gives only `{"id": "example", "symbols": ["BTCUSDT"]}` is stored as:

        ```json
        %s
        ```
        """.formatted(example.encodePrettily()));
    return md.toString();
  }

  /** The agent the code makes of a definition that gives only its id and symbols. */
  static JsonObject defaultAgent() {
    JsonObject given = new JsonObject().put("symbols", new JsonArray().add("BTCUSDT"));
    return AgentJson.toJson(AgentJson.parse(given, "example", Set.of()));
  }

  /** The agent the code makes of a definition that gives only its id, symbols and {@code "market": "swap"}. */
  static JsonObject defaultSwapAgent() {
    JsonObject given = new JsonObject().put("symbols", new JsonArray().add("BTCUSDT"))
        .put("account", new JsonObject().put("market", "swap"));
    return AgentJson.toJson(AgentJson.parse(given, "example", Set.of()));
  }

  /** Every leaf path of {@code json} (an empty object or an array is a leaf). */
  static List<String> leaves(JsonObject json, String prefix) {
    List<String> paths = new ArrayList<>();
    for (String key : json.fieldNames()) {
      Object value = json.getValue(key);
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      if (value instanceof JsonObject object && !object.isEmpty()) {
        paths.addAll(leaves(object, path));
      } else {
        paths.add(path);
      }
    }
    return paths;
  }

  static Object value(JsonObject json, String path) {
    Object node = json;
    for (String part : path.split("\\.")) {
      node = node instanceof JsonObject object ? object.getValue(part) : null;
    }
    return node;
  }

  private static boolean isUnset(Object value) {
    return value == null || value instanceof JsonArray array && array.isEmpty();
  }

  private static String shown(Object value) {
    if (value instanceof JsonArray array) {
      return array.isEmpty() ? "`[]`" : code(array.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    if (value instanceof JsonObject object) {
      return code(object.encode());
    }
    return value == null ? "unset" : code(String.valueOf(value));
  }

  /** In backticks, unless it is already or is prose such as "unset: embedded". */
  private static String code(String text) {
    return text.startsWith("`") || text.startsWith("unset") ? text : "`" + text + "`";
  }
}
