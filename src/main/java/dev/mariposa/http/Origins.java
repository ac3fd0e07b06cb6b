package dev.mariposa.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web origins may call the API and open the bridge: a request without an Origin header (not
 * a browser), the dashboard's own origin (the server the request was sent to), and those of
 * http.allowedOrigins (CORS_ORIGINS; {@code *} for any), compared as browsers send them: without
 * case, and without the scheme's default port.
 */
public final class Origins {
  private final boolean any;
  private final Set<String> listed;

  public Origins(List<String> allowed) {
    this.any = allowed.contains("*");
    this.listed = allowed.stream().map(Origins::normalized).flatMap(Optional::stream).collect(Collectors.toSet());
  }

  /** Whether any origin may call ({@code *}). */
  public boolean any() {
    return any;
  }

  /** The listed origins, normalized: scheme://host[:port], lower case, no default port. */
  public Set<String> listed() {
    return listed;
  }

  /** Whether a request with this Origin (may be null) to this Host may go on. */
  public boolean allowed(String origin, String host) {
    return origin == null || own(origin, host) || listed(origin);
  }

  /** Configured in http.allowedOrigins: a cross-origin caller that gets the CORS headers. */
  public boolean listed(String origin) {
    return any || normalized(origin).map(listed::contains).orElse(false);
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

  /** scheme://host[:port], lower case, without the scheme's default port: how browsers send it. */
  private static Optional<String> normalized(String origin) {
    try {
      URI uri = URI.create(origin.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return Optional.empty();
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port == -1 || port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http");
      return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
