package dev.mariposa.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Typed reads of a JSON config tree, remembering which values came from which environment
 * variable so that every error names what the user actually set. Errors are collected and thrown
 * together as one line.
 */
final class Fields {
  private static final List<String> SECRET_PATHS = List.of(
      "redis.url", "redis.password", "mongo.url", "exchange.okx.apiKey", "exchange.okx.apiSecret",
      "exchange.okx.passphrase", "ai.apiKey", "api.tokens",
      "notify.telegram.botToken", "notify.webhookUrls");

  private final JsonObject root;
  private final Map<String, String> origins = new HashMap<>();
  private final List<String> errors = new ArrayList<>();

  Fields(JsonObject root) {
    this.root = root;
  }

  void override(String path, String envVar, String value) {
    origins.put(path, envVar);
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }

  boolean has(String path) {
    return raw(path) != null;
  }

  String string(String path) {
    Object value = raw(path);
    if (value == null || value.toString().isBlank()) {
      invalid(path, "", "a value");
      return "";
    }
    return value.toString().trim();
  }

  Optional<String> optionalString(String path) {
    Object value = raw(path);
    return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().trim());
  }

  Optional<Secret> optionalSecret(String path) {
    return optionalString(path).map(Secret::of);
  }

  JsonObject object(String path) {
    Object value = raw(path);
    if (value instanceof JsonObject object) {
      return object;
    }
    invalid(path, String.valueOf(value), "a JSON object");
    return new JsonObject();
  }

  /** A JSON array or a comma-separated string. */
  List<String> list(String path) {
    Object value = raw(path);
    if (value == null) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> items.add(String.valueOf(item)));
    } else {
      items.addAll(Arrays.asList(value.toString().split(",")));
    }
    return items.stream().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }

  int integer(String path, int min, int max) {
    Object value = raw(path);
    try {
      long parsed = value instanceof Number n && !(value instanceof Double) ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
      if (parsed >= min && parsed <= max) {
        return (int) parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    invalid(path, String.valueOf(value), "a whole number from " + min + " to " + max);
    return min;
  }

  double decimal(String path, double min, double max) {
    Object value = raw(path);
    try {
      double parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value).trim());
      if (parsed >= min && parsed <= max && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    invalid(path, String.valueOf(value), "a number from " + min + " to " + max);
    return min;
  }

  /** {@code value} (an item of the setting at {@code path}) as a file path; empty, and an error, when it is none. */
  Optional<Path> path(String path, String value) {
    try {
      return Optional.of(Path.of(value));
    } catch (InvalidPathException e) {
      invalid(path, value, "a file path");
      return Optional.empty();
    }
  }

  Duration millis(String path) {
    return Duration.ofMillis(integer(path, 1, 86_400_000));
  }

  boolean bool(String path) {
    Object value = raw(path);
    if (value instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "true", "1", "yes", "on": return true;
      case "false", "0", "no", "off": return false;
      default:
        invalid(path, s, "true or false");
        return false;
    }
  }

  <E extends Enum<E>> E enumValue(String path, Class<E> type) {
    String value = string(path);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    invalid(path, value, "one of " + allowed);
    return type.getEnumConstants()[0];
  }

  String host(String path) {
    return matches(path, string(path), "[A-Za-z0-9.:-]{1,253}", "a host name or IP address");
  }

  String matches(String path, String value, String regex, String allowed) {
    if (!value.matches(regex)) {
      invalid(path, value, allowed);
    }
    return value;
  }

  Optional<URI> uri(String path, String value, List<String> schemes) {
    String allowed = "a URL starting with " + schemes.stream().map(s -> s + "://").collect(Collectors.joining(" or "));
    try {
      URI uri = new URI(value);
      if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getHost() != null && uri.getPort() <= 65535) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    invalid(path, value, allowed);
    return Optional.empty();
  }

  /**
   * Records an error; secrets are never echoed. The name is the environment variable when the
   * value came from one, else the config path together with the variable that can override it.
   */
  void invalid(String path, String value, String allowed) {
    errors.add(named(path, value) + " is invalid: expected " + allowed);
  }

  /** An error about a variable that no config key holds (it is read before the config file). */
  void invalidVariable(String variable, String value, String allowed) {
    errors.add(variable + "=" + (value.isEmpty() ? "\"\"" : printable(value)) + " is invalid: expected " + allowed);
  }

  /** An error that is about several settings together: {@code message} names them with {@link #named}. */
  void error(String message) {
    errors.add(message);
  }

  /**
   * How errors show a setting: its variable when the value came from one, else its config path with
   * the variable that can override it; then {@code =value} (secrets hidden), or nothing for null.
   */
  String named(String path, String value) {
    String name = origins.get(path);
    if (name == null) {
      String variable = variableOf(path);
      name = variable == null ? "config " + path : variable + " (config " + path + ")";
    }
    boolean secret = SECRET_PATHS.stream().anyMatch(path::startsWith);
    String shown = value == null ? "" : secret ? "=<hidden>" : "=" + (value.isEmpty() ? "\"\"" : printable(value));
    return name + shown;
  }

  /** The value at {@code path} as given (trimmed), for messages. */
  String given(String path) {
    return String.valueOf(raw(path)).trim();
  }

  private static String variableOf(String path) {
    return ConfigLoader.ENV.entrySet().stream()
        .filter(e -> e.getValue().equals(path)).map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /** Control characters and line separators escaped, so that the error stays on one line. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value.codePoints().forEach(c -> {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new ConfigException("Invalid configuration: " + String.join("; ", errors));
    }
  }

  private Object raw(String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject object)) {
        return null;
      }
      node = object.getValue(part);
    }
    return node;
  }
}
