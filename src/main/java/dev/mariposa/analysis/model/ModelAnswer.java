package dev.mariposa.analysis.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a model's answer against the one schema every non-built-in model answers in
 * (events/analysis.model.reply.schema.json): {@code action} BUY, SELL or HOLD, {@code confidence} from 0 to 1, and
 * optional {@code reasons} (a string or a list of strings, the first five kept, each clipped).
 * Anything else is an INVALID decision that holds and says what was wrong: an answer from an LLM
 * or an external process never reaches a trade unchecked.
 */
public final class ModelAnswer {
  static final int MAX_REASONS = 5;
  static final int MAX_REASON_LENGTH = 200;

  private ModelAnswer() {}

  public static ModelDecision read(String modelName, Object answer) {
    if (!(answer instanceof JsonObject json)) {
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

  public static ModelDecision invalid(String modelName, String why) {
    return ModelDecision.excluded(modelName, ModelDecision.Status.INVALID, why);
  }

  private static String clip(String reason) {
    String flat = reason.replaceAll("\\p{Cntrl}", " ").trim();
    return flat.length() > MAX_REASON_LENGTH ? flat.substring(0, MAX_REASON_LENGTH) : flat;
  }
}
