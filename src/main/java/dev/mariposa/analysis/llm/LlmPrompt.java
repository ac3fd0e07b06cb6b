package dev.mariposa.analysis.llm;

import dev.mariposa.analysis.model.ModelInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The chat messages sent to an LLM for one input, and their hash: equal inputs give equal prompts
 * and so share one cached answer. The answer schema is spelt out in the system message; the
 * indicator snapshot travels as JSON in the user message.
 */
public record LlmPrompt(String model, String system, String user) {
  static final String SYSTEM = "You are a crypto scalping analyst. You get the technical indicators, the order book "
      + "and the last closes of one symbol. Answer with one JSON object and nothing else: "
      + "{\"action\": \"BUY\" | \"SELL\" | \"HOLD\", \"confidence\": a number from 0 to 1, "
      + "\"reasons\": [at most 5 short strings]}.";

  public static LlmPrompt of(String model, ModelInput input) {
    return new LlmPrompt(model, SYSTEM, "Market snapshot: " + input.toJson().encode());
  }

  /** The body of POST /chat/completions. */
  public JsonObject requestBody(int maxTokens) {
    return new JsonObject()
        .put("model", model)
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "system").put("content", system))
            .add(new JsonObject().put("role", "user").put("content", user)))
        .put("temperature", 0)
        .put("max_tokens", maxTokens)
        .put("response_format", new JsonObject().put("type", "json_object"));
  }

  /** SHA-256 of the model and both messages, hex. */
  public String hash() {
    return sha256(model, system, user);
  }

  /** SHA-256, hex, of the parts separated by a NUL byte (so "ab"+"c" and "a"+"bc" differ). */
  static String sha256(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          digest.update((byte) 0);
        }
        digest.update(parts[i].getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
