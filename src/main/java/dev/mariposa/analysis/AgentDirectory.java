package dev.mariposa.analysis;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agents as the analysis role sees them: all of them in memory, indexed by the symbol and
 * interval they trade, reloaded whole from MongoDB when told that something changed (and on a
 * timer, as a safety net against a missed event or a hand edit of the collection).
 */
final class AgentDirectory {
  private final AgentRepository repository;
  private Map<String, Agent> byId = Map.of();
  private Map<SeriesKey, List<Agent>> bySeries = Map.of();

  AgentDirectory(AgentRepository repository) {
    this.repository = repository;
  }

  Future<Void> reload() {
    return repository.all().map(agents -> {
      Map<String, Agent> ids = new HashMap<>();
      Map<SeriesKey, List<Agent>> series = new HashMap<>();
      for (Agent agent : agents) {
        ids.put(agent.id(), agent);
        if (agent.enabled()) {
          agent.symbols().forEach(s -> series.computeIfAbsent(SeriesKey.of(s, agent), k -> new ArrayList<>()).add(agent));
        }
      }
      byId = ids;
      bySeries = series;
      return null;
    });
  }

  List<Agent> agentsFor(SeriesKey key) {
    return bySeries.getOrDefault(key, List.of());
  }

  Optional<Agent> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The series some enabled agent trades. */
  Set<SeriesKey> series() {
    return bySeries.keySet();
  }

  Set<String> symbols() {
    Set<String> symbols = new LinkedHashSet<>();
    bySeries.keySet().forEach(k -> symbols.add(k.symbol()));
    return symbols;
  }

  /** The symbols some enabled agent using the {@code orderflow} model trades: their books and trades are followed. */
  Set<String> orderFlowSymbols() {
    Set<String> symbols = new LinkedHashSet<>();
    bySeries.forEach((key, agents) -> {
      if (agents.stream().anyMatch(Agent::usesOrderFlow)) {
        symbols.add(key.symbol());
      }
    });
    return symbols;
  }

}
