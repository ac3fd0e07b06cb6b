package dev.mariposa.signal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mariposa's client order ids, within OKX's rules (1–32 letters and digits): {@code m}, 6 hex
 * digits of the SHA-256 of the agent id, 25 hex digits of the SHA-256 of the signal id. The same
 * signal always maps to the same order (a replayed or redelivered signal finds its order), two
 * signals collide with a chance of 2^-100, and an order the venue holds but MongoDB does not can be
 * told as Mariposa's and given back to its agent ({@link #agentTag}), which reconciliation needs
 * to adopt it.
 */
public final class ClientOrderIds {
  /** What every id Mariposa places starts with. */
  public static final String PREFIX = "m";
  private static final Pattern OURS = Pattern.compile(PREFIX + "[0-9a-f]{31}");
  private static final int AGENT_DIGITS = 6;

  private ClientOrderIds() {}

  public static String of(String agentId, String signalId) {
    return PREFIX + agentTag(agentId) + sha256Hex(signalId).substring(0, 31 - AGENT_DIGITS);
  }

  /** Whether the venue's order was placed by Mariposa (by the form of its client order id). */
  public static boolean isOurs(String clOrdId) {
    return clOrdId != null && OURS.matcher(clOrdId).matches();
  }

  /** The agent part of an id of ours; empty for any other id. */
  public static Optional<String> agentTagOf(String clOrdId) {
    return isOurs(clOrdId) ? Optional.of(clOrdId.substring(1, 1 + AGENT_DIGITS)) : Optional.empty();
  }

  /** The 6 hex digits an agent's ids carry. */
  public static String agentTag(String agentId) {
    return sha256Hex(agentId).substring(0, AGENT_DIGITS);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
