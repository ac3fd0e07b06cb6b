package dev.mariposa.analysis.llm;

import dev.mariposa.analysis.model.Action;
import dev.mariposa.analysis.model.ModelDecision;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads an LLM's answer against the fixed schema ({@code action}, {@code confidence}, optional
 * {@code reasons}). Anything else, from prose to a confidence of 1.7, is an INVALID decision that
 * holds and says what was wrong: a model's answer never reaches a trade unchecked.
 */
public final class LlmAnswer {
  static final int MAX_REASONS = 5;
  static final int MAX_REASON_LENGTH = 200;

  private LlmAnswer() {}

  public static ModelDecision parse(String modelName, String content) {
    if (content == null || content.isBlank()) {
      return invalid(modelName, "empty answer");
    }
    JsonObject json;
    try {
      json = new JsonObject(stripFences(content));
    } catch (DecodeException | ClassCastException e) {
      return invalid(modelName, "answer is not a JSON object");
    }
    Object action = json.getValue("action");
    if (!(action instanceof String a) || !List.of("BUY", "SELL", "HOLD").contains(a.trim().toUpperCase(Locale.ROOT))) {
      return invalid(modelName, "action must be BUY, SELL or HOLD");
    }
    Object confidence = json.getValue("confidence");
    if (!(confidence instanceof Number c) || !(c.doubleValue() >= 0 && c.doubleValue() <= 1)) {
      return invalid(modelName, "confidence must be a number from 0 to 1");
    }
    List<String> reasons = new ArrayList<>();
    Object raw = json.getValue("reasons", json.getValue("reason"));
    if (raw instanceof String s) {
      reasons.add(clip(s));
    } else if (raw instanceof JsonArray array) {
      for (Object item : array) {
        if (!(item instanceof String s)) {
          return invalid(modelName, "reasons must be strings");
        }
        if (reasons.size() < MAX_REASONS) {
          reasons.add(clip(s));
        }
      }
    } else if (raw != null) {
      return invalid(modelName, "reasons must be a list of strings");
    }
    return ModelDecision.ok(modelName, Action.valueOf(a.trim().toUpperCase(Locale.ROOT)), c.doubleValue(), reasons);
  }

  /** Models often wrap JSON in a Markdown code fence even when told not to. */
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

  private static String clip(String reason) {
    String flat = reason.replaceAll("\\p{Cntrl}", " ").trim();
    return flat.length() > MAX_REASON_LENGTH ? flat.substring(0, MAX_REASON_LENGTH) : flat;
  }

  private static ModelDecision invalid(String modelName, String why) {
    return ModelDecision.excluded(modelName, ModelDecision.Status.INVALID, why);
  }
}
