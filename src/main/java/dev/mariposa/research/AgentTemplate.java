package dev.mariposa.research;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.InvalidAgentException;
import dev.mariposa.command.UsageException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent a search varies: its JSON as the API shows it (every field present, defaults filled
 * in), dotted paths into it ({@code risk.stopLossPct}, {@code models.technical.weight} picks the
 * model by name), and candidates built from it through {@link AgentJson}, the API's own checks.
 * Nothing here lists the agent's fields: a path is known when the agent's JSON holds it or
 * AgentJson accepts it, so a field added to agents later is searchable as it comes.
 */
public final class AgentTemplate {
  /** Kept by the server, not part of what an agent does. */
  private static final Set<String> BOOKKEEPING = Set.of("createdAt", "updatedAt", "version");
  private final JsonObject json;

  private AgentTemplate(JsonObject json) {
    this.json = json;
  }

  public static AgentTemplate of(Agent agent) {
    JsonObject json = AgentJson.toJson(agent);
    BOOKKEEPING.forEach(json::remove);
    return new AgentTemplate(json);
  }

  /** The agent's JSON, every field present. */
  public JsonObject json() {
    return json.copy();
  }

  public String id() {
    return json.getString("id");
  }

  /**
   * Where {@code path} points in the agent's JSON: the steps (field names, array indices) from the
   * top, and the label AgentJson gives that field in its problems ({@code models[0].weight}).
   */
  public record Location(String path, List<Object> steps, String label) {
    void set(JsonObject root, Object value) {
      Object at = root;
      for (int i = 0; i < steps.size() - 1; i++) {
        at = stepCreating(at, steps.get(i));
      }
      Object last = steps.get(steps.size() - 1);
      if (at instanceof JsonObject object) {
        object.put((String) last, value);
      } else {
        ((JsonArray) at).set((Integer) last, value);
      }
    }

    private static Object step(Object at, Object step) {
      return at instanceof JsonObject object ? object.getValue((String) step) : ((JsonArray) at).getValue((Integer) step);
    }

    /** As {@link #step}, an object the agent's JSON leaves out (the standard params) made empty there. */
    private static Object stepCreating(Object at, Object step) {
      if (at instanceof JsonObject object && object.getValue((String) step) == null) {
        object.put((String) step, new JsonObject());
      }
      return step(at, step);
    }
  }

  /**
   * The location of {@code path}, checked: every step but the last must be in the agent's JSON;
   * the last may be absent when AgentJson accepts it with {@code probe} there (an optional field).
   */
  public Location locate(String path, Object probe) throws UsageException {
    if (path.isBlank() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw UsageException.alone("parameter \"" + path + "\" is not a dotted path such as risk.stopLossPct");
    }
    if (path.equals("id")) {
      throw UsageException.alone("parameter id: the id names the agent, it cannot be searched");
    }
    List<Object> steps = new ArrayList<>();
    List<String> segments;
    if (path.startsWith("models.")) {
      String rest = path.substring("models.".length());
      JsonArray models = json.getJsonArray("models");
      int index = -1;
      String name = null;
      for (int i = 0; i < models.size(); i++) { // a model's name may hold dots (llm:gpt-4.1): the longest match wins
        String candidate = models.getJsonObject(i).getString("name");
        if (rest.startsWith(candidate + ".") && (name == null || candidate.length() > name.length())) {
          index = i;
          name = candidate;
        }
      }
      if (name == null) {
        List<String> names = models.stream().map(m -> ((JsonObject) m).getString("name")).toList();
        throw UsageException.alone("parameter " + path + ": the agent has no such model (its models: "
            + String.join(", ", names) + "; a model's field is models.<name>.<field>, e.g. models." + names.get(0) + ".weight)");
      }
      steps.add("models");
      steps.add(index);
      segments = List.of(rest.substring(name.length() + 1).split("\\."));
    } else {
      segments = List.of(path.split("\\."));
    }
    Object at = json;
    for (Object step : steps) {
      at = Location.step(at, step);
    }
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (at instanceof JsonArray array) {
        if (!segment.matches("\\d{1,4}") || Integer.parseInt(segment) >= array.size()) {
          throw UsageException.alone("parameter " + path + ": " + segment + " is not an index of " + label(steps)
              + " (it holds " + array.size() + ")");
        }
        steps.add(Integer.parseInt(segment));
        at = array.getValue(Integer.parseInt(segment));
      } else if (at instanceof JsonObject object) {
        steps.add(segment);
        // An object the agent's JSON leaves out (its standard values) is searched into as if empty:
        // AgentJson judges the whole path below.
        at = object.containsKey(segment) || last ? object.getValue(segment) : new JsonObject();
      } else {
        throw UsageException.alone("parameter " + path + ": " + label(steps) + " is a value, not an object");
      }
    }
    Location location = new Location(path, List.copyOf(steps), label(steps));
    Object parent = json.copy();
    for (int i = 0; i < steps.size() - 1; i++) {
      parent = Location.stepCreating(parent, steps.get(i));
    }
    if (parent instanceof JsonObject object && !object.containsKey((String) steps.get(steps.size() - 1))) {
      Optional<String> refusal = refusal(location, probe);
      if (refusal.isPresent()) {
        throw object.isEmpty() ? UsageException.alone("parameter " + path + ": " + refusal.get())
            : unknown(path, steps, object);
      }
    }
    return location;
  }

  /**
   * What AgentJson says of a field at {@code location} (or of the object leading to it) that it does
   * not know: "... is not a field of ..." or "... is not a parameter of ...", if it says so.
   */
  private Optional<String> refusal(Location location, Object probe) {
    JsonObject candidate = json();
    location.set(candidate, probe);
    try {
      AgentJson.parse(candidate, null, Set.of());
      return Optional.empty();
    } catch (InvalidAgentException e) {
      return e.problems().stream().filter(p -> {
        String field = p.substring(0, Math.max(0, p.indexOf(' ')));
        return location.label().startsWith(field) && (p.contains(" is not a") || p.contains(" only the "));
      }).findFirst();
    }
  }

  private static UsageException unknown(String path, List<Object> steps, JsonObject container) {
    String known = String.join(", ", container.fieldNames().stream().sorted(Comparator.naturalOrder()).toList());
    List<Object> parent = steps.subList(0, steps.size() - 1);
    return UsageException.alone("parameter " + path + ": the agent has no field " + steps.get(steps.size() - 1)
        + (parent.isEmpty() ? "" : " in " + label(parent)) + " (known: " + known + ")");
  }

  private static String label(List<Object> steps) {
    StringBuilder label = new StringBuilder();
    for (Object step : steps) {
      if (step instanceof Integer index) {
        label.append('[').append(index).append(']');
      } else {
        label.append(label.length() == 0 ? "" : ".").append(step);
      }
    }
    return label.toString();
  }

  /** A candidate: the agent's JSON with {@code values} set, and the agent AgentJson makes of it, or why it refused. */
  public record Candidate(JsonObject json, Agent agent, String error) {
    public boolean valid() {
      return agent != null;
    }
  }

  public Candidate candidate(Map<Location, Object> values) {
    JsonObject candidate = json();
    values.forEach((location, value) -> location.set(candidate, value));
    try {
      return new Candidate(candidate, AgentJson.parse(candidate, null, Set.of()), null);
    } catch (InvalidAgentException e) {
      return new Candidate(candidate, null, String.join("; ", e.problems()));
    }
  }
}
