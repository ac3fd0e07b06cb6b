package dev.mariposa.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One hostile HTTP/1.1 request exactly as it goes on the wire. {@code method} and {@code target}
 * hold raw bytes as ISO-8859-1 characters (so invalid UTF-8, NUL or an unencoded "../" reach the
 * server untouched); {@code headers} likewise. Host and Content-Length are added unless the
 * request sets its own (header abuse may leave Host out on purpose: {@code withoutHost}).
 * {@code protocolBreaking}: the connection is not reused after it. {@code brokenFraming}: its body
 * cannot be delimited (a bad chunk size), so a server may only close the connection (RFC 9112 §7.1).
 */
record HostileRequest(int index, Category category, String route, String method, String target,
                      List<Header> headers, byte[] body, boolean withoutHost, boolean protocolBreaking,
                      boolean brokenFraming) {

  /** What a request attacks; the figures are counted per category. */
  enum Category {
    BAD_JSON, TRUNCATED_JSON, HUGE_BODY, DEEP_JSON, WRONG_TYPES, ODD_UNICODE, PATH_TRAVERSAL, REDIS_GLOB,
    BAD_NUMBERS, HEADER_ABUSE, WRONG_METHOD
  }

  record Header(String name, String value) {}

  /** A single request written by hand (no category), on a connection used for it alone. */
  static HostileRequest of(String method, String target, List<Header> headers) {
    return new HostileRequest(0, null, "", method, target, headers, null, false, true, false);
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  /** The path part of the target, as sent (undecoded). */
  String rawPath() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  boolean hasHeader(String name) {
    return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase(name));
  }

  byte[] toBytes(String hostPort) {
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    if (!withoutHost && !hasHeader("Host")) {
      head.append("Host: ").append(hostPort).append("\r\n");
    }
    for (Header header : headers) {
      head.append(header.name()).append(": ").append(header.value()).append("\r\n");
    }
    if (body != null && !hasHeader("Content-Length") && !hasHeader("Transfer-Encoding")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + (body == null ? 0 : body.length));
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** One line for a report: the token never shows (it would leak into the very logs the suite checks). */
  String describe(String token) {
    StringBuilder sb = new StringBuilder().append('#').append(index).append(" [").append(category).append("] ")
        .append(printable(method, 40)).append(' ').append(printable(target, 300)).append("  (route ").append(route).append(')');
    for (Header header : headers) {
      sb.append("\n    ").append(printable(header.name(), 60)).append(": ")
          .append(printable(token == null ? header.value() : header.value().replace(token, "<valid token>"), 120));
    }
    if (body != null) {
      sb.append("\n    body (").append(body.length).append(" bytes): ")
          .append(printable(new String(body, StandardCharsets.UTF_8), 200));
    }
    return sb.toString();
  }

  /** {@code s} with control and non-ASCII characters escaped, cut at {@code max}. */
  static String printable(String s, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < max; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\x%02x", (int) c & 0xffff));
      }
    }
    return s.length() > max ? sb + "…(" + s.length() + ")" : sb.toString();
  }
}
