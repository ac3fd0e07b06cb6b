package dev.mariposa.reliability;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hostile values the generators draw from, and the encodings that put them on the wire
 * unchanged (lone surrogates as the invalid UTF-8 bytes they would be, not as Java's '?').
 */
final class HostileValues {
  private HostileValues() {}

  /** Redis glob and key-structure characters: * ? [ ] \ and the : { } of key names and hash tags. */
  static final List<String> GLOBS = List.of("*", "BTC*", "*USDT", "?", "BTC?USDT", "[A-Z]*", "BTC[U]SDT",
      "BTC\\USDT", "\\", "**", "{*}", "*:*", "mariposa:*", "BTC:USDT", "{BTCUSDT}", "a*b?c[d]e\\f", "[^a]", "x{y}z");

  /** Odd text: NUL, lone surrogates, direction overrides, emoji, zero-width, case-changing and wide letters. */
  static final List<String> UNICODE = List.of("\u0000", "BTC\u0000USDT", "\uD800", "\uDC00", "BTC\uD83DUSDT",
      "\u202EBTCUSDT", "BTC\u202EUSDT", "\u200B", "\uD83D\uDE00", "BTC\uD83D\uDE80USDT", "e\u0301", "\uFEFFBTCUSDT",
      "\uFFFF", "\uFF22\uFF34\uFF23\uFF35\uFF33\uFF24\uFF34", "\u0131", "\u0130", "\u00DF", "stra\u00DFe", "\u2028",
      "\u0085", "\r\n", "\t", " ", "%", "\u00E9", "\u03A9mega", "\uD835\uDD18\uD835\uDD2B", "\u0661\u0662",
      "\u0000\u0000\u0000", "A\u0300\u0300\u0300\u0300\u0300\u0300\u0300\u0300");

  /** Invalid UTF-8 as percent escapes: a surrogate, overlong '.', bytes that never occur, cut sequences. */
  static final List<String> BAD_UTF8_ESCAPES = List.of("%ED%A0%80", "%C0%AE", "%FF%FE", "%C3%28", "%E2%82", "%F0%9F%98",
      "%80", "%zz", "%", "%2", "%u0041");

  /** Path segments that try to climb out (raw: the escapes are the attack). */
  static final List<String> TRAVERSAL_SEGMENTS = List.of("..", "../..", "..%2f..", "%2e%2e", "%2e%2e%2f%2e%2e",
      "..%5c..", "%252e%252e%252f", "....//", "..;", "%c0%ae%c0%ae", ".%2e", "%2e.", "..%00", "%00", "%2f", "a%2fb",
      "%2F..%2F..%2Fetc%2Fpasswd", "..%2f..%2f..%2fetc%2fpasswd", "..\\..\\", ".", "", "..%2F..%2Flogback.xml");

  /** Whole targets aimed at files outside the web root (classpath and file system). */
  static final List<String> TRAVERSAL_TARGETS = List.of("/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/vendor/../../logback.xml", "/vendor/..%2f..%2flogback.xml",
      "/vendor/%2e%2e/%2e%2e/logback.xml", "/..%2flogback.xml", "/%2e%2e/logback.xml", "/..%5clogback.xml",
      "/index.html/..%2f..%2flua%2fgcra.lua", "/webroot/../lua/gcra.lua", "/../lua/gcra.lua", "/%2e%2e/openapi.yaml",
      "/vendor/..%252f..%252flogback.xml", "//etc/passwd", "/./././logback.xml", "/vendor//..//..//logback.xml",
      "/api/../../logback.xml", "/eventbus/../../logback.xml", "/eventbus/..%2f..%2flogback.xml",
      "/..%c0%af..%c0%aflogback.xml", "/dev/mariposa/Mariposa.class", "/../dev/mariposa/Mariposa.class",
      "/META-INF/MANIFEST.MF", "/../META-INF/MANIFEST.MF", "/%2e%2e/%2e%2e/%2e%2e/proc/self/environ",
      "http://evil.example/api/agents", "*", "/api/agents/..", "/api/agents/%2e%2e/%2e%2e/health",
      "/api/market/..%2f..%2fcluster/ticker", "/api/%2e%2e/health", "/api/agents/momentum-1m/..%2f..%2fjobs");

  /**
   * What must never come back from a path that climbs out: text of files outside the web root
   * (openapi.yaml is not among them: "/%2e%2e/openapi.yaml" is its public route, normalized).
   */
  static final List<String> OUTSIDE_WEBROOT = List.of("<configuration>", "redis.call", "root:x:0:0",
      "Main-Class", "PATH=", "Ldev/mariposa/");

  /** Numbers (and near-numbers) for query parameters. */
  static final List<String> NUMBERS = List.of("-1", "0", "-0", "-2147483648", "2147483648", "9223372036854775807",
      "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity",
      "0x10", "1.5", "1.0", " 5", "5 ", "+5", "\u0663", "", "null", "true", "[]", "1,2", "00000000000000000001",
      "99999999999999999999999999999999", "1_000", "\uFF11", "-", "1e3", "0b1", "\u0000");

  /** Number tokens for JSON bodies (valid JSON, hostile values). */
  static final List<String> JSON_NUMBERS = List.of("-1", "0", "-0", "-0.0", "1e309", "-1e309", "1e-400",
      "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1.7976931348623157e308",
      "4.9e-324", "1E2", "-1e-7", "2147483648", "1e1000000");

  /** Tokens of the wrong type for any field (valid JSON). */
  static final List<String> WRONG_TYPES = List.of("1", "-1", "1.5", "true", "false", "null", "\"str\"", "\"\"", "[]",
      "{}", "[null]", "[[]]", "{\"$gt\":\"\"}", "{\"$where\":\"sleep(1000)\"}", "[\"BTCUSDT\",1,null]", "\"1\"",
      "\"true\"", "{\"name\":{\"$ne\":null}}", "[{}]", "\"BTCUSDT\"");

  /** Bodies that are not JSON, or not a JSON object. */
  static final List<String> BAD_JSON = List.of("", "{", "}", "{]", "nul", "tru", "{'a':1}", "{\"a\":1,}", "[1,2",
      "\"str", "{\"a\" 1}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":Infinity}", "// c\n{}", "{\"a\":1}{\"b\":2}",
      "{\"a\":1} trailing", "\uFEFF{}", "\u0000{}", "[]", "1", "\"s\"", "null", "true", "{\"a\":\"\\x41\"}",
      "{\"a\":\"\\u12\"}", "{\"a\":\"unterminated}", "{\"a\":-}", "{\"a\":1e}", "{,}", "{\"\":}", "<xml/>",
      "a=1&b=2", "{\"a\":\"\u0001\"}", "{\"halted\":tRUE}", "{\"a\":[1,,2]}", "{\"a\":.5}", "{\"a\":+1}");

  /** Bad Authorization values (the valid token stands as {@code $T}). */
  static final List<String> BAD_AUTHORIZATION = List.of("Bearer", "Bearer ", "Bearer  ", "Basic dXNlcjpwYXNz",
      "Bearer $Tx", "x$T", "Bearer $T $T", "Token $T", "Bearer wrong-token-0123456789", "Bearer null",
      "Bearer " + "A".repeat(5000), "Bearer \u00e9\u00e9\u00e9", "Bearer $T\u0000", "Bearer\t$T", "$T", "Bearer $T;",
      "Bearer ../../etc/passwd", "Bearer *", "Digest username=\"x\"", "Bearer \"$T\"");

  static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded", "application/json; charset=utf-16", "", "*/*", "application/json, text/html",
      "application/json; charset=ebcdic", "application/json; " + "x=".repeat(2000), "application/octet-stream",
      "multipart/form-data", "application/json;;;", "\u00e9/\u00e9");

  static final List<String> METHODS = List.of("PATCH", "TRACE", "OPTIONS", "FOO", "get", "Get", "PROPFIND", "DELETE",
      "PUT", "POST", "HEAD", "CONNECT", "M-SEARCH", "GETT", "G", "X".repeat(100));

  /** Percent-encodes every byte of {@code value}'s WTF-8 form that is not unreserved. */
  static String percentEncode(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : wtf8(value)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  /** {@code value}'s bytes as ISO-8859-1 characters (what goes raw into a request line or header). */
  static String raw(String value) {
    return new String(wtf8(value), StandardCharsets.ISO_8859_1);
  }

  /** UTF-8, except that a lone surrogate becomes its three bytes (invalid UTF-8) instead of '?'. */
  static byte[] wtf8(String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() * 2);
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | cp >> 6);
        out.write(0x80 | cp & 0x3F);
      } else if (cp < 0x10000) {
        out.write(0xE0 | cp >> 12);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      } else {
        out.write(0xF0 | cp >> 18);
        out.write(0x80 | cp >> 12 & 0x3F);
        out.write(0x80 | cp >> 6 & 0x3F);
        out.write(0x80 | cp & 0x3F);
      }
    }
    return out.toByteArray();
  }

  /** {@code value} as a JSON string literal, lone surrogates as \\u escapes (valid JSON, odd text). */
  static String jsonString(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
