package dev.mariposa.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mariposa.agent.TechnicalParams;
import dev.mariposa.command.UsageException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search space: JSON and YAML, paths into the agent, values, the grid and random draws, and what is refused. */
class SearchSpaceTest {
  private final AgentTemplate agent = Fixtures.template();

  private SearchSpace json(String text) throws UsageException {
    return SearchSpace.parse(text, false, agent);
  }

  private String error(String text) {
    return assertThatThrownBy(() -> json(text)).isInstanceOf(UsageException.class).actual().getMessage();
  }

  @Test
  void jsonRangesStayExactAndWholeNumbersStayWhole() throws Exception {
    SearchSpace space = json("""
        {"parameters": {"minConfidence": {"min": 0.3, "max": 0.7, "step": 0.1},
                        "risk.cooldownSeconds": {"min": 0, "max": 120, "step": 60},
                        "models.technical.weight": {"values": [0.5, 1, 2]},
                        "execution.type": {"values": ["market", "post_only"]}}}""");
    assertThat(space.parameters()).extracting(SearchSpace.Parameter::path)
        .containsExactly("minConfidence", "risk.cooldownSeconds", "models.technical.weight", "execution.type");
    assertThat(space.parameters().get(0).values()).containsExactly(0.3, 0.4, 0.5, 0.6, 0.7);
    assertThat(space.parameters().get(1).values()).containsExactly(0, 60, 120).allMatch(v -> v instanceof Integer);
    assertThat(space.parameters().get(2).location().label()).isEqualTo("models[0].weight");
    assertThat(space.size()).isEqualTo(5 * 3 * 3 * 2);
  }

  @Test
  void yamlGivesTheSameSpace() throws Exception {
    SearchSpace yaml = SearchSpace.parse("""
        parameters:
          minConfidence: {min: 0.3, max: 0.7, step: 0.1}
          risk.cooldownSeconds: {min: 0, max: 120, step: 60}
          models.technical.weight:
            values: [0.5, 1, 2]
          execution.type: {values: [market, post_only]}
        """, true, agent);
    SearchSpace json = json("""
        {"parameters": {"minConfidence": {"min": 0.3, "max": 0.7, "step": 0.1},
                        "risk.cooldownSeconds": {"min": 0, "max": 120, "step": 60},
                        "models.technical.weight": {"values": [0.5, 1, 2]},
                        "execution.type": {"values": ["market", "post_only"]}}}""");
    assertThat(yaml.toJson()).isEqualTo(json.toJson());
  }

  @Test
  void candidatesAreBuiltThroughAgentJsonAndARefusedOneSaysWhy() throws Exception {
    SearchSpace space = json("""
        {"parameters": {"minConfidence": {"values": [0.5, 1.5]}, "risk.stopLossPct": {"values": [1, 3]},
                        "execution.type": {"values": ["market", "post_only"]}}}""");
    AgentTemplate.Candidate valid = agent.candidate(space.placed(new int[] {0, 1, 1}));
    assertThat(valid.valid()).isTrue();
    assertThat(valid.agent().minConfidence()).isEqualTo(0.5);
    assertThat(valid.agent().risk().stopLossPct()).isEqualTo(3);
    assertThat(valid.agent().execution().type().wire()).isEqualTo("post_only");
    AgentTemplate.Candidate refused = agent.candidate(space.placed(new int[] {1, 0, 0}));
    assertThat(refused.valid()).isFalse();
    assertThat(refused.error()).contains("minConfidence must be a number from 0 to 1");
  }

  @Test
  void theTechnicalModelsParamsAreSearchedThoughTheAgentLeavesThemOut() throws Exception {
    SearchSpace space = json("""
        {"parameters": {"models.technical.params.threshold": {"values": [0.2, 0.4]},
                        "models.technical.params.rsi": {"min": 7, "max": 21, "step": 7}}}""");
    AgentTemplate.Candidate candidate = agent.candidate(space.placed(new int[] {1, 2}));
    assertThat(candidate.valid()).as(candidate.error()).isTrue();
    TechnicalParams params = candidate.agent().models().get(0).params();
    assertThat(params.threshold()).isEqualTo(0.4);
    assertThat(params.periods().rsi()).isEqualTo(21);
    assertThat(params.periods().emaSlow()).isEqualTo(21); // the others standard
    assertThat(agent.json().getJsonArray("models").getJsonObject(0).containsKey("params")).as("the template untouched")
        .isFalse();
  }

