package dev.mariposa.bus;

import dev.mariposa.events.MarketEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;

/**
 * How an event-bus message travels through Redis: one JSON object naming the origin process
 * ({@code r} run id, {@code o} instance id), its group {@code g} and sequence number {@code s} in it, the address, the
 * headers, the body's type and the body itself. The body is encoded on the publisher's thread;
 * the envelope is completed when the batch is sent, once the sequence number is known.
 */
public final class BusEnvelope {
  private BusEnvelope() {}

  /** A message waiting to be sent: everything but the sequence number, already encoded. */
  public record Outgoing(String address, String headersJson, char type, String bodyJson, boolean coalesce) {}

  /** A message received from Redis, ready to publish locally. */
  public record Incoming(String runId, String instanceId, int group, long seq, String address,
                         DeliveryOptions options, Object body) {}

  /** Encodes a local message, or returns null for a body type that cannot cross (custom codecs). */
  public static Outgoing outgoing(String address, MultiMap headers, Object body, boolean coalesce) {
    char type;
    String json;
    if (body instanceof MarketEvent event) {
      type = 'o'; // its JSON form: on the wire a record is the object every other language reads
      json = event.encode();
    } else if (body instanceof JsonObject o) {
      type = 'o';
      json = o.encode();
    } else if (body instanceof JsonArray a) {
      type = 'a';
      json = a.encode();
    } else if (body instanceof String s) {
      type = 's';
      json = Json.encode(s);
    } else if (body instanceof Integer || body instanceof Long || body instanceof Short || body instanceof Byte) {
      type = 'l';
      json = body.toString();
    } else if (body instanceof Double || body instanceof Float) {
      type = 'd';
      json = Json.encode(body);
    } else if (body instanceof Boolean b) {
      type = 'z';
      json = b.toString();
    } else if (body instanceof Buffer buffer) {
      type = 'b';
      json = Json.encode(Base64.getEncoder().encodeToString(buffer.getBytes()));
    } else if (body == null) {
      type = 'n';
      json = "null";
    } else {
      return null;
    }
    return new Outgoing(address, encodeHeaders(headers), type, json, coalesce);
  }

  /** The complete envelope text for one message. */
  public static String encode(String runId, String instanceId, int group, long seq, Outgoing m) {
    return new StringBuilder(96 + m.bodyJson().length() + m.headersJson().length())
        .append("{\"r\":\"").append(runId)
        .append("\",\"o\":").append(Json.encode(instanceId))
        .append(",\"g\":").append(group)
        .append(",\"s\":").append(seq)
        .append(",\"a\":").append(Json.encode(m.address()))
        .append(",\"h\":").append(m.headersJson())
        .append(",\"t\":\"").append(m.type())
        .append("\",\"b\":").append(m.bodyJson())
        .append('}').toString();
  }

  /** Decodes an envelope; throws {@link IllegalArgumentException} for anything malformed. */
  public static Incoming decode(Buffer payload) {
    JsonObject envelope;
    try {
      envelope = new JsonObject(payload);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a JSON envelope: " + e.getMessage());
    }
    String runId = envelope.getString("r");
    String address = envelope.getString("a");
    Long seq = envelope.getLong("s");
    String type = envelope.getString("t");
    if (runId == null || address == null || seq == null || type == null || type.length() != 1) {
      throw new IllegalArgumentException("envelope without r, s, a or t");
    }
    DeliveryOptions options = new DeliveryOptions();
    String instanceId = envelope.getString("o", runId);
    options.addHeader(BusHeaders.ORIGIN, instanceId);
    JsonObject headers = envelope.getJsonObject("h", new JsonObject());
    for (Map.Entry<String, Object> header : headers) {
      if (header.getValue() instanceof JsonArray values) {
        values.forEach(v -> options.addHeader(header.getKey(), String.valueOf(v)));
      } else {
        options.addHeader(header.getKey(), String.valueOf(header.getValue()));
      }
    }
    return new Incoming(runId, instanceId, envelope.getInteger("g", 0), seq, address, options,
        body(type.charAt(0), envelope));
  }

  private static Object body(char type, JsonObject envelope) {
    return switch (type) {
      case 'o' -> envelope.getJsonObject("b");
      case 'a' -> envelope.getJsonArray("b");
      case 's' -> envelope.getString("b");
      case 'l' -> envelope.getLong("b");
      case 'd' -> envelope.getDouble("b");
      case 'z' -> envelope.getBoolean("b");
      case 'b' -> Buffer.buffer(Base64.getDecoder().decode(envelope.getString("b")));
      case 'n' -> null;
      default -> throw new IllegalArgumentException("unknown body type " + type);
    };
  }

  private static String encodeHeaders(MultiMap headers) {
    if (headers == null || headers.isEmpty()) {
      return "{}";
    }
    JsonObject json = new JsonObject();
    for (String name : headers.names()) {
      var values = headers.getAll(name);
      json.put(name, values.size() == 1 ? values.get(0) : new JsonArray(values));
    }
    return json.encode();
  }
}
