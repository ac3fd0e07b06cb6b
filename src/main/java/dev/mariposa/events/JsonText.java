package dev.mariposa.events;

import io.vertx.core.json.Json;
import java.math.BigDecimal;

/** Writes one JSON object field by field, as Vert.x would encode the same values, in order. */
final class JsonText {
  private final StringBuilder out = new StringBuilder(256).append('{');

  JsonText field(String name, String value) {
    name(name);
    if (isPlain(value)) {
      out.append('"').append(value).append('"');
    } else {
      out.append(Json.encode(value));
    }
    return this;
  }

  JsonText field(String name, long value) {
    name(name).append(value);
    return this;
  }

  JsonText field(String name, boolean value) {
    name(name).append(value);
    return this;
  }

  /** A double as Vert.x (Jackson) writes one: its Double.toString. */
  JsonText field(String name, double value) {
    name(name).append(value);
    return this;
  }

  /** A decimal as Vert.x writes a BigDecimal: its toString. */
  JsonText field(String name, BigDecimal value) {
    name(name).append(value);
    return this;
  }

  JsonText optional(String name, Object value) {
    if (value != null) {
      name(name).append(value);
    }
    return this;
  }

  /** A value already written as JSON text. */
  JsonText raw(String name, String json) {
    name(name).append(json);
    return this;
  }

  String end() {
    return out.append('}').toString();
  }

  private StringBuilder name(String name) {
    if (out.length() > 1) {
      out.append(',');
    }
    return out.append('"').append(name).append("\":");
  }

  /** Symbols and sources are plain ASCII: no escaping needed (anything else goes through Vert.x). */
  private static boolean isPlain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
        return false;
      }
    }
    return true;
  }
}
