package dev.mariposa.reliability;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of hostile frames for the two event-bus bridges, which speak the same JSON
 * protocol: the SockJS bridge's raw WebSocket transport (not only what vertx-eventbus.js would
 * send, but anything a script can put in a text or binary frame), and the TCP bridge, where each
 * frame is a 4-byte big-endian length then the JSON, and a few categories only the TCP bridge has
 * (wrong length prefixes, registrations past the per-connection limit, missing fields and unknown
 * types, sends to model and internal addresses). Frames that must never reach the event bus (no
 * valid token, publishing, an address not permitted) carry a body marked {@link #REFUSED_MARKER},
 * so an interceptor on the bus can prove they did not. The SockJS sequence for a seed is the one
 * it was before the TCP categories were added.
 */
final class HostileFrames {
  static final String REFUSED_MARKER = "must-be-refused";

  enum Category {
    BAD_JSON, TRUNCATED_JSON, HUGE, DEEP_JSON, WRONG_TYPES, ODD_UNICODE, REDIS_GLOB, UNAUTHENTICATED_SEND,
    NON_PUBLIC_REGISTER, PUBLISH, BINARY,
    /** TCP only: {@code type} or {@code address} missing, or a type the protocol does not have. */
    MISSING_FIELDS,
    /** TCP only: sends and publishes to {@code analysis.model.*} and internal reply addresses, model registrations. */
    MODEL_AND_INTERNAL,
    /** TCP only: the per-connection registration limit + 4 distinct public registrations in one write. */
    REGISTRATION_FLOOD,
    /** TCP only: a length prefix of zero, shorter or longer than the payload, negative. */
    LENGTH_PREFIX
  }

  /** Which bridge the frames are for. */
  enum Transport { SOCKJS, TCP }

  /**
   * One frame: text, or binary when {@code binary}. On TCP, {@code framed} data carries its own
   * length prefixes (written as they are); any other frame is sent after its length.
   */
  record Frame(int index, Category category, Buffer data, boolean binary, boolean framed) {
    /** A frame that must be refused, by an {@code err} or by the connection: nothing of it may reach the bus. */
    boolean mustBeRefused() {
      return data.toString(StandardCharsets.ISO_8859_1).contains(REFUSED_MARKER);
    }

    /** The bytes to write on a TCP bridge connection. */
    Buffer tcpWire() {
      return framed ? data : Buffer.buffer(data.length() + 4).appendInt(data.length()).appendBuffer(data);
    }

    String describe() {
      return "#" + index + " [" + category + "] " + (binary ? "binary " : "") + data.length() + " bytes: "
          + HostileRequest.printable(data.toString(StandardCharsets.ISO_8859_1), 160);
    }
  }

  private static final List<String> NON_PUBLIC = List.of("cmd.signal", "cmd.halt", "agents.changed", "analysis.run",
      "analysis.model.fz", "__vertx.reply.1", "system.status.x", "market.ticker.btcusdt", "", "session.x",
      "bus:market.ticker.BTCUSDT", "mariposa:market:ticker:BTCUSDT", "market.ticker.BTCUSDT.x", "jobs.", "signal.",
      "market.kline.BTCUSDT", "perf.agent.FZ", "trade.fz_1");

  private static final List<String> GLOB_ADDRESSES = List.of("market.ticker.*", "market.ticker.BTC?USDT",
      "market.kline.BTCUSDT.*", "signal.*", "*", "market.ticker.[A-Z]*", "jobs.\\*", "market.book.{BTCUSDT}",
      "perf.agent.*", "market.trade.BTC:USDT");

  private static final List<String> UNKNOWN_TYPES = List.of("message", "err", "pong", "subscribe", "SEND", "Register",
      "", " send", "rec", "publish ", "reply");

  private final Random random;
  private final String token;
  private final String symbol;
  private final Transport transport;
  private final int registrationLimit;

  /** Frames for the SockJS bridge. */
  HostileFrames(long seed, String token, String symbol) {
    this(seed, token, symbol, Transport.SOCKJS, 0);
  }

  /** {@code registrationLimit}: the TCP bridge's registrations per connection (TCP only). */
  HostileFrames(long seed, String token, String symbol, Transport transport, int registrationLimit) {
    this.random = new Random(seed);
    this.token = token;
    this.symbol = symbol;
    this.transport = transport;
    this.registrationLimit = registrationLimit;
  }

  List<Frame> generate(int count) {
    List<Category> categories = List.of(Category.values()).stream()
        .filter(c -> transport == Transport.TCP || c.ordinal() <= Category.BINARY.ordinal()).toList();
    List<Frame> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Category category = categories.get(i % categories.size());
      Buffer data = frame(category);
      out.add(new Frame(i, category, data, category == Category.BINARY && transport == Transport.SOCKJS,
          category == Category.REGISTRATION_FLOOD || category == Category.LENGTH_PREFIX));
    }
    return out;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private Buffer frame(Category category) {
    return switch (category) {
      case BAD_JSON -> text(pick(HostileValues.BAD_JSON));
      case TRUNCATED_JSON -> {
        String whole = command(true).encode();
        yield text(whole.substring(0, 1 + random.nextInt(whole.length() - 1)));
      }
      case HUGE -> random.nextBoolean()
          ? text(new JsonObject().put("type", "register").put("address", "market.ticker." + "A".repeat(pick(List.of(200, 5_000, 60_000)))).encode())
          : text(command(true).put("body", new JsonObject().put("pad", "A".repeat(pick(List.of(70_000, 300_000, 1_100_000))))).encode());
      case DEEP_JSON -> {
        int depth = pick(List.of(64, 999, 1001, 5000));
        String nested = "[".repeat(depth) + "1" + "]".repeat(depth);
        yield random.nextBoolean() ? text(nested)
            : text("{\"type\":\"send\",\"address\":\"cmd.signal\",\"headers\":{\"authorization\":\"Bearer " + token
                + "\"},\"replyAddress\":\"" + reply() + "\",\"body\":" + nested + "}");
      }
      case WRONG_TYPES -> {
        JsonObject frame = command(true);
        String field = pick(List.of("type", "address", "headers", "body", "replyAddress"));
        String encoded = frame.put(field, "@@FZ@@").encode();
        yield text(encoded.replace("\"@@FZ@@\"", pick(HostileValues.WRONG_TYPES)));
      }
      case ODD_UNICODE -> {
        JsonObject frame = random.nextBoolean() ? register(symbol) : command(true);
        String field = pick(List.of("address", "replyAddress", "type", "body"));
        String encoded = frame.put(field, "@@FZ@@").encode();
        yield text(encoded.replace("\"@@FZ@@\"", HostileValues.jsonString(pick(HostileValues.UNICODE))));
      }
      case REDIS_GLOB -> random.nextBoolean()
          ? text(new JsonObject().put("type", "register").put("address", pick(GLOB_ADDRESSES)).encode())
          : text(command(true).put("body", new JsonObject().put("agentId", pick(HostileValues.GLOBS))
              .put("symbol", pick(HostileValues.GLOBS)).put("action", "BUY")).encode());
      case UNAUTHENTICATED_SEND -> {
        JsonObject frame = command(false).put("body", refusedBody());
        switch (random.nextInt(5)) {
          case 0 -> { } // no headers at all
          case 1 -> frame.put("headers", new JsonObject().put("authorization", "Bearer wrong-token-0123456789"));
          case 2 -> frame.put("headers", new JsonObject().put("authorization", "Basic " + token));
          case 3 -> frame.put("headers", new JsonObject().put("authorization", "Bearer"));
          default -> frame.put("headers", new JsonObject().put("x-authorization", "Bearer wrong-token-0123456789"));
        }
        yield text(frame.encode());
      }
      case NON_PUBLIC_REGISTER -> text(new JsonObject().put("type", random.nextBoolean() ? "register" : "unregister")
          .put("address", pick(NON_PUBLIC)).encode());
      case PUBLISH -> text(new JsonObject().put("type", "publish").put("address", pick(List.of("cmd.halt", "cmd.signal",
          "system.status", "market.ticker." + symbol, "agents.changed"))).put("body", refusedBody())
          .put("headers", new JsonObject().put("authorization", "Bearer " + token)).encode());
      case BINARY -> {
        byte[] bytes = new byte[1 + random.nextInt(512)];
        random.nextBytes(bytes);
        yield switch (random.nextInt(3)) {
          case 0 -> Buffer.buffer(bytes);
          case 1 -> Buffer.buffer(register(symbol).encode());
          default -> Buffer.buffer("{\"type\":\"register\",\"address\":\"").appendBytes(Arrays.copyOf(bytes, 8))
              .appendString("\"}");
        };
      }
      case MISSING_FIELDS -> text(switch (random.nextInt(4)) {
        case 0 -> command(true).put("body", refusedBody()).putNull(pick(List.of("address", "type"))).encode();
        case 1 -> new JsonObject().put("type", pick(List.of("register", "unregister", "send", "publish")))
            .put("body", refusedBody()).encode();
        case 2 -> command(true).put("body", refusedBody()).put("type", pick(UNKNOWN_TYPES)).encode();
        default -> pick(List.of("{}", "{\"address\":\"market.ticker." + symbol + "\"}", "{\"type\":null}"));
      });
      case MODEL_AND_INTERNAL -> {
        String model = "analysis.model." + pick(List.of("fz", "technical", "ai-ensemble", "remote-py", "x"));
        String internal = pick(List.of("__vertx.reply.1", "__vertx.reply." + random.nextInt(100_000), reply(),
            "analysis.run", "agents.changed", "session.x", "trade.fz_1"));
        JsonObject headers = new JsonObject().put("authorization", random.nextBoolean() ? "Bearer " + token
            : "Bearer wrong-token-0123456789");
        yield text(switch (random.nextInt(4)) {
          case 0 -> new JsonObject().put("type", "send").put("address", model).put("replyAddress", reply())
              .put("body", refusedBody()).put("headers", headers).encode();
          case 1 -> new JsonObject().put("type", "publish").put("address", random.nextBoolean() ? model : internal)
              .put("body", refusedBody()).put("headers", headers).encode();
          case 2 -> new JsonObject().put("type", "send").put("address", internal).put("body", refusedBody())
              .put("headers", headers).encode();
          // Registering a model: with the token it is allowed, without it refused.
          default -> new JsonObject().put("type", "register").put("address", model)
              .put("headers", random.nextBoolean() ? headers : new JsonObject()).encode();
        });
      }
      case REGISTRATION_FLOOD -> {
        Buffer wire = Buffer.buffer();
        int base = random.nextInt(1_000_000);
        for (int i = 0; i < registrationLimit + 4; i++) {
          wire.appendBuffer(lengthPrefixed(register(String.format("FZ%06d%03d", base, i)).encode()));
        }
        yield wire;
      }
      case LENGTH_PREFIX -> {
        Buffer payload = Buffer.buffer(random.nextBoolean() ? register(symbol).encode() : command(false).put("body", refusedBody()).encode());
        yield switch (random.nextInt(5)) {
          case 0 -> Buffer.buffer().appendInt(0).appendBuffer(lengthPrefixed(payload.toString()));
          case 1 -> Buffer.buffer().appendInt(1 + random.nextInt(payload.length() - 1)).appendBuffer(payload);
          case 2 -> Buffer.buffer().appendInt(payload.length() + 1 + random.nextInt(1000)).appendBuffer(payload);
          case 3 -> Buffer.buffer().appendInt(-1 - random.nextInt(1000)).appendBuffer(payload);
          default -> Buffer.buffer().appendInt(Integer.MAX_VALUE).appendBuffer(payload);
        };
      }
    };
  }

  private static Buffer lengthPrefixed(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(bytes.length + 4).appendInt(bytes.length).appendBytes(bytes);
  }

  /** A send to a command address, with the valid token or without any. */
  private JsonObject command(boolean withToken) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", pick(List.of("cmd.signal", "cmd.halt")))
        .put("replyAddress", reply())
        .put("body", new JsonObject().put("agentId", "momentum-1m").put("action", "CLOSE").put("halted", false)
            .put("reason", "fuzz"));
    if (withToken) {
      frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    }
    return frame;
  }

  private JsonObject refusedBody() {
    return new JsonObject().put("agentId", "momentum-1m").put("action", "BUY").put("halted", true)
        .put("reason", REFUSED_MARKER);
  }

  private static JsonObject register(String symbol) {
    return new JsonObject().put("type", "register").put("address", "market.ticker." + symbol);
  }

  private String reply() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static Buffer text(String s) {
    return Buffer.buffer(s);
  }
}
