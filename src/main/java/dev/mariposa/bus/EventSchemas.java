package dev.mariposa.bus;

import dev.mariposa.events.MarketEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The published JSON Schemas (draft 2020-12) of the event-bus bodies: {@code events/} on the
 * classpath (src/main/resources/events). {@code index.json} lists the address families that have
 * a schema, each with the pattern its addresses match, its direction and its schema files: the
 * published form of {@link AddressFamily}, which decides which family an address is. Read once per JVM; each
 * schema's validator is built once and shared (validators keep no state between calls), so
 * checking a body on an event loop costs the walk over the body only.
 */
public final class EventSchemas {
  /** Where the index and the schemas are on the classpath. */
  public static final String RESOURCE_DIR = "events/";
  private static final String INDEX = RESOURCE_DIR + "index.json";
  private static final String SUFFIX = ".schema.json";
  /** Only to resolve the schemas' internal $refs: nothing is fetched. */
  private static final String BASE_URI = "app://mariposa/events/";
  private static final int MAX_ERRORS = 20;
  private static final int MAX_CACHED_ADDRESSES = 4096;

  private static volatile EventSchemas shared;

  /** Who sends on a family's addresses. */
  public enum Direction {
    /** Public events: anyone may receive them. */
    OUT,
    /** Requests a bridge client may send with a bearer token. */
    IN,
    /** Requests answered by an external model process. */
    MODEL;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One address family. Schema names are the file names without {@code .schema.json}: an out
   * family has {@code schema}, a request family {@code request} and {@code reply}.
   */
  public record Family(String name, String address, Pattern pattern, Direction direction, String description,
                       Optional<String> schema, Optional<String> request, Optional<String> reply) {
    public List<String> schemaNames() {
      List<String> names = new ArrayList<>(2);
      schema.ifPresent(names::add);
      request.ifPresent(names::add);
      reply.ifPresent(names::add);
      return names;
    }
  }

  private final List<Family> families;
  private final Map<String, Family> byName;
  private final Map<String, JsonObject> schemas;
  private final Map<String, Validator> validators;
  /** Address to family (bounded): a matched address is not matched against every pattern again. */
  private final Map<String, Optional<Family>> byAddress = new ConcurrentHashMap<>();

  private EventSchemas(List<Family> families, Map<String, JsonObject> schemas) {
    this.families = List.copyOf(families);
    Map<String, Family> named = new LinkedHashMap<>();
    families.forEach(f -> named.put(f.name(), f));
    this.byName = Map.copyOf(named);
    this.schemas = Map.copyOf(schemas);
    Map<String, Validator> built = new LinkedHashMap<>();
    // A copy each: the library annotates the schema it is given, and the published text stays as written.
    schemas.forEach((name, schema) -> built.put(name, Validator.create(JsonSchema.of(schema.copy()),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE_URI + name + SUFFIX)
            .setOutputFormat(OutputFormat.Basic))));
    this.validators = Map.copyOf(built);
  }

  /** The schemas, read from the classpath on the first call (blocking: call it off the event loops). */
  public static EventSchemas get() {
    EventSchemas found = shared;
    if (found == null) {
      synchronized (EventSchemas.class) {
        if (shared == null) {
          shared = read();
        }
        found = shared;
      }
    }
    return found;
  }

  /** {@link #get()} on a worker thread the first time, then at once. */
  public static Future<EventSchemas> load(Vertx vertx) {
    EventSchemas found = shared;
    return found != null ? Future.succeededFuture(found) : vertx.executeBlocking(EventSchemas::get);
  }

  private static EventSchemas read() {
    JsonObject index = new JsonObject(resource(INDEX));
    List<Family> families = new ArrayList<>();
    Map<String, JsonObject> schemas = new LinkedHashMap<>();
    for (Object entry : index.getJsonArray("families", new JsonArray())) {
      JsonObject f = (JsonObject) entry;
      Family family = new Family(f.getString("name"), f.getString("address"), Pattern.compile(f.getString("pattern")),
          Direction.valueOf(f.getString("direction").toUpperCase(Locale.ROOT)), f.getString("description", ""),
          schemaName(f, "schema"), schemaName(f, "request"), schemaName(f, "reply"));
      boolean complete = family.direction() == Direction.OUT
          ? family.schema().isPresent()
          : family.request().isPresent() && family.reply().isPresent();
      if (!complete) {
        throw new IllegalStateException(INDEX + ": family " + family.name() + " lacks its schema files");
      }
      for (String name : family.schemaNames()) {
        schemas.computeIfAbsent(name, n -> new JsonObject(resource(RESOURCE_DIR + n + SUFFIX)));
      }
      families.add(family);
    }
    return new EventSchemas(families, schemas);
  }

