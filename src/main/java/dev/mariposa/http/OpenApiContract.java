package dev.mariposa.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's OpenAPI description ({@code openapi.yaml} on the classpath), served at GET /openapi.yaml
 * and enforced on /api/*: path and query parameters, and the JSON bodies the contract does not
 * leave to the handlers ({@code x-validate-body: false}). A request that breaks it is answered with
 * 400 and the JSON error naming the parameter or field and the rule; a request no operation of the
 * contract describes goes on to the router (its 404 and 405 stay as they are).
 *
 * <p>Parameters are checked here, on the event loop, with the contract's own parameter model, the
 * library's parameter transformers and one schema validator per parameter compiled at load:
 * {@link RequestValidator#validate} runs every request through {@code executeBlocking} (a worker
 * thread round trip per request in vertx-openapi 5.0.7), too dear for the hot market reads. Bodies
 * (POST/PUT, rare) go through the {@link RequestValidator}.
 *
 * <p>Codes: a parameter that breaks its rule is {@code invalid_parameter}, the code the handlers
 * give the same mistakes (clients and tests already know it); a body that breaks its schema is
 * {@code invalid_request}. A body that is not a JSON object is left to the handler
 * ({@code invalid_json}, with what the body should describe).
 */
public final class OpenApiContract {
  /** The classpath resource. */
  public static final String RESOURCE = "openapi.yaml";
  static final String YAML_CONTENT_TYPE = "application/yaml; charset=utf-8";
  /**
   * {@code false}: the body schema documents, the handler enforces. Set on the agent bodies: AgentJson
   * answers 400 invalid_agent with every problem in {@code error.problems} (one round of fixes for
   * the user; clients read that list), where the schema validator would answer invalid_request with
   * the first ones only, before the handler could.
   */
  private static final String X_VALIDATE_BODY = "x-validate-body";
  private static final int MAX_ECHO = 64;
  private static final int MAX_PASSED = 4096;

  private static volatile Loaded loaded;

  private final OpenAPIContract contract;
  private final Buffer yaml;
  private final RequestValidator requestValidator;
  private final Map<String, Check> checks = new HashMap<>();
  /** GET URIs that passed (bounded). */
  private final Set<String> passed = ConcurrentHashMap.newKeySet();

  private OpenApiContract(Vertx vertx, OpenAPIContract contract, Buffer yaml) {
    this.contract = contract;
    this.yaml = yaml;
    this.requestValidator = RequestValidator.create(vertx, contract);
    for (Operation operation : contract.operations()) {
      checks.put(operation.getOperationId(), compile(operation));
    }
  }

