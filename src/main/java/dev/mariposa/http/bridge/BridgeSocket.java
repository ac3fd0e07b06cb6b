package dev.mariposa.http.bridge;

import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BridgeCommands;
import dev.mariposa.session.BrowserSession;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashSet;
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
        case "publish" -> refuse("rejected");
        default -> write(Frames.error("invalid_type"));
      }
    }
  }

  private void register(String address) {
    if (address.length() > bridge.limits().maxAddressLength()) {
      refuse("max_address_length_reached");
    } else if (registered.size() >= bridge.limits().maxHandlersPerSocket()) {
      refuse("max_handlers_reached");
    } else if (!Addresses.isPublic(address)) {
      refuse("access_denied");
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
   * client's reply address.
   */
  private void send(String address, JsonObject frame) {
    if (!commands.take()) {
      bridge.refused("throttled");
      write(Frames.error("rejected"));
      return;
    }
    String token = BridgeCommands.takeAuthorization(frame);
    String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
    if (token == null || !bridge.tokenValid(token) || !Addresses.INBOUND_REQUESTS.contains(address)) {
      refuse("rejected");
      return;
    }
    if (replyAddress != null && replyAddress.length() > 36) {
      write(Frames.error("invalid_reply_address"));
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

  private void refuse(String reason) {
    bridge.refused(reason);
    write(Frames.error(reason));
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
