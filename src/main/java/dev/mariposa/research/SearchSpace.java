package dev.mariposa.research;

import dev.mariposa.command.UsageException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a search may vary: each parameter a dotted path into the agent's JSON and the values it
 * takes, listed ({@code values}) or stepped ({@code min}, {@code max}, {@code step}; whole numbers
 * stay whole). Every search draws from this grid: a parameter set is one index per parameter.
 */
public record SearchSpace(List<Parameter> parameters) {
  /** A grid this fine is a mistake (a step of 1e-9), not a search. */
  static final int MAX_VALUES = 100_000;
  private static final List<String> RANGE = List.of("min", "max", "step");

  /** One parameter: where it goes in the agent, and its values in order. */
  public record Parameter(String path, List<Object> values, AgentTemplate.Location location) {
    /** Distinct numbers only (not strings, booleans, ...): a mean and a spread make sense. */
    public boolean numeric() {
      return values.stream().allMatch(v -> v instanceof Number);
    }
  }

  public static SearchSpace read(Path file, AgentTemplate agent) throws UsageException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw UsageException.alone("--space " + file + " cannot be read: " + e.getMessage());
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml") || !name.endsWith(".json") && !text.strip().startsWith("{");
    try {
      return parse(text, yaml, agent);
    } catch (UsageException e) {
      throw UsageException.alone("--space " + file + ": " + e.getMessage());
    }
  }

  public static SearchSpace parse(String text, boolean yaml, AgentTemplate agent) throws UsageException {
    JsonObject json = yaml ? yaml(text) : json(text);
    for (String key : json.fieldNames()) {
      if (!key.equals("parameters")) {
        throw UsageException.alone(key + " is not a field of a search space (known: parameters)");
      }
    }
    if (!(json.getValue("parameters") instanceof JsonObject parameters) || parameters.isEmpty()) {
      throw UsageException.alone("no parameters: expected {\"parameters\": {\"minConfidence\": {\"min\": 0.3, \"max\": 0.7,"
          + " \"step\": 0.1}, ...}}");
    }
    List<Parameter> list = new ArrayList<>();
    for (String path : parameters.fieldNames()) {
      List<Object> values = values(path, parameters.getValue(path));
      list.add(new Parameter(path, values, agent.locate(path, values.get(0))));
    }
    Set<List<Object>> steps = new HashSet<>();
    for (Parameter p : list) {
      if (!steps.add(p.location().steps())) {
        throw UsageException.alone("parameters " + p.path() + ": the same field is listed twice");
      }
    }
    return new SearchSpace(List.copyOf(list));
  }

