package dev.mariposa.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks decimals as a client reads them, from the JSON text: {@link #parse} keeps every number
 * exactly as printed (a BigDecimal of its text, scale included); {@link #typeProblems} walks a
 * body beside the JSON Schema that documents it (an event schema, or an OpenAPI response) and
 * reports each decimal of the wrong JSON type; {@link #noisy} recognizes binary floating-point
 * noise (52272.200000000004, 0.30000000000000004, 67392.28999999999).
 */
public final class DecimalAudit {
  private static final JsonFactory JSON = new JsonFactory();
  /** A decimal written as a string: what no body may contain (ids and versions do not look like this). */
  private static final Pattern DECIMAL_STRING = Pattern.compile("-?[0-9]+\\.[0-9]+");
  /** A run of six zeros before a last digit, or of six nines: the tail a double's neighbour leaves. */
  private static final Pattern NOISE = Pattern.compile("\\.[0-9]*(0{6,}[1-9]|9{6,}[0-9]*)$");

  private DecimalAudit() {}

  /** The JSON {@code text} as JsonObject / JsonArray / String / Boolean / null, every number a BigDecimal of its text. */
  public static Object parse(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      parser.nextToken();
      return value(parser);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        JsonObject object = new JsonObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, value(parser));
        }
        return object;
      }
      case START_ARRAY -> {
        JsonArray array = new JsonArray();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new BigDecimal(parser.getText());
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return parser.getBooleanValue();
      }
      default -> {
        return null;
      }
    }
  }

  /** Calls {@code visit} with the path and value of every leaf of {@code value} (paths like {@code /bids/0/1}). */
  public static void leaves(Object value, BiConsumer<String, Object> visit) {
    leaves("", value, visit);
  }

  private static void leaves(String path, Object value, BiConsumer<String, Object> visit) {
    if (value instanceof JsonObject object) {
      object.forEach(e -> leaves(path + "/" + e.getKey(), e.getValue(), visit));
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        leaves(path + "/" + i, array.getValue(i), visit);
      }
    } else {
      visit.accept(path, value);
    }
  }

  /** Whether {@code value}, as printed, carries binary floating-point noise. */
  public static boolean noisy(BigDecimal value) {
    return value.precision() > 15 || NOISE.matcher(value.toPlainString()).find();
  }

  /** Decimals places of {@code value} as printed, trailing zeros aside. */
  public static int decimals(BigDecimal value) {
    return Math.max(0, value.stripTrailingZeros().scale());
  }

  /**
   * The decimals of {@code value} (parsed with {@link #parse}) that are not of the type its
   * document declares: a decimal written as a string anywhere, a number where the schema says
   * string, a string where it says number, or a field named as a decimal ({@code decimalField})
   * holding a decimal the document does not describe. {@code schema} documents the body;
   * {@code root} is the document its {@code $ref}s point into ({@code #/components/...},
   * {@code #/$defs/...}).
   */
  public static List<String> typeProblems(Object value, JsonObject schema, JsonObject root,
                                          Predicate<String> decimalField) {
    List<String> problems = new ArrayList<>();
    new Walk(root, decimalField, problems).walk("", "", value, schema == null ? List.of() : List.of(schema));
    return problems;
  }

  private record Walk(JsonObject root, Predicate<String> decimalField, List<String> problems) {
    void walk(String path, String field, Object value, List<JsonObject> schemas) {
      List<JsonObject> applicable = applicable(schemas, value, root);
      Set<String> types = declaredTypes(applicable);
      if (value instanceof JsonObject object) {
        object.forEach(e -> walk(path + "/" + e.getKey(), e.getKey(), e.getValue(), children(applicable, e.getKey())));
      } else if (value instanceof JsonArray array) {
        for (int i = 0; i < array.size(); i++) {
          walk(path + "/" + i, field, array.getValue(i), items(applicable, i));
        }
      } else if (value instanceof BigDecimal) {
        if (!types.isEmpty() && !types.contains("number") && !types.contains("integer")) {
          problems.add(path + ": the number " + value + " where the document says " + types);
        } else if (types.isEmpty() && decimalField.test(field)) {
          problems.add(path + ": the decimal " + value + " is not documented");
        }
      } else if (value instanceof String text) {
        if (DECIMAL_STRING.matcher(text).matches()) {
          problems.add(path + ": the decimal \"" + text + "\" written as a string"
              + (types.isEmpty() ? "" : "; the document says " + types));
        } else if (!types.isEmpty() && !types.contains("string") && (types.contains("number") || types.contains("integer"))) {
          problems.add(path + ": the string \"" + text + "\" where the document says " + types);
        }
      }
    }
  }

  /** The schemas that describe {@code value}: $refs followed, allOf merged, the oneOf/anyOf branches of its type. */
  private static List<JsonObject> applicable(List<JsonObject> schemas, Object value, JsonObject root) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject schema : schemas) {
      expand(schema, value, root, out, 0);
    }
    return out;
  }

  private static void expand(JsonObject schema, Object value, JsonObject root, List<JsonObject> out, int depth) {
    if (schema == null || depth > 32) {
      return;
    }
    if (schema.getValue("$ref") instanceof String ref) {
      expand(resolve(ref, root), value, root, out, depth + 1);
    }
    out.add(schema);
    if (schema.getValue("allOf") instanceof JsonArray all) {
      all.forEach(s -> expand((JsonObject) s, value, root, out, depth + 1));
    }
    for (String choice : List.of("oneOf", "anyOf")) {
      if (schema.getValue(choice) instanceof JsonArray branches) {
        List<JsonObject> matching = new ArrayList<>();
        for (Object branch : branches) {
          List<JsonObject> expanded = new ArrayList<>();
          expand((JsonObject) branch, value, root, expanded, depth + 1);
          Set<String> types = declaredTypes(expanded);
          if (types.isEmpty() || accepts(types, value)) {
            matching.addAll(expanded);
          }
        }
        out.addAll(matching);
      }
    }
  }

  private static boolean accepts(Set<String> types, Object value) {
    return value == null ? types.contains("null")
        : value instanceof BigDecimal ? types.contains("number") || types.contains("integer")
        : value instanceof String ? types.contains("string")
        : value instanceof Boolean ? types.contains("boolean")
        : value instanceof JsonObject ? types.contains("object")
        : types.contains("array");
  }

  private static JsonObject resolve(String ref, JsonObject root) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object at = root;
    for (String part : ref.substring(2).split("/")) {
      at = at instanceof JsonObject o ? o.getValue(part.replace("~1", "/").replace("~0", "~")) : null;
    }
    return at instanceof JsonObject o ? o : null;
  }

  private static Set<String> declaredTypes(List<JsonObject> schemas) {
    Set<String> types = new LinkedHashSet<>();
    for (JsonObject schema : schemas) {
      Object type = schema.getValue("type");
      if (type instanceof String t) {
        types.add(t);
      } else if (type instanceof JsonArray list) {
        list.forEach(t -> types.add(String.valueOf(t)));
      }
    }
    return types;
  }

  private static List<JsonObject> children(List<JsonObject> schemas, String field) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject schema : schemas) {
      JsonObject properties = schema.getJsonObject("properties");
      if (properties != null && properties.getValue(field) instanceof JsonObject property) {
        out.add(property);
      } else if (schema.getValue("additionalProperties") instanceof JsonObject additional) {
        out.add(additional);
      }
    }
    return out;
  }

  private static List<JsonObject> items(List<JsonObject> schemas, int index) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject schema : schemas) {
      JsonArray prefix = schema.getJsonArray("prefixItems");
      if (prefix != null && index < prefix.size()) {
        out.add(prefix.getJsonObject(index));
      } else if (schema.getValue("items") instanceof JsonObject items) {
        out.add(items);
      }
    }
    return out;
  }
}
