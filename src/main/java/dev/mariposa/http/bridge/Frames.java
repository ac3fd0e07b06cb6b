package dev.mariposa.http.bridge;

import dev.mariposa.bus.BridgeCommands.Refusal;
import dev.mariposa.events.MarketEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** The frames the bridge writes, as vertx-eventbus.js reads them. */
final class Frames {
  private Frames() {}

  /** A message on {@code address}: {@code {"type":"rec","address":..,"body":..}}. */
  static Buffer message(String address, Object body) {
    if (body instanceof MarketEvent event) {
      // Its JSON text spliced in as is: the same frame as from the JSON body, without building one.
      return Buffer.buffer("{\"type\":\"rec\",\"address\":" + Json.encode(address) + ",\"body\":" + event.encode() + "}");
    }
    return new JsonObject().put("type", "rec").put("address", address).put("body", body).toBuffer();
  }

  /** A refusal the client's onerror sees: {@code {"type":"err","body":"access_denied"}}. */
  static Buffer error(String reason) {
    return new JsonObject().put("type", "err").put("body", reason).toBuffer();
  }

  /**
   * A refused frame that has no reply handler to fail (a registration, a publish, a send without
   * a callback): {@code {"type":"err","body":"<code>","message":"<why>"}}. vertx-eventbus.js hands
   * it to {@code onerror}.
   */
  static Buffer refusal(Refusal refusal) {
    return new JsonObject().put("type", "err").put("body", refusal.code()).put("message", refusal.message()).toBuffer();
  }

  /**
   * A refused request, delivered as its reply's failure: vertx-eventbus.js calls the send's callback
   * with {@code {failureCode, failureType, message}}, the code the refusal's status and the message
   * {@code "<code>: <why>"}, as a command that fails.
   */
  static Buffer refusedRequest(String replyAddress, Refusal refusal) {
    return new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", refusal.status())
        .put("failureType", ReplyFailure.RECIPIENT_FAILURE.name()).put("message", refusal.text()).toBuffer();
  }

  /** A failed request, delivered to the client's reply handler. */
  static Buffer failure(String replyAddress, Throwable failure) {
    JsonObject frame = new JsonObject().put("type", "err").put("address", replyAddress);
    if (failure instanceof ReplyException reply) {
      frame.put("failureCode", reply.failureCode()).put("failureType", reply.failureType().name())
          .put("message", reply.getMessage());
    } else {
      frame.put("failureCode", -1).put("failureType", "RECIPIENT_FAILURE").put("message", "the request failed");
    }
    return frame.toBuffer();
  }
}
