package dev.mariposa.analysis.llm;

import dev.mariposa.analysis.model.ModelAnswer;
import dev.mariposa.analysis.model.ModelDecision;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads an LLM's text answer: the JSON object in it (models often wrap it in a Markdown fence even
 * when told not to), checked by {@link ModelAnswer} like any model's answer.
 */
public final class LlmAnswer {
  private LlmAnswer() {}

  public static ModelDecision parse(String modelName, String content) {
    if (content == null || content.isBlank()) {
      return ModelAnswer.invalid(modelName, "empty answer");
    }
    try {
      return ModelAnswer.read(modelName, new JsonObject(stripFences(content)));
    } catch (DecodeException | ClassCastException e) {
      return ModelAnswer.invalid(modelName, "answer is not a JSON object");
    }
  }

  static String stripFences(String content) {
    String text = content.trim();
    if (text.startsWith("```")) {
      int firstLine = text.indexOf('\n');
      int end = text.lastIndexOf("```");
      if (firstLine > 0 && end > firstLine) {
        return text.substring(firstLine + 1, end).trim();
      }
    }
    return text;
  }
}
