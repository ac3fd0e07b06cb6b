package dev.mariposa.analysis.model;

import io.vertx.core.Future;

/**
 * An analysis model: technical rules, an LLM, or any other. It never fails its future: a model
 * that cannot answer returns an excluded decision saying why, so an ensemble always completes.
 */
public interface AnalysisModel {
  /** As agents name it: {@code technical}, {@code llm:<model>}. */
  String name();

  Future<ModelDecision> decide(ModelInput input);
}