  private static JsonObject json(String text) throws UsageException {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw UsageException.alone("not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static JsonObject yaml(String text) throws UsageException {
    Object value;
    try {
      value = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw UsageException.alone("not YAML: " + e.getMessage().replace('\n', ' '));
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw UsageException.alone("not a YAML mapping such as parameters: {minConfidence: {min: 0.3, max: 0.7, step: 0.1}}");
    }
    return new JsonObject(Json.encode(map)); // numbers, strings and lists as a JSON file gives them
  }

  private static List<Object> values(String path, Object spec) throws UsageException {
    String where = "parameter " + path + ": ";
    if (!(spec instanceof JsonObject object)) {
      throw UsageException.alone(where + "expected {\"values\": [...]} or {\"min\": ..., \"max\": ..., \"step\": ...}");
    }
    for (String key : object.fieldNames()) {
      if (!key.equals("values") && !RANGE.contains(key)) {
        throw UsageException.alone(where + key + " is not a field of a parameter (known: values, min, max, step)");
      }
    }
    if (object.containsKey("values")) {
      if (object.fieldNames().stream().anyMatch(RANGE::contains)) {
        throw UsageException.alone(where + "either values or min/max/step, not both");
      }
      if (!(object.getValue("values") instanceof JsonArray array) || array.isEmpty()) {
        throw UsageException.alone(where + "values must be a non-empty list");
      }
      List<Object> values = new ArrayList<>();
      for (Object value : array) {
        Object plain = plain(value);
        if (values.stream().anyMatch(v -> same(v, plain))) {
          throw UsageException.alone(where + "the value " + Json.encode(plain) + " is listed twice");
        }
        values.add(plain);
      }
      return List.copyOf(values);
    }
    for (String key : RANGE) {
      if (!(object.getValue(key) instanceof Number)) {
        throw UsageException.alone(where + key + " must be a number (a range needs min, max and step)");
      }
    }
    BigDecimal min = decimal(object.getValue("min"));
    BigDecimal max = decimal(object.getValue("max"));
    BigDecimal step = decimal(object.getValue("step"));
    if (step.signum() <= 0) {
      throw UsageException.alone(where + "step must be above 0 (it is " + step.toPlainString() + ")");
    }
    if (max.compareTo(min) < 0) {
      throw UsageException.alone(where + "max " + max.toPlainString() + " is below min " + min.toPlainString());
    }
    BigDecimal count = max.subtract(min).divideToIntegralValue(step).add(BigDecimal.ONE);
    if (count.compareTo(BigDecimal.valueOf(MAX_VALUES)) > 0) {
      throw UsageException.alone(where + "min, max and step make " + count.toPlainString() + " values, more than "
          + MAX_VALUES + ": use a larger step");
    }
    boolean whole = isWhole(min) && isWhole(max) && isWhole(step);
    List<Object> values = new ArrayList<>();
    for (BigDecimal v = min; v.compareTo(max) <= 0; v = v.add(step)) {
      values.add(whole ? whole(v) : (Object) v.doubleValue());
    }
    return List.copyOf(values);
  }

  private static Object plain(Object value) {
    return value instanceof JsonObject o ? o.getMap() : value instanceof JsonArray a ? a.getList() : value;
  }

  private static boolean same(Object a, Object b) {
    return a instanceof Number x && b instanceof Number y ? decimal(x).compareTo(decimal(y)) == 0
        : Json.encode(a).equals(Json.encode(b));
  }

  private static BigDecimal decimal(Object number) {
    return new BigDecimal(number.toString()); // a double's shortest form: 0.1 stays 0.1
  }

  private static boolean isWhole(BigDecimal v) {
    return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
  }

  private static Object whole(BigDecimal v) {
    long value = v.longValueExact();
    return value == (int) value ? (Object) (int) value : (Object) value;
  }

  /** How many parameter sets the grid holds (saturating at Long.MAX_VALUE). */
  public long size() {
    long size = 1;
    for (Parameter p : parameters) {
      try {
        size = Math.multiplyExact(size, p.values().size());
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return size;
  }

  /** The values of the set {@code index} (one index per parameter), by path in the space's order. */
  public JsonObject params(int[] index) {
    JsonObject params = new JsonObject();
    for (int i = 0; i < parameters.size(); i++) {
      params.put(parameters.get(i).path(), parameters.get(i).values().get(index[i]));
    }
    return params;
  }

  /** The set {@code index} as AgentTemplate places it. */
  public Map<AgentTemplate.Location, Object> placed(int[] index) {
    Map<AgentTemplate.Location, Object> placed = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      placed.put(parameters.get(i).location(), parameters.get(i).values().get(index[i]));
    }
    return placed;
  }

  /** The index of each parameter's value in {@code params}, or null when one is not in the space. */
  public int[] index(JsonObject params) {
    int[] index = new int[parameters.size()];
    for (int i = 0; i < parameters.size(); i++) {
      Object value = plain(params.getValue(parameters.get(i).path()));
      List<Object> values = parameters.get(i).values();
      index[i] = -1;
      for (int j = 0; j < values.size(); j++) {
        if (same(values.get(j), value)) {
          index[i] = j;
        }
      }
      if (index[i] < 0) {
        return null;
      }
    }
    return index;
  }

  /** The key of a set in the trial store: its indices, 3-0-2. */
  public static String key(int[] index) {
    StringBuilder key = new StringBuilder();
    for (int i : index) {
      key.append(key.length() == 0 ? "" : "-").append(i);
    }
    return key.toString();
  }

  /** The space as the run's identity and the report give it: each path and its values. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    parameters.forEach(p -> json.put(p.path(), new JsonArray(new ArrayList<>(p.values()))));
    return json;
  }
}