  private static Optional<String> schemaName(JsonObject family, String field) {
    String file = family.getString(field);
    if (file == null) {
      return Optional.empty();
    }
    if (!file.endsWith(SUFFIX)) {
      throw new IllegalStateException(INDEX + ": " + file + " does not end with " + SUFFIX);
    }
    return Optional.of(file.substring(0, file.length() - SUFFIX.length()));
  }

  private static String resource(String path) {
    try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Family> families() {
    return families;
  }

  /** A schema by its name ({@code market.ticker}, {@code cmd.signal.request}...), as published (do not change it). */
  public Optional<JsonObject> schema(String name) {
    return Optional.ofNullable(schemas.get(name));
  }

  /** The published family of an address: its {@link AddressFamily}, when the index lists it. */
  public Optional<Family> familyOf(String address) {
    if (address == null) {
      return Optional.empty();
    }
    Optional<Family> known = byAddress.get(address);
    if (known != null) {
      return known;
    }
    Optional<Family> found = AddressFamily.of(address).map(f -> byName.get(f.familyName()));
    if (byAddress.size() >= MAX_CACHED_ADDRESSES) {
      byAddress.clear(); // bounded: a flood of distinct addresses costs a re-match, not memory
    }
    byAddress.put(address, found);
    return found;
  }

  /** The problems of the body of a public (out) event on {@code address}; empty when it is valid. */
  public List<String> validate(String address, Object body) {
    return familyOf(address).map(f -> f.schema().map(s -> check(s, body))
            .orElseGet(() -> List.of(address + " is a request address: validate its request or its reply")))
        .orElseGet(() -> unknown(address));
  }

  /** The problems of a request body sent to an in or model address; empty when it is valid. */
  public List<String> validateRequest(String address, Object body) {
    return familyOf(address).map(f -> f.request().map(s -> check(s, body)).orElseGet(() -> notARequest(address)))
        .orElseGet(() -> unknown(address));
  }

  /** The problems of the reply to a request on an in or model address; empty when it is valid. */
  public List<String> validateReply(String address, Object body) {
    return familyOf(address).map(f -> f.reply().map(s -> check(s, body)).orElseGet(() -> notARequest(address)))
        .orElseGet(() -> unknown(address));
  }

  private static List<String> unknown(String address) {
    return List.of("no event-bus address family matches " + address);
  }

  private static List<String> notARequest(String address) {
    return List.of(address + " is not a request address: it has no request or reply schema");
  }

  /** Checks the body's JSON form: a record (a ticker) is validated as what it publishes. */
  private List<String> check(String schema, Object body) {
    OutputUnit result = validators.get(schema).validate(MarketEvent.json(body));
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    return describe(result);
  }

  /**
   * "location: message" per failing keyword, the location a JSON pointer into the body ("/" for the
   * body itself). The wrappers that only say a sub-schema failed are left out when a leaf says why.
   */
  private static List<String> describe(OutputUnit result) {
    List<String> all = new ArrayList<>();
    List<String> leaves = new ArrayList<>();
    List<OutputUnit> errors = result.getErrors() == null ? List.of() : result.getErrors();
    for (OutputUnit unit : errors) {
      String error = unit.getError();
      if (error == null) {
        continue;
      }
      String problem = location(unit.getInstanceLocation()) + ": " + error;
      add(all, problem);
      if (!isWrapper(error)) {
        add(leaves, problem);
      }
    }
    List<String> problems = leaves.isEmpty() ? all : leaves;
    if (problems.isEmpty()) {
      problems.add("/: " + (result.getError() == null ? "does not match the schema" : result.getError()));
    }
    return problems.size() > MAX_ERRORS ? List.copyOf(problems.subList(0, MAX_ERRORS)) : List.copyOf(problems);
  }

  private static void add(List<String> problems, String problem) {
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  private static boolean isWrapper(String error) {
    return error.endsWith("does not match schema") || error.startsWith("A subschema") || error.startsWith("A sub-schema")
        || error.equals("Items did not match schema") || error.endsWith("does not match every subschema");
  }

  private static String location(String instanceLocation) {
    if (instanceLocation == null) {
      return "/";
    }
    String at = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    return at.isEmpty() ? "/" : at;
  }
}
