package dev.mariposa.reliability;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fake secrets for one run, configured on the suite's instances so that the code paths that hold
 * them run (API tokens checked, Redis AUTH, OKX signing, the LLM key), and then looked for in
 * everything the instances say. Fresh random values each run: a hit cannot be a coincidence with
 * text written in the repository. A leak of any 12 characters in a row of a secret's random part
 * counts, so a truncated or partly masked secret is found too.
 */
final class Secrets {
  private static final int WINDOW = 12;

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> randomParts = new HashMap<>();

  Secrets() {
    SecureRandom random = new SecureRandom();
    for (String name : List.of("API_TOKENS#1", "API_TOKENS#2", "REDIS_PASSWORD", "OKX_API_KEY", "OKX_API_SECRET",
        "OKX_PASSPHRASE", "AI_API_KEY")) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      String part = HexFormat.of().formatHex(bytes);
      randomParts.put(name, part);
      values.put(name, "s3cr3t-" + part);
    }
  }

  String token() {
    return values.get("API_TOKENS#1");
  }

  String secondToken() {
    return values.get("API_TOKENS#2");
  }

  String redisPassword() {
    return values.get("REDIS_PASSWORD");
  }

  /** A secret by its variable's name: OKX_API_KEY, AI_API_KEY … */
  String get(String name) {
    return values.get(name);
  }

  /**
   * The environment that configures them all but REDIS_PASSWORD (only a server that asks for it
   * can take it): OKX keys with EXCHANGE and OKX_REST_URL left to the caller, and an LLM
   * endpoint at {@code aiBaseUrl}.
   */
  Map<String, String> env(String aiBaseUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("API_TOKENS", token() + "," + secondToken());
    env.put("OKX_API_KEY", values.get("OKX_API_KEY"));
    env.put("OKX_API_SECRET", values.get("OKX_API_SECRET"));
    env.put("OKX_PASSPHRASE", values.get("OKX_PASSPHRASE"));
    env.put("AI_BASE_URL", aiBaseUrl);
    env.put("AI_API_KEY", values.get("AI_API_KEY"));
    env.put("AI_MODELS", "fz-model");
    return env;
  }

  /** The name of the first secret {@code text} shows (whole or any 12 characters of it), if any. */
  Optional<String> foundIn(String text) {
    if (text == null || text.length() < WINDOW) {
      return Optional.empty();
    }
    for (Map.Entry<String, String> secret : randomParts.entrySet()) {
      String part = secret.getValue();
      for (int i = 0; i + WINDOW <= part.length(); i++) {
        if (text.contains(part.substring(i, i + WINDOW))) {
          return Optional.of(secret.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /** {@code text} with every secret replaced by its name: safe to print. */
  String redact(String text) {
    String out = text;
    for (Map.Entry<String, String> secret : values.entrySet()) {
      out = out.replace(secret.getValue(), "<" + secret.getKey() + ">");
    }
    return out;
  }
}
