package dev.mariposa.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A plausible JSON body for an operation, built from its schema (known field names get values the
 * service accepts), that can be sent whole, or with one field's value replaced by raw bytes: a
 * wrong type, a hostile number, odd text, invalid UTF-8.
 */
final class BodyTemplate {
  private static final String MARKER = "@@FZ@@";

  /** A field of the schema, {@code path} dotted ("risk.maxOpenPositions", "symbols.0"). */
  record Field(String path, String type) {}

  private final JsonObject sample;
  private final List<Field> fields;

  private BodyTemplate(JsonObject sample, List<Field> fields) {
    this.sample = sample;
    this.fields = fields;
  }

  /**
   * @param known values for field names the service checks (symbol, id, action …), by name; null
   *     when the name is not known, then a value of the schema's type
   */
  static BodyTemplate of(JsonObject schema, Random random, Function<String, Object> known) {
    JsonObject merged = merged(schema);
    JsonObject sample = new JsonObject();
    List<Field> fields = new ArrayList<>();
    JsonObject properties = merged.getJsonObject("properties", new JsonObject());
    JsonArray required = merged.getJsonArray("required", new JsonArray());
    for (String name : properties.fieldNames()) {
      JsonObject property = merged(properties.getJsonObject(name));
      String type = type(property);
      fields.add(new Field(name, type));
      if ("object".equals(type)) {
        property.getJsonObject("properties", new JsonObject()).forEach(p ->
            fields.add(new Field(name + "." + p.getKey(), type(merged((JsonObject) p.getValue())))));
      } else if ("array".equals(type)) {
        fields.add(new Field(name + ".0", "string"));
      }
      if (required.contains(name) || (!name.startsWith("_") && random.nextBoolean())) {
        Object value = known.apply(name);
        sample.put(name, value != null ? value : typed(type, property));
      }
    }
    return new BodyTemplate(sample, List.copyOf(fields));
  }

  List<Field> fields() {
    return fields;
  }

  byte[] bytes() {
    return sample.encode().getBytes(StandardCharsets.UTF_8);
  }

  /** The body with the value at {@code path} replaced by {@code token}, raw bytes of whatever kind. */
  byte[] with(String path, byte[] token) {
    JsonObject copy = sample.copy();
    String[] segments = path.split("\\.");
    Object parent = copy;
    for (int i = 0; i < segments.length - 1; i++) {
      Object next = child(parent, segments[i]);
      if (!(next instanceof JsonObject) && !(next instanceof JsonArray)) {
        next = segments[i + 1].chars().allMatch(Character::isDigit) ? new JsonArray() : new JsonObject();
        set(parent, segments[i], next);
      }
      parent = next;
    }
    set(parent, segments[segments.length - 1], MARKER);
    String[] around = copy.encode().split("\"" + MARKER + "\"", 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
    out.writeBytes(token);
    out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static Object child(Object parent, String segment) {
    if (parent instanceof JsonArray array) {
      int i = Integer.parseInt(segment);
      return i < array.size() ? array.getValue(i) : null;
    }
    return ((JsonObject) parent).getValue(segment);
  }

  private static void set(Object parent, String segment, Object value) {
    if (parent instanceof JsonArray array) {
      int i = Integer.parseInt(segment);
      if (i < array.size()) {
        array.set(i, value);
      } else {
        array.add(value);
      }
    } else {
      ((JsonObject) parent).put(segment, value);
    }
  }

  /** allOf flattened into one object schema (properties and required merged). */
  private static JsonObject merged(JsonObject schema) {
    JsonArray all = schema.getJsonArray("allOf");
    if (all == null) {
      return schema;
    }
    JsonObject out = schema.copy();
    out.remove("allOf");
    JsonObject properties = out.getJsonObject("properties", new JsonObject()).copy();
    JsonArray required = out.getJsonArray("required", new JsonArray()).copy();
    for (Object part : all) {
      JsonObject p = merged((JsonObject) part);
      p.getJsonObject("properties", new JsonObject()).forEach(e -> properties.put(e.getKey(), e.getValue()));
      p.getJsonArray("required", new JsonArray()).forEach(required::add);
      if (p.containsKey("type")) {
        out.put("type", p.getValue("type"));
      }
    }
    return out.put("properties", properties).put("required", required);
  }

  private static String type(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof JsonArray types) {
      return types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("string");
    }
    return type == null ? "string" : (String) type;
  }

  private static Object typed(String type, JsonObject schema) {
    Object fallback = schema.getValue("default");
    if (fallback != null) {
      return fallback;
    }
    return switch (type) {
      case "integer" -> schema.getValue("minimum") != null ? schema.getValue("minimum") : 1;
      case "number" -> 1.0;
      case "boolean" -> true;
      case "array" -> new JsonArray();
      case "object" -> new JsonObject();
      default -> "fz";
    };
  }
}
