package dev.mariposa.analysis.model;

import dev.mariposa.agent.Agent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An agent's weighted vote over its models' answers. Each usable answer adds weight × confidence
 * to its action; the action with the most wins (ties: HOLD). The winner must carry at least the
 * agent's {@code agreement} share of the voting weight, and its confidence (its score over the
 * voting weight) at least the agent's {@code minConfidence}; otherwise the agent holds. Models that
 * did not answer usefully do not vote, and the verdict says which and why.
 */
public final class Ensemble {
  private Ensemble() {}

  public record Verdict(Action action, double confidence, double agreement, List<String> reasons,
                        List<ModelDecision> decisions) {}

  /** {@code decisions} in the order of the agent's models, one each. */
  public static Verdict vote(Agent agent, List<ModelDecision> decisions) {
    Map<Action, Double> score = new EnumMap<>(Action.class);
    Map<Action, Double> weightFor = new EnumMap<>(Action.class);
    double voting = 0;
    Reasons reasons = new Reasons();
    for (int i = 0; i < decisions.size(); i++) {
      ModelDecision decision = decisions.get(i);
      double weight = weightOf(agent, decision.model());
      if (!decision.usable()) {
        reasons.text(decision.model() + " left out: " + decision.status().key()
            + (decision.detail() == null ? "" : " (" + decision.detail() + ")"));
        continue;
      }
      voting += weight;
      score.merge(decision.action(), weight * decision.confidence(), Double::sum);
      weightFor.merge(decision.action(), weight, Double::sum);
    }
    if (voting == 0) {
      reasons.text("no model answered: holding");
      return new Verdict(Action.HOLD, 0, 0, reasons, decisions);
    }
    Action winner = Action.HOLD;
    double best = score.getOrDefault(Action.HOLD, 0.0);
    for (Action action : List.of(Action.BUY, Action.SELL)) {
      if (score.getOrDefault(action, 0.0) > best) {
        winner = action;
        best = score.get(action);
      }
    }
    double agreement = round(weightFor.getOrDefault(winner, 0.0) / voting);
    double confidence = round(best / voting);
    if (winner != Action.HOLD && agreement < agent.agreement()) {
      reasons.format("models disagree: %s has %.2f of the weight, %.2f needed", winner, agreement, agent.agreement());
      return new Verdict(Action.HOLD, confidence, agreement, reasons, decisions);
    }
    if (winner != Action.HOLD && confidence < agent.minConfidence()) {
      reasons.format("%s confidence %.2f below the agent's minimum %.2f", winner, confidence, agent.minConfidence());
      return new Verdict(Action.HOLD, confidence, agreement, reasons, decisions);
    }
    reasons.format("%s with confidence %.2f, agreement %.2f", winner, confidence, agreement);
    return new Verdict(winner, confidence, agreement, reasons, decisions);
  }

  private static double weightOf(Agent agent, String model) {
    for (Agent.ModelWeight m : agent.models()) {
      if (m.name().equals(model)) {
        return m.weight();
      }
    }
    return 1;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

}
