package dev.mariposa.exchange.okx;

import dev.mariposa.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OKX v5 request signing: {@code Base64(HMAC-SHA256(secret, timestamp + METHOD + requestPath + body))},
 * the raw digest (not hex). GET requests put the query in requestPath and sign an empty body; POST
 * requests sign the exact JSON text that is sent, so the caller signs and sends one String.
 * Thread-safe: a fresh {@link Mac} per signature (a Mac is stateful), the key is immutable.
 */
public final class OkxSigner {
  private static final String ALGORITHM = "HmacSHA256";
  /** OKX wants ISO-8601 UTC with exactly three millisecond digits and a Z, e.g. 2020-12-08T09:08:57.715Z. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final SecretKeySpec key;

  public OkxSigner(Secret secret) {
    Objects.requireNonNull(secret, "secret");
    String value = secret.reveal();
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the OKX API secret is empty");
    }
    this.key = new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The OK-ACCESS-SIGN header for one request; {@code body} is "" (or null) for a GET. */
  public String sign(String timestamp, String method, String requestPath, String body) {
    return sign(timestamp + method.toUpperCase(Locale.ROOT) + requestPath + (body == null ? "" : body));
  }

  /** The signature of an already assembled prehash string. */
  public String sign(String prehash) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Base64.getEncoder().encodeToString(mac.doFinal(prehash.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is mandatory in every JRE; the message names no key material.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The OK-ACCESS-TIMESTAMP value of {@code at}, truncated (never rounded) to the millisecond. */
  public static String timestamp(Instant at) {
    return TIMESTAMP.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  @Override
  public String toString() {
    return "OkxSigner[****]";
  }
}
