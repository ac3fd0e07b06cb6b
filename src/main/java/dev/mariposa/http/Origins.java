package dev.mariposa.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which web origins may call the API and open the bridge: a request without an Origin header (not
 * a browser), the dashboard's own origin (the server the request was sent to), and those of
 * http.allowedOrigins (CORS_ORIGINS; {@code *} for any), compared without case as browsers send
 * them.
 */
public final class Origins {
  private final List<String> allowed;

  public Origins(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** Whether a request with this Origin (may be null) to this Host may go on. */
  public boolean allowed(String origin, String host) {
    return origin == null || own(origin, host) || listed(origin);
  }

  /** Configured in http.allowedOrigins: a cross-origin caller that gets the CORS headers. */
  public boolean listed(String origin) {
    return allowed.contains("*") || allowed.stream().anyMatch(origin::equalsIgnoreCase);
  }

  /** Whether {@code origin} names the server the request was sent to ({@code host}, its Host header). */
  public static boolean own(String origin, String host) {
    try {
      String authority = URI.create(origin).getAuthority();
      return authority != null && host != null && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
