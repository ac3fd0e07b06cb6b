package dev.mariposa.http.bridge;

import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BridgeCommands;
import dev.mariposa.bus.BridgeCommands.Refusal;
import dev.mariposa.session.BrowserSession;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One client of the bridge: the vertx-eventbus.js protocol ({@code ping}, {@code register},
 * {@code unregister}, {@code send}, {@code publish} in; {@code rec} and {@code err} out) with the
 * bridge's rules applied to each frame. Lives on its HTTP verticle's event loop.
 */
final class BridgeSocket {
  private final SockJsBridge bridge;
  private final SockJSSocket socket;
  private final BrowserSession session;
  private final Set<String> registered = new HashSet<>();
  private final Set<String> skipped = new HashSet<>();
  private final BridgeCommands.Budget commands;
  private long lastHeardAt = System.currentTimeMillis();
  private boolean closed;

  BridgeSocket(SockJsBridge bridge, SockJSSocket socket, BrowserSession session) {
    this.bridge = bridge;
    this.socket = socket;
    this.session = session;
    this.commands = new BridgeCommands.Budget(bridge.limits().inboundPerSecond());
    socket.handler(this::onFrame);
    socket.drainHandler(v -> {
      if (!skipped.isEmpty()) {
        Set<String> catchUp = Set.copyOf(skipped);
        skipped.clear();
        bridge.fanout().drained(this, catchUp);
      }
    });
    socket.closeHandler(v -> closed());
    socket.exceptionHandler(t -> close("socket error"));
  }

  private void onFrame(Buffer data) {
    lastHeardAt = System.currentTimeMillis();
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      write(Frames.error("invalid_json"));
      return;
    }
    String type = frame.getValue("type") instanceof String t ? t : null;
    if ("ping".equals(type)) {
      bridge.sessions().seen(session);
      return;
    }
    String address = frame.getValue("address") instanceof String a ? a : null;
    if (type == null) {
      write(Frames.error("missing_type"));
    } else if (address == null) {
      write(Frames.error("missing_address"));
    } else {
      switch (type) {
        case "register" -> register(address);
        case "unregister" -> unregister(address);
        case "send" -> send(address, frame);
        case "publish" -> refuse(new Refusal("rejected", 403,
            "publishing is not allowed; send to a request address, or register to receive"), null);
        default -> write(Frames.error("invalid_type"));
      }
    }
  }

  private void register(String address) {
    if (address.length() > bridge.limits().maxAddressLength()) {
      refuse(new Refusal("max_address_length_reached", 400,
          "an address of at most " + bridge.limits().maxAddressLength() + " characters"), null);
    } else if (registered.size() >= bridge.limits().maxHandlersPerSocket()) {
      refuse(new Refusal("max_handlers_reached", 429,
          "at most " + bridge.limits().maxHandlersPerSocket() + " registrations per socket"), null);
    } else if (!Addresses.isPublic(address)) {
      refuse(new Refusal("access_denied", 403, "not a public address"), null);
    } else if (!registered.add(address)) {
      write(Frames.error("address_already_registered"));
    } else {
      bridge.fanout().add(address, this);
      bridge.sessions().register(session, address);
    }
  }

  private void unregister(String address) {
    if (registered.remove(address)) {
      skipped.remove(address);
      bridge.fanout().remove(address, this);
      bridge.sessions().unregister(session, address);
    }
  }

  /**
   * A command: a request address, a valid token (taken out of the headers here, so it never
   * travels the event bus) and within the socket's inbound budget. The answer goes to the
   * client's reply address; so does a refusal, as the reply's failure, so that the client's
   * callback fires with the reason.
   */
  private void send(String address, JsonObject frame) {
    String token = BridgeCommands.takeAuthorization(frame);
    String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
    if (replyAddress != null && replyAddress.length() > 36) {
      refuse(new Refusal("invalid_reply_address", 400, "a reply address of at most 36 characters"), null);
      return;
    }
    if (!commands.take()) {
      refuse(BridgeCommands.throttled(bridge.limits().inboundPerSecond()), replyAddress);
      return;
    }
    if (!Addresses.INBOUND_REQUESTS.contains(address)) {
      refuse(new Refusal("access_denied", 403, "not a command address: the bridge takes commands on "
          + String.join(" and ", Addresses.INBOUND_REQUESTS)), replyAddress);
      return;
    }
    Optional<Refusal> unauthorized = bridge.checkToken(address, token);
    if (unauthorized.isPresent()) {
      refuse(unauthorized.get(), replyAddress);
      return;
    }
    bridge.sessions().seen(session);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(bridge.replyTimeoutMs());
    if (frame.getValue("headers") instanceof JsonObject headers) {
      headers.forEach(h -> options.addHeader(h.getKey(), String.valueOf(h.getValue())));
    }
    Object body = frame.getValue("body");
    if (replyAddress == null) {
      bridge.eventBus().send(address, body, options);
      return;
    }
    bridge.eventBus().request(address, body, options)
        .onSuccess(reply -> write(Frames.message(replyAddress, reply.body())))
        .onFailure(failure -> write(Frames.failure(replyAddress, failure)));
  }

  /** A refusal that says why: failing the reply when there is one, else to the client's onerror. */
  private void refuse(Refusal refusal, String replyAddress) {
    bridge.refused(refusal.code());
    write(replyAddress == null ? Frames.refusal(refusal) : Frames.refusedRequest(replyAddress, refusal));
  }

  void write(Buffer frame) {
    if (!closed) {
      socket.write(frame);
    }
  }

  /** Full, or closed underneath before its close handler ran (the transport throws then). */
  boolean writeQueueFull() {
    if (closed) {
      return true;
    }
    try {
      return socket.writeQueueFull();
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** A snapshot frame of {@code address} was skipped: the newest follows when the socket drains. */
  void skipped(String address) {
    skipped.add(address);
  }

  long lastHeardAt() {
    return lastHeardAt;
  }

  /** Closes the socket for {@code reason}; false when it was closed already. */
  boolean close(String reason) {
    if (closed) {
      return false;
    }
    bridge.refused(reason.replace(' ', '_'));
    socket.close();
    return true;
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    for (String address : registered) {
      bridge.fanout().remove(address, this);
    }
    registered.clear();
    bridge.closed(this);
    bridge.sessions().close(session);
  }
}
