package dev.mariposa.config;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/** A secret value (password, API key, token) that never shows itself in logs or JSON. */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The plain value: call it only where the secret is used (a signature, an AUTH command). */
  public String reveal() {
    return value;
  }

  /** Constant-time comparison, for tokens presented by clients. */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "****";
  }
}