  /**
   * Reads the contract from the classpath and checks it (a failed future when it is not a valid
   * OpenAPI document, or the library cannot use it).
   */
  /**
   * Reads and checks the contract on a Vert.x of its own, while the embedded stores start: its
   * schema work (hundreds of milliseconds) then neither delays the HTTP verticles' start nor runs
   * beside the service's first Redis connections. Blocks; call from main.
   */
  public static void preload() {
    if (loaded != null) {
      return;
    }
    Vertx own = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    try {
      read(own).await(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("reading " + RESOURCE + " took more than 60 s", e);
    } finally {
      own.close();
    }
  }

  public static Future<OpenApiContract> load(Vertx vertx) {
    // Read and checked once per JVM (a few hundred ms of schema work): the parsed contract holds no
    // Vert.x instance and is only read afterwards, so every HTTP verticle of every instance shares it.
    Loaded known = loaded;
    Future<Loaded> contract = known != null ? Future.succeededFuture(known) : read(vertx);
    return contract.map(found -> new OpenApiContract(vertx, found.contract(), found.yaml()));
  }

  /** Reading and parsing on a worker; the library then builds the contract (its heavy parts on workers too). */
  private static Future<Loaded> read(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is not on the classpath");
        }
        Buffer text = Buffer.buffer(in.readAllBytes());
        return new Parsed(text, forLibrary(parse(text.toString(StandardCharsets.UTF_8))));
      }
    }).compose(parsed -> OpenAPIContract.from(vertx, parsed.json()).map(contract -> loaded = new Loaded(contract, parsed.yaml())));
  }

  private record Parsed(Buffer yaml, JsonObject json) {}

  private record Loaded(OpenAPIContract contract, Buffer yaml) {}

  /** YAML to JSON, as vertx-openapi reads it (safe constructor: plain data only). */
  static JsonObject parse(String yaml) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (!(document instanceof Map)) {
      throw new IllegalStateException(RESOURCE + " is not a YAML mapping");
    }
    // Through the encoder: nested maps and lists become JsonObject and JsonArray all the way down.
    return new JsonObject(Json.encode(document));
  }

  /**
   * The document minus what vertx-openapi 5.0.7 refuses although OpenAPI allows it: response media
   * types beyond its few (GET /openapi.yaml answers application/yaml). Responses are not validated
   * here, so nothing that is enforced is lost; the served document stays as written.
   */
  static JsonObject forLibrary(JsonObject document) {
    JsonObject copy = document.copy();
    copy.getJsonObject("paths", new JsonObject()).forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.getValue("responses") instanceof JsonObject responses) {
        responses.forEach(response -> {
          if (response.getValue() instanceof JsonObject r && r.getValue("content") instanceof JsonObject content) {
            content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
          }
        });
      }
    }));
    return copy;
  }

  public OpenAPIContract contract() {
    return contract;
  }

  /** GET /openapi.yaml: the document as written. */
  public Handler<RoutingContext> yamlHandler() {
    return ctx -> ctx.response().putHeader("Content-Type", YAML_CONTENT_TYPE).end(yaml);
  }

  /** The request validation, mounted on /api/* after the BodyHandler. */
  public Handler<RoutingContext> validationHandler() {
    return this::validate;
  }

  private void validate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // A GET (no body) that passed once passes again: validity is a function of the URI alone.
    String uri = request.method() == HttpMethod.GET ? request.uri() : null;
    if (uri != null && passed.contains(uri)) {
      ctx.next();
      return;
    }
    Operation operation = contract.findOperation(request.path(), request.method());
    Check check = operation == null ? null : checks.get(operation.getOperationId());
    if (check == null) {
      ctx.next();
      return;
    }
    String problem = check.parameterProblem(ctx);
    if (problem != null) {
      ApiError.send(ctx, ErrorCode.INVALID_PARAMETER, problem);
      return;
    }
    if (!check.validateBody) {
      if (uri != null) {
        if (passed.size() >= MAX_PASSED) {
          passed.clear(); // bounded: a flood of distinct URIs costs a re-check, not memory
        }
        passed.add(uri);
      }
      ctx.next();
      return;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    JsonObject json = body == null || body.length() == 0 ? null : jsonObject(body);
    if (json == null) {
      // No body: the contract's bodies are optional where the handlers allow it (checked here
      // when required). Not a JSON object: the handler's invalid_json says what it should describe.
      if (check.bodyRequired && (body == null || body.length() == 0)) {
        ApiError.send(ctx, ErrorCode.INVALID_REQUEST, "A JSON body is required");
      } else {
        ctx.next();
      }
      return;
    }
    RequestUtils.extract(request, operation, () -> Future.succeededFuture(body))
        // The handlers read the body as JSON whatever its Content-Type says: so does the validation.
        .map(AsJson::new)
        .compose(extracted -> requestValidator.validate(extracted, operation.getOperationId()))
        .onSuccess(validated -> ctx.next())
        .onFailure(t -> {
          if (t instanceof ValidatorException e) {
            ApiError.send(ctx, ErrorCode.INVALID_REQUEST, bodyProblem(e, check.bodySchema, json));
          } else {
            ctx.fail(t);
          }
        });
  }

  private static JsonObject jsonObject(Buffer body) {
    try {
      return Json.decodeValue(body) instanceof JsonObject object ? object : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * The failing fields of a body and their rules, from the schema validator's output: "body field
   * 'confidence' must be a number from 0 to 1 (got 2)".
   */
  static String bodyProblem(ValidatorException e, JsonSchema schema, JsonObject body) {
    if (!(e instanceof SchemaValidationException s) || s.getOutputUnit() == null || schema == null) {
      return e.getMessage();
    }
    List<String> problems = new ArrayList<>();
    collect(s.getOutputUnit(), schema, body, problems);
    return problems.isEmpty() ? e.getMessage() : String.join("; ", problems);
  }

  private static void collect(OutputUnit unit, JsonSchema schema, JsonObject body, List<String> problems) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(u -> collect(u, schema, body, problems));
      return;
    }
    String error = unit.getError();
    if (error == null || error.startsWith("A subschema") || error.startsWith("A sub-schema")
        || error.endsWith("does not match schema")) {
      return; // wrappers: the leaf below says what is wrong
    }
    String at = pointer(unit.getInstanceLocation());
    String field = at.isEmpty() ? "body" : "body field '" + at.substring(1).replace('/', '.') + "'";
    // The rule of the sub-schema that failed (its keyword dropped), else the validator's words.
    List<String> keyword = segments(pointer(unit.getKeywordLocation()));
    JsonSchema failing = keyword.isEmpty() ? null : walk(schema, keyword.subList(0, keyword.size() - 1));
    String last = keyword.isEmpty() ? "" : keyword.get(keyword.size() - 1);
    String problem;
    if (failing != null && RULE_KEYWORDS.contains(last)) {
      Object value = at.isEmpty() ? body : JsonPointer.from(at).queryJson(body);
      problem = field + " " + rule(failing) + " (got " + echo(Json.encode(value)) + ")";
    } else {
      problem = field + ": " + error;
    }
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  private static final Set<String> RULE_KEYWORDS = Set.of("type", "enum", "const", "pattern", "minimum", "maximum",
      "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "format");

  private static String pointer(String location) {
    if (location == null) {
      return "";
    }
    String at = location.startsWith("#") ? location.substring(1) : location;
    return at.equals("/") ? "" : at;
  }

  private static List<String> segments(String pointer) {
    List<String> segments = new ArrayList<>();
    if (!pointer.isEmpty()) {
      for (String segment : pointer.substring(1).split("/", -1)) {
        segments.add(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    return segments;
  }

  /** The sub-schema at {@code path} (JSON pointer segments) of {@code schema}; null when there is none. */
  private static JsonSchema walk(JsonSchema schema, List<String> path) {
    if (path.isEmpty()) {
      return schema;
    }
    Object node = schema.get(path.get(0));
    for (String segment : path.subList(1, path.size())) {
      if (node instanceof JsonObject object) {
        node = object.getValue(segment);
      } else if (node instanceof JsonArray array && !segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
        int index = Integer.parseInt(segment);
        node = index < array.size() ? array.getValue(index) : null;
      } else {
        return null;
      }
    }
    return node instanceof JsonObject object ? JsonSchema.of(object) : null;
  }

  private static String echo(String value) {
    return value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "…" : value;
  }

  private Check compile(Operation operation) {
    List<ParamCheck> params = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == Location.HEADER) {
        continue; // documented, and checked by the handler that reads it (If-Match)
      }
      ParameterTransformer transformer = switch (parameter.getIn()) {
        case PATH -> new SimpleTransformer();
        case QUERY -> new FormTransformer();
        default -> throw new IllegalStateException("OpenApiContract checks path and query parameters (and leaves headers to the handlers), not "
            + parameter.getIn() + " parameter " + parameter.getName() + " of " + operation.getOperationId());
      };
      int segment = parameter.getIn() == Location.PATH
          ? RequestUtils.findPathSegment(operation.getAbsoluteOpenAPIPath(), parameter.getName()) : -1;
      Validator validator = contract.getSchemaRepository().validator(parameter.getSchema());
      params.add(new ParamCheck(parameter, transformer, segment, validator, rule(parameter.getSchema())));
    }
    Map<String, Object> extensions = operation.getExtensions();
    RequestBody body = operation.getRequestBody();
    MediaType json = body == null ? null : body.getContent().get(MediaType.APPLICATION_JSON);
    if (body != null && json == null) {
      throw new IllegalStateException("The body of " + operation.getOperationId() + " must be described as application/json");
    }
    return new Check(List.copyOf(params), params.stream().anyMatch(p -> p.segment > 0),
        body != null && !Boolean.FALSE.equals(extensions.get(X_VALIDATE_BODY)), body != null && body.isRequired(),
        json == null ? null : json.getSchema());
  }

  /** The rule of a (parameter's or field's) schema in words, for the error message. */
  static String rule(JsonSchema schema) {
    Object values = schema.get("enum");
    if (values instanceof JsonArray array) {
      return "must be one of " + array.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
    Object declared = schema.get("type");
    String type = declared instanceof JsonArray types
        ? types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse(null)
        : (String) declared;
    if ("integer".equals(type) || "number".equals(type)) {
      String kind = "integer".equals(type) ? "a whole number" : "a number";
      Number min = schema.get("minimum");
      Number above = schema.get("exclusiveMinimum");
      Number max = schema.get("maximum");
      if (min != null) {
        return "must be " + kind + (max != null ? " from " + min + " to " + max : " of at least " + min);
      }
      if (above != null) {
        return "must be " + kind + " above " + above + (max != null ? ", at most " + max : "");
      }
      return "must be " + kind + (max != null ? " of at most " + max : "");
    }
    if ("string".equals(type)) {
      String pattern = schema.get("pattern");
      if (pattern != null) {
        return "must match " + pattern;
      }
      Number maxLength = schema.get("maxLength");
      return maxLength != null ? "must be a string of at most " + maxLength + " characters" : "must be a string";
    }
    if ("boolean".equals(type)) {
      return "must be true or false";
    }
    if ("object".equals(type)) {
      return "must be a JSON object";
    }
    return "array".equals(type) ? "must be a list" : "must be valid";
  }

  private record ParamCheck(Parameter parameter, ParameterTransformer transformer, int segment,
                            Validator validator, String rule) {
    /** Null when the value is absent or valid; else what is wrong, naming the parameter and the rule. */
    String problem(String raw) {
      String name = (parameter.getIn() == Location.PATH ? "path" : "query") + " parameter " + parameter.getName();
      if (raw == null) {
        return parameter.isRequired() ? name + " is required" : null;
      }
      try {
        OutputUnit result = validator.validate(transformer.transform(parameter, raw));
        if (Boolean.TRUE.equals(result.getValid())) {
          return null;
        }
      } catch (RuntimeException e) {
        // not decodable as its type: answered below
      }
      return name + " " + rule + " (got '" + echo(raw) + "')";
    }
  }

  private record Check(List<ParamCheck> params, boolean pathParams, boolean validateBody, boolean bodyRequired,
                       JsonSchema bodySchema) {
    String parameterProblem(RoutingContext ctx) {
      if (params.isEmpty()) {
        return null;
      }
      String[] segments = pathParams ? ctx.request().path().substring(1).split("/") : null;
      for (ParamCheck param : params) {
        String raw;
        if (param.segment > 0) {
          if (param.segment > segments.length) {
            return null; // not this operation's path after all: the router decides
          }
          try {
            raw = URLDecoder.decode(segments[param.segment - 1].replace("+", "%2B"), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return "path parameter " + param.parameter.getName() + " is not URL-encoded correctly";
          }
        } else {
          raw = ctx.queryParams().get(param.parameter.getName());
        }
        String problem = param.problem(raw);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
  }

  /** The request as extracted, read as JSON whatever its Content-Type. */
  private record AsJson(ValidatableRequest request) implements ValidatableRequest {
    @Override
    public String getContentType() {
      return "application/json";
    }

    @Override
    public Map<String, RequestParameter> getCookies() {
      return request.getCookies();
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return request.getPathParameters();
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return request.getQuery();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return request.getHeaders();
    }

    @Override
    public RequestParameter getBody() {
      return request.getBody();
    }
  }
}
