package dev.mariposa.reliability;

import static dev.mariposa.reliability.HostileValues.percentEncode;
import static dev.mariposa.reliability.HostileValues.raw;
import static dev.mariposa.reliability.HostileValues.wtf8;

import dev.mariposa.reliability.HostileRequest.Category;
import dev.mariposa.reliability.HostileRequest.Header;
import dev.mariposa.reliability.OpenApiRoutes.Operation;
import dev.mariposa.reliability.OpenApiRoutes.Param;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of hostile HTTP requests over a list of operations: the same seed gives the
 * same requests, so a failure seen once can be replayed. Categories and operations are taken in
 * turn (every operation meets every category every {@code 11 × operations} requests); within a
 * request, what to attack and with which value is drawn from the seed.
 */
final class HostileRequests {
  /** What the service knows, so the parts of a request that are not under attack get past validation. */
  record Targets(List<String> symbols, List<String> agentIds, List<String> jobNames, String token, int bodyLimit) {}

  private final Random random;
  private final List<Operation> operations;
  private final Targets targets;

  HostileRequests(long seed, List<Operation> operations, Targets targets) {
    this.random = new Random(seed);
    this.operations = List.copyOf(operations);
    this.targets = targets;
  }

  List<HostileRequest> generate(int count) {
    Category[] categories = Category.values();
    List<HostileRequest> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Operation op = operations.get((i / categories.length) % operations.size());
      out.add(new Draft(op).attack(categories[i % categories.length]).build(i));
    }
    return out;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** One request being built: valid everywhere, until {@link #attack} makes one part hostile. */
  private final class Draft {
    final Operation op;
    String method;
    final Map<String, String> pathValues = new LinkedHashMap<>();
    final List<String> query = new ArrayList<>();
    final List<Header> headers = new ArrayList<>();
    final BodyTemplate template;
    byte[] body;
    String target;
    boolean withoutHost;
    boolean protocolBreaking;
    boolean brokenFraming;
    Category category;

    Draft(Operation op) {
      this.op = op;
      this.method = op.method();
      for (Param param : op.params()) {
        if (param.inPath()) {
          pathValues.put(param.name(), percentEncode(valid(param)));
        } else if (param.required() || random.nextBoolean()) {
          query.add(param.name() + "=" + percentEncode(valid(param)));
        }
      }
      template = op.hasBody() ? BodyTemplate.of(op.bodySchema(), random, this::knownField) : null;
      if (template != null && random.nextInt(4) > 0) {
        body = template.bytes();
        headers.add(new Header("Content-Type", "application/json"));
      }
      // Half the requests on guarded routes carry the valid token, so the handlers behind it are attacked too.
      int auth = random.nextInt(10);
      if (auth < (op.secured() ? 5 : 1)) {
        headers.add(new Header("Authorization", "Bearer " + targets.token()));
      } else if (auth == 9) {
        headers.add(new Header("Authorization", "Bearer wrong-token-" + random.nextInt(1000) + "-0123456789"));
      }
    }

    Draft attack(Category category) {
      this.category = category;
      switch (category) {
        case BAD_JSON -> json(pick(HostileValues.BAD_JSON).getBytes(StandardCharsets.UTF_8));
        case TRUNCATED_JSON -> {
          byte[] whole = sampleBody();
          json(Arrays.copyOf(whole, 1 + random.nextInt(Math.max(1, whole.length - 1))));
        }
        case HUGE_BODY -> json(huge(pick(List.of(targets.bodyLimit() + 1, 2 * targets.bodyLimit(), 8 * targets.bodyLimit()))));
        case DEEP_JSON -> deep(pick(List.of(64, 500, 999, 1000, 1001, 5000)));
        case WRONG_TYPES -> wrongTypes();
        case ODD_UNICODE -> oddUnicode();
        case PATH_TRAVERSAL -> traversal();
        case REDIS_GLOB -> glob();
        case BAD_NUMBERS -> badNumbers();
        case HEADER_ABUSE -> headerAbuse();
        case WRONG_METHOD -> method = pick(HostileValues.METHODS.stream().filter(m -> !m.equals(op.method())).toList());
        default -> throw new IllegalStateException(category.name());
      }
      return this;
    }

    HostileRequest build(int index) {
      String path = target != null ? target : op.path(pathValues) + (query.isEmpty() ? "" : "?" + String.join("&", query));
      return new HostileRequest(index, category, op.toString(), method, path, List.copyOf(headers), body, withoutHost,
          protocolBreaking, brokenFraming);
    }

    // ---- the attacks

    private void json(byte[] bytes) {
      body = bytes;
      if (headers.stream().noneMatch(h -> h.name().equals("Content-Type"))) {
        headers.add(new Header("Content-Type", "application/json"));
      }
    }

    private byte[] sampleBody() {
      if (template != null) {
        return template.bytes();
      }
      return new JsonObject().put("id", "fz-1").put("symbols", new JsonArray().add(pick(targets.symbols())))
          .put("action", "BUY").encode().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] huge(int size) {
      StringBuilder sb = new StringBuilder(size + 32);
      switch (random.nextInt(4)) {
        case 0 -> sb.append("{\"reason\":\"").append("A".repeat(size)).append("\"}");
        case 1 -> {
          sb.append('[');
          while (sb.length() < size) {
            sb.append("1,");
          }
          sb.append("1]");
        }
        case 2 -> {
          sb.append('{');
          for (int k = 0; sb.length() < size; k++) {
            sb.append("\"k").append(k).append("\":0,");
          }
          sb.append("\"end\":0}");
        }
        default -> sb.append("A".repeat(size));
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void deep(int depth) {
      boolean arrays = random.nextBoolean();
      String nested = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
      if (template != null && random.nextBoolean()) {
        json(template.with(pick(template.fields()).path(), nested.getBytes(StandardCharsets.UTF_8)));
      } else {
        json(nested.getBytes(StandardCharsets.UTF_8));
      }
    }

    private void wrongTypes() {
      if (template != null && random.nextInt(3) > 0) {
        json(template.with(pick(template.fields()).path(), pick(HostileValues.WRONG_TYPES).getBytes(StandardCharsets.UTF_8)));
        return;
      }
      String value = pick(List.of("abc", "true", "[]", "{}", "null", "1.5", "%5B%5D", "x,y"));
      List<Param> params = op.params();
      if (params.isEmpty() || random.nextInt(4) == 0) {
        query.add(pick(List.of("limit", "offset", "depth", "symbols", "agentId", "interval")) + pick(List.of("[]", "[0]", ".x", ""))
            + "=" + value);
        return;
      }
      Param param = pick(params);
      if (param.inPath()) {
        pathValues.put(param.name(), value);
      } else {
        query.add(param.name() + "=" + value);
        if (random.nextBoolean()) {
          query.add(param.name() + "=" + percentEncode(valid(param))); // the same parameter twice
        }
      }
    }

    private void oddUnicode() {
      String text = pick(HostileValues.UNICODE);
      int where = random.nextInt(5);
      if (where == 0 && template != null) {
        byte[] token = random.nextBoolean()
            ? HostileValues.jsonString(text).getBytes(StandardCharsets.US_ASCII)
            : concat(new byte[] {'"'}, wtf8(text.replace("\"", "").replace("\\", "")), new byte[] {'"'});
        json(template.with(pick(template.fields()).path(), token));
      } else if (where == 1) {
        headers.add(new Header(pick(List.of("X-Fuzz", "User-Agent", "Accept-Language", "Authorization")),
            raw(pick(List.of("Bearer ", "", "x")) + text.replace("\r", "").replace("\n", ""))));
      } else {
        // Percent-encoded (decoded by the server), a raw invalid escape, or raw bytes in the request line.
        String encoded = switch (random.nextInt(3)) {
          case 0 -> percentEncode(text);
          case 1 -> pick(HostileValues.BAD_UTF8_ESCAPES);
          default -> raw(text.replaceAll("[\\s\\u0000]", ""));
        };
        hostileParam(encoded, where == 2);
      }
    }

    private void traversal() {
      switch (random.nextInt(3)) {
        case 0 -> hostileParam(pick(HostileValues.TRAVERSAL_SEGMENTS), true);
        case 1 -> {
          String path = op.path(pathValues);
          List<Integer> slashes = new ArrayList<>();
          for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
              slashes.add(i);
            }
          }
          int at = pick(slashes);
          target = path.substring(0, at + 1) + pick(HostileValues.TRAVERSAL_SEGMENTS) + "/" + path.substring(at + 1);
        }
        default -> {
          target = pick(HostileValues.TRAVERSAL_TARGETS);
          method = random.nextInt(4) == 0 ? op.method() : "GET";
          protocolBreaking = target.startsWith("http:") || target.equals("*");
        }
      }
    }

    private void glob() {
      String value = pick(HostileValues.GLOBS);
      int where = random.nextInt(3);
      if (where == 0 && template != null) {
        List<BodyTemplate.Field> strings = template.fields().stream().filter(f -> f.type().equals("string")).toList();
        BodyTemplate.Field field = strings.isEmpty() ? pick(template.fields()) : pick(strings);
        json(template.with(field.path(), HostileValues.jsonString(value).getBytes(StandardCharsets.US_ASCII)));
      } else if (where == 1 && query.isEmpty() && op.params().stream().noneMatch(p -> !p.inPath())) {
        query.add(pick(List.of("symbols", "agentId", "pattern", "match")) + "=" + percentEncode(value));
      } else {
        // Encoded in full, or the characters a request line may carry as they are.
        hostileParam(random.nextBoolean() ? percentEncode(value) : value.replace("[", "%5B").replace("]", "%5D")
            .replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D"), true);
      }
    }

    private void badNumbers() {
      List<BodyTemplate.Field> numeric = template == null ? List.of()
          : template.fields().stream().filter(f -> f.type().equals("number") || f.type().equals("integer")).toList();
      if (!numeric.isEmpty() && random.nextBoolean()) {
        json(template.with(pick(numeric).path(), pick(HostileValues.JSON_NUMBERS).getBytes(StandardCharsets.US_ASCII)));
        return;
      }
      List<Param> params = op.params().stream().filter(Param::numeric).toList();
      String name = params.isEmpty() ? pick(List.of("limit", "offset", "depth", "startTime", "endTime")) : pick(params).name();
      query.removeIf(q -> q.startsWith(name + "="));
      query.add(name + "=" + percentEncode(pick(HostileValues.NUMBERS)));
    }

    /** {@code encoded} (already as it goes on the wire) as a path parameter, else a query value. */
    private void hostileParam(String encoded, boolean preferPath) {
      List<Param> path = op.params().stream().filter(Param::inPath).toList();
      List<Param> queryParams = op.params().stream().filter(p -> !p.inPath()).toList();
      if (!path.isEmpty() && (preferPath || queryParams.isEmpty())) {
        pathValues.put(pick(path).name(), encoded);
      } else {
        String name = queryParams.isEmpty() ? pick(List.of("symbols", "limit", "agentId", "q")) : pick(queryParams).name();
        query.removeIf(q -> q.startsWith(name + "="));
        query.add(name + "=" + encoded);
      }
    }

    private void headerAbuse() {
      String token = targets.token();
      switch (random.nextInt(14)) {
        case 0 -> headers.add(new Header("X-Fuzz", "A".repeat(pick(List.of(9_000, 20_000, 70_000)))));
        case 1 -> {
          for (int i = 0; i < 300; i++) {
            headers.add(new Header("X-F" + i, "v" + i));
          }
        }
        case 2 -> {
          headers.removeIf(h -> h.name().equals("Authorization"));
          String value = pick(HostileValues.BAD_AUTHORIZATION).replace("$T", token);
          headers.add(new Header("Authorization", raw(value)));
          protocolBreaking = value.indexOf('\u0000') >= 0;
        }
        case 3 -> {
          headers.removeIf(h -> h.name().equals("Content-Type"));
          headers.add(new Header("Content-Type", raw(pick(HostileValues.CONTENT_TYPES))));
          if (body == null) {
            body = pick(List.of("a=1&b=%zz", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n", "{}"))
                .getBytes(StandardCharsets.UTF_8);
          }
        }
        case 4 -> {
          headers.add(new Header("Authorization", "Bearer " + token));
          headers.add(new Header("Authorization", "Bearer wrong-token-0123456789"));
          headers.add(new Header("Content-Type", "text/plain"));
        }
        case 5 -> {
          headers.add(new Header("X-Fuzz", raw(pick(List.of("\u00e9\u00e8", "a\u0000b", "a\rb", "\u00ff\u00fe", "\uD83D\uDE00")))));
          protocolBreaking = true;
        }
        case 6 -> {
          headers.add(new Header(pick(List.of("X Fuzz", "X-Fuzz(", "X-F\u00e9", ":authority", "", "X-Fuzz\t")), "1"));
          protocolBreaking = true;
        }
        case 7 -> {
          headers.add(new Header("Content-Length", pick(List.of("-1", "abc", "1, 2", "99999999999999999999", "+5"))));
          headers.add(new Header("Connection", "close"));
          protocolBreaking = true;
        }
        case 8 -> {
          headers.add(new Header("Transfer-Encoding", "chunked"));
          headers.add(new Header("Connection", "close"));
          String chunks = pick(List.of("zz\r\n{}\r\n0\r\n\r\n", "2\r\n{}\r\n0\r\n\r\n", "-1\r\n\r\n0\r\n\r\n"));
          body = chunks.getBytes(StandardCharsets.US_ASCII);
          brokenFraming = !chunks.startsWith("2");
          if (random.nextBoolean()) {
            headers.add(new Header("Content-Length", "4"));
          }
          protocolBreaking = true;
        }
        case 9 -> headers.add(new Header("Accept-Encoding", pick(List.of("gzip", "deflate", "gzip, deflate, br", "*", "x;q=junk"))));
        case 10 -> {
          withoutHost = random.nextBoolean();
          if (!withoutHost) {
            headers.add(new Header("Host", pick(List.of("evil.example", "", "a".repeat(3000), "127.0.0.1:0", "[::1", "h\u00e9"))));
          }
          protocolBreaking = true;
        }
        case 11 -> headers.add(new Header(pick(List.of("Expect", "Range", "If-Modified-Since", "If-None-Match", "Upgrade")),
            pick(List.of("100-continue", "bytes=abc", "bytes=-1-5", "junk", "*", "websocket", "bytes=0-1,2-3,4-5"))));
        case 12 -> headers.add(new Header(pick(List.of("Origin", "X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "Cookie")),
            pick(List.of("https://evil.example", "1.2.3.4", "127.0.0.1, ::1", "for=\"_gazonk\"", "a=" + "b".repeat(7000), "null"))));
        default -> {
          headers.add(new Header("Connection", pick(List.of("close", "keep-alive, Upgrade", "TE", "junk"))));
          headers.add(new Header("TE", pick(List.of("trailers", "gzip", "junk"))));
        }
      }
    }

    // ---- valid values

    /** A value the parameter's rules accept: a known one for the names the service checks, else from its schema. */
    private String valid(Param param) {
      Object example = param.schema().getValue("example");
      return switch (param.name()) {
        case "symbol" -> pick(targets.symbols());
        case "symbols" -> String.join(",", targets.symbols());
        case "id" -> param.schema().getString("pattern", "").contains("a-z0-9-")
            ? pick(targets.agentIds()) : "fz" + random.nextInt(1000);
        case "agentId" -> pick(targets.agentIds());
        case "name" -> pick(targets.jobNames());
        case "file" -> "sockjs.min.js";
        case "server" -> Integer.toString(random.nextInt(1000));
        case "session" -> "fz" + Long.toHexString(random.nextLong());
        default -> {
          JsonArray values = param.schema().getJsonArray("enum");
          Object minimum = param.schema().getValue("minimum");
          if (values != null) {
            yield String.valueOf(values.getValue(random.nextInt(values.size())));
          }
          if (example != null) {
            yield String.valueOf(example);
          }
          yield param.numeric() ? String.valueOf(minimum == null ? 1 : minimum) : "fz";
        }
      };
    }

    /** A body field's value the service accepts, for the fields it checks; null: any of the schema's type. */
    private Object knownField(String name) {
      return switch (name) {
        case "id" -> pathValues.containsKey("id") ? pathValues.get("id") : "fz-" + (1 + random.nextInt(6));
        case "symbols" -> new JsonArray().add(pick(targets.symbols()));
        case "symbol" -> pick(targets.symbols());
        case "interval" -> "1m";
        case "models" -> new JsonArray().add("technical");
        case "action" -> pick(List.of("BUY", "SELL", "CLOSE"));
        case "account" -> new JsonObject().put("exchange", "paper").put("startingBalance", 1000);
        case "halted" -> false;
        case "reason" -> "fuzz";
        case "name" -> "Fuzz";
        case "confidence", "minConfidence", "agreement" -> 0.5;
        default -> null; // a value of the schema's type
      };
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] part : parts) {
      n += part.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
