package dev.mariposa.backtest.runs;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.InvalidAgentException;
import dev.mariposa.backtest.RequestedBacktest;
import dev.mariposa.command.CommandArguments;
import dev.mariposa.command.UsageException;
import dev.mariposa.research.RequestedOptimization;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The body of {@code POST /api/backtests}, checked: {@code kind} (backtest), {@code data} (files
 * or directories under the data directory), {@code agents} (ids of stored agents, or agent
 * definitions as {@code POST /api/agents} takes them), {@code from} and {@code to} (as the CLI
 * takes them: 2024-09-21, 2024-09-21T06:00, ...Z or epoch ms; optional) and {@code options} (fees,
 * bar spread, latency, funding rate: the paper settings otherwise). {@code kind: optimize} searches
 * the parameters of exactly one agent, with the fields of {@link OptimizeRequest} (and no options:
 * its trials run on the paper settings, as {@code mariposa optimize}'s do). Every problem is
 * reported at once.
 *
 * @param files   the files of {@code data}, resolved under the data directory
 * @param ids     the agents named by id, looked up in MongoDB by the caller, in the order given
 * @param inline  the agents defined in the request, by their position in {@code agents}
 * @param optimization what to search, for kind optimize
 */
public record RunRequest(String kind, List<String> data, List<Path> files, List<Object> agentSpecs, List<String> ids,
                         List<Agent> inline, long from, long to, RequestedBacktest.Tuning tuning, JsonObject options,
                         Optional<RequestedOptimization.Spec> optimization) {
  public static final int MAX_DATA = 20;
  public static final int MAX_AGENTS = 10;
  private static final Set<String> FIELDS = Set.of("kind", "data", "agents", "from", "to", "options");
  private static final Set<String> OPTIMIZE_FIELDS = Stream.concat(Stream.of("kind", "data", "agents", "from", "to"),
      OptimizeRequest.FIELDS.stream()).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> OPTIONS = Set.of("makerFee", "takerFee", "barSpreadBps", "latencyMs", "fundingRate");

  public static RunRequest parse(JsonObject body, DataFiles dataFiles) throws InvalidRequest {
    List<String> problems = new ArrayList<>();
    String kind = body.getValue("kind", "backtest") instanceof String k ? k : "";
    if (!kind.equals("backtest") && !kind.equals("optimize")) {
      problems.add("kind: expected backtest or optimize");
    }
    boolean optimize = kind.equals("optimize");
    Set<String> fields = optimize ? OPTIMIZE_FIELDS : FIELDS;
    body.fieldNames().stream().filter(f -> !fields.contains(f)).sorted()
        .forEach(f -> problems.add(f + ": unknown field" + (optimize ? " of kind optimize" : "") + " (expected "
            + String.join(", ", fields.stream().sorted().toList()) + ")"));
    Optional<RequestedOptimization.Spec> optimization = optimize ? OptimizeRequest.parse(body, problems) : Optional.empty();
    List<String> data = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    if (!(body.getValue("data") instanceof JsonArray names) || names.isEmpty() || names.size() > MAX_DATA) {
      problems.add("data: a list of 1 to " + MAX_DATA + " files or directories of the data directory (GET /api/backtests/data)");
    } else {
      for (Object name : names) {
        if (!(name instanceof String text)) {
          problems.add("data: every item is a file name");
          continue;
        }
        try {
          files.addAll(dataFiles.resolve(text));
          data.add(text);
        } catch (InvalidRequest e) {
          problems.addAll(e.problems());
        }
      }
    }
    List<Object> specs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Agent> inline = new ArrayList<>();
    if (!(body.getValue("agents") instanceof JsonArray agents) || agents.isEmpty() || agents.size() > MAX_AGENTS) {
      problems.add("agents: a list of 1 to " + MAX_AGENTS + " agent ids or agent definitions (the body of POST /api/agents)");
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < agents.size(); i++) {
        Object item = agents.getValue(i);
        String id = null;
        if (item instanceof String text) {
          if (!AgentJson.ID.matcher(text).matches()) {
            problems.add("agents[" + i + "]: " + text + " is not an agent id");
            continue;
          }
          ids.add(text);
          specs.add(text);
          id = text;
        } else if (item instanceof JsonObject json) {
          try {
            Agent agent = AgentJson.parse(json, null, Set.of());
            inline.add(agent);
            specs.add(json);
            id = agent.id();
          } catch (InvalidAgentException e) {
            String at = "agents[" + i + "]: ";
            e.problems().forEach(p -> problems.add(at + p));
            continue;
          }
        } else {
          problems.add("agents[" + i + "]: an agent id or an agent definition");
          continue;
        }
        if (!seen.add(id)) {
          problems.add("agents[" + i + "]: agent " + id + " is named twice");
        }
      }
    }
    if (optimize && body.getValue("agents") instanceof JsonArray agents && agents.size() > 1) {
      problems.add("agents: kind optimize searches the parameters of one agent");
    }
    long from = time(body.getValue("from"), "from", false, Long.MIN_VALUE, problems);
    long to = time(body.getValue("to"), "to", true, Long.MAX_VALUE, problems);
    if (from != Long.MIN_VALUE && to != Long.MAX_VALUE && from > to) {
      problems.add("from: " + Instant.ofEpochMilli(from) + " is after to " + Instant.ofEpochMilli(to));
    }
    JsonObject options = body.getValue("options") instanceof JsonObject o ? o : new JsonObject();
    if (body.getValue("options") != null && !(body.getValue("options") instanceof JsonObject)) {
      problems.add("options: an object");
    }
    RequestedBacktest.Tuning tuning = tuning(options, problems);
    if (!problems.isEmpty()) {
      throw new InvalidRequest(problems);
    }
    return new RunRequest(kind, List.copyOf(data), List.copyOf(files), List.copyOf(specs), List.copyOf(ids),
        List.copyOf(inline), from, to, tuning, options, optimization);
  }

  /** The request as stored with the run (the agents' definitions are stored beside it, resolved). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind).put("data", new JsonArray(data))
        .put("agents", new JsonArray(agentSpecs.stream().map(s -> s instanceof JsonObject j ? j.getString("id") : s)
            .toList()))
        .put("from", from == Long.MIN_VALUE ? null : Instant.ofEpochMilli(from).toString())
        .put("to", to == Long.MAX_VALUE ? null : Instant.ofEpochMilli(to).toString());
    return optimization.map(spec -> json.mergeIn(OptimizeRequest.toJson(spec))).orElseGet(() -> json.put("options", options));
  }

  private static long time(Object value, String field, boolean endOfDay, long none, List<String> problems) {
    if (value == null) {
      return none;
    }
    try {
      return CommandArguments.time(String.valueOf(value), field, endOfDay);
    } catch (UsageException e) {
      problems.add(field + ": " + value + " is not a time: use 2024-09-21, 2024-09-21T06:00, 2024-09-21T06:00:00Z or epoch ms");
      return none;
    }
  }

  private static RequestedBacktest.Tuning tuning(JsonObject options, List<String> problems) {
    options.fieldNames().stream().filter(f -> !OPTIONS.contains(f)).sorted()
        .forEach(f -> problems.add("options." + f + ": unknown option (expected " + String.join(", ", OPTIONS.stream().sorted().toList()) + ")"));
    return new RequestedBacktest.Tuning(
        decimal(options, "makerFee", BigDecimal.ZERO, new BigDecimal("0.01"), problems),
        decimal(options, "takerFee", BigDecimal.ZERO, new BigDecimal("0.01"), problems),
        decimal(options, "barSpreadBps", BigDecimal.ZERO, new BigDecimal("1000"), problems).map(BigDecimal::doubleValue),
        decimal(options, "latencyMs", BigDecimal.ZERO, new BigDecimal("60000"), problems).map(BigDecimal::intValue),
        decimal(options, "fundingRate", new BigDecimal("-0.05"), new BigDecimal("0.05"), problems));
  }

  private static Optional<BigDecimal> decimal(JsonObject options, String name, BigDecimal min, BigDecimal max,
                                              List<String> problems) {
    Object value = options.getValue(name);
    if (value == null) {
      return Optional.empty();
    }
    // JSON's 1e309 decodes to an infinite double, which has no decimal: refused like any out of range.
    if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
      BigDecimal decimal = new BigDecimal(number.toString());
      if (decimal.compareTo(min) >= 0 && decimal.compareTo(max) <= 0
          && (!name.equals("latencyMs") || decimal.stripTrailingZeros().scale() <= 0)) {
        return Optional.of(decimal);
      }
    }
    problems.add("options." + name + ": " + value + " is not " + (name.equals("latencyMs") ? "a whole number" : "a number")
        + " from " + min.toPlainString() + " to " + max.toPlainString());
    return Optional.empty();
  }
}