  @Test
  void aBadSpaceIsRefusedSayingWhat() {
    assertThat(error("{\"parameters\": {\"risk.stopLos\": {\"values\": [1]}}}"))
        .contains("risk.stopLos", "no field stopLos in risk", "stopLossPct");
    assertThat(error("{\"parameters\": {\"minConfidance\": {\"values\": [0.5]}}}"))
        .contains("no field minConfidance", "minConfidence");
    assertThat(error("{\"parameters\": {\"strategy.x\": {\"values\": [1]}}}"))
        .contains("strategy is not a field of an agent", "minConfidence");
    // The technical model's params: searchable though the agent leaves them out (standard), checked by AgentJson.
    assertThat(error("{\"parameters\": {\"models.technical.params.rsiPeriod\": {\"values\": [7]}}}"))
        .contains("models[0].params.rsiPeriod is not a parameter of the technical model", "rsi");
    assertThat(error("{\"parameters\": {\"models.orderflow.weight\": {\"values\": [1]}}}"))
        .contains("no such model", "technical");
    assertThat(error("{\"parameters\": {\"models.technical.window\": {\"values\": [1]}}}")).contains("no field window");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"min\": 0.3, \"max\": 0.7, \"step\": 0}}}"))
        .contains("step must be above 0");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"min\": 0.7, \"max\": 0.3, \"step\": 0.1}}}"))
        .contains("max 0.3 is below min 0.7");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"values\": []}}}")).contains("values must be a non-empty list");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"values\": [0.5, 0.50]}}}")).contains("listed twice");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"values\": [0.5], \"step\": 1}}}")).contains("not both");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"min\": 0.3, \"max\": 0.7}}}")).contains("step must be a number");
    assertThat(error("{\"parameters\": {\"minConfidence\": {\"min\": 0, \"max\": 1, \"step\": 1e-9}}}")).contains("larger step");
    assertThat(error("{\"parameters\": {\"id\": {\"values\": [\"x\"]}}}")).contains("cannot be searched");
    assertThat(error("{\"parameters\": {}}")).contains("no parameters");
    assertThat(error("{\"params\": {}}")).contains("params is not a field of a search space");
    assertThat(error("{\"parameters\": {\"minConfidence\": [0.5]}}")).contains("expected {\"values\"");
    assertThat(error("{\"parameters\": ")).contains("not a JSON object");
    assertThatThrownBy(() -> SearchSpace.parse("parameters: [a", true, agent)).hasMessageContaining("not YAML");
  }

  @Test
  void theGridEnumeratesEverySetOnceLastParameterFastest() throws Exception {
    SearchSpace space = json("{\"parameters\": {\"minConfidence\": {\"values\": [0.4, 0.5]},"
        + " \"risk.stopLossPct\": {\"values\": [1, 2, 3]}, \"execution.type\": {\"values\": [\"market\"]}}}");
    List<int[]> sets = GridSearch.sets(space);
    assertThat(sets).hasSize(6);
    assertThat(sets.stream().map(SearchSpace::key)).containsExactly("0-0-0", "0-1-0", "0-2-0", "1-0-0", "1-1-0", "1-2-0");
    assertThat(space.params(sets.get(4)).encode())
        .isEqualTo("{\"minConfidence\":0.5,\"risk.stopLossPct\":2,\"execution.type\":\"market\"}");
    assertThat(space.index(space.params(sets.get(4)))).containsExactly(1, 1, 0);
  }

  @Test
  void randomDrawsAreSeededAndNeverRepeat() throws Exception {
    SearchSpace space = json("{\"parameters\": {\"minConfidence\": {\"min\": 0.1, \"max\": 0.9, \"step\": 0.01},"
        + " \"risk.stopLossPct\": {\"min\": 0.5, \"max\": 5, \"step\": 0.5}}}");
    List<String> a = RandomSearch.sets(space, 50, 7).stream().map(SearchSpace::key).toList();
    List<String> b = RandomSearch.sets(space, 50, 7).stream().map(SearchSpace::key).toList();
    List<String> c = RandomSearch.sets(space, 50, 8).stream().map(SearchSpace::key).toList();
    assertThat(a).hasSize(50).isEqualTo(b).isNotEqualTo(c);
    assertThat(new HashSet<>(a)).hasSize(50);
    Set<String> all = new HashSet<>(RandomSearch.sets(space, 10_000, 7).stream().map(SearchSpace::key).toList());
    assertThat(all).hasSize((int) space.size()); // more trials than sets: each set once
  }
}
