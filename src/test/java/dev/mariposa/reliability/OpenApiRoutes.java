package dev.mariposa.reliability;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The operations of the served OpenAPI document (openapi.yaml on the classpath), with their
 * parameters and body schemas, $refs resolved: what the hostile-input and security suites aim at,
 * so a route added to the document is attacked without anyone touching the suites.
 */
final class OpenApiRoutes {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "DELETE", "PATCH");

  /** A path or query parameter; {@code schema} with its $refs resolved. */
  record Param(String name, String in, boolean required, JsonObject schema) {
    boolean inPath() {
      return "path".equals(in);
    }

    boolean numeric() {
      return "integer".equals(schema.getValue("type")) || "number".equals(schema.getValue("type"));
    }
  }

  /** One method on one path template such as {@code /api/agents/{id}}. */
  record Operation(String method, String path, String operationId, List<Param> params, boolean secured,
                   JsonObject bodySchema) {
    boolean mutating() {
      return MUTATING.contains(method);
    }

    boolean hasBody() {
      return bodySchema != null;
    }

    /** The path with {@code values} (already encoded) in place of its parameters. */
    String path(Map<String, String> values) {
      String out = path;
      for (Map.Entry<String, String> value : values.entrySet()) {
        out = out.replace("{" + value.getKey() + "}", value.getValue());
      }
      return out;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private final JsonObject document;

  private OpenApiRoutes(JsonObject document) {
    this.document = document;
  }

  static List<Operation> load() {
    try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is not on the classpath");
      }
      Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return new OpenApiRoutes(new JsonObject(Json.encode(yaml))).operations();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        List<Param> params = new ArrayList<>();
        params(item.getJsonArray("parameters"), params);
        params(op.getJsonArray("parameters"), params);
        JsonObject body = op.getJsonObject("requestBody") == null ? null
            : resolve(op.getJsonObject("requestBody")).getJsonObject("content").getJsonObject("application/json")
                .getJsonObject("schema");
        operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, op.getString("operationId"), List.copyOf(params),
            op.getJsonArray("security") != null && !op.getJsonArray("security").isEmpty(),
            body == null ? null : deref(body)));
      }
    }
    return List.copyOf(operations);
  }

  private void params(JsonArray declared, List<Param> into) {
    if (declared == null) {
      return;
    }
    for (Object entry : declared) {
      JsonObject param = resolve((JsonObject) entry);
      into.add(new Param(param.getString("name"), param.getString("in"), param.getBoolean("required", false),
          deref(param.getJsonObject("schema", new JsonObject()))));
    }
  }

  /** The object a {@code $ref} points to (this document's own references only), or the object itself. */
  private JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    Object target = document;
    for (String segment : ref.substring(2).split("/")) {
      target = ((JsonObject) target).getValue(segment);
    }
    return resolve((JsonObject) target);
  }

  /** A copy of {@code schema} with every $ref inside it replaced by what it points to. */
  private JsonObject deref(JsonObject schema) {
    JsonObject out = new JsonObject();
    resolve(schema).forEach(e -> out.put(e.getKey(), derefValue(e.getValue())));
    return out;
  }

  private Object derefValue(Object value) {
    if (value instanceof JsonObject object) {
      return deref(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(derefValue(v)));
      return out;
    }
    return value;
  }
}
