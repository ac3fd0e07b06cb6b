package dev.mariposa.http.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** The frames the bridge writes, as vertx-eventbus.js reads them. */
final class Frames {
  private Frames() {}

  /** A message on {@code address}: {@code {"type":"rec","address":..,"body":..}}. */
  static Buffer message(String address, Object body) {
    return new JsonObject().put("type", "rec").put("address", address).put("body", body).toBuffer();
  }

  /** A refusal the client's onerror sees: {@code {"type":"err","body":"access_denied"}}. */
  static Buffer error(String reason) {
    return new JsonObject().put("type", "err").put("body", reason).toBuffer();
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
