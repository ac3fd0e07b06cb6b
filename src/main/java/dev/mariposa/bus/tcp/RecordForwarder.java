package dev.mariposa.bus.tcp;

import dev.mariposa.events.MarketEvent;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.eventbus.bridge.tcp.impl.protocol.FrameHelper;
import java.util.HashMap;
import java.util.Map;

/**
 * TCP clients' registrations on the addresses whose bodies are records (tickers, trades): the library
 * writes a body with Vert.x's JSON encoder, which knows no records, so these registrations are
 * kept here and each message is written as the library writes it, with the record's JSON as body.
 * Runs on the bridge verticle's event loop.
 */
final class RecordForwarder {
  private final EventBus bus;
  private final Map<NetSocket, Map<String, MessageConsumer<Object>>> registrations = new HashMap<>();

  RecordForwarder(EventBus bus) {
    this.bus = bus;
  }

  void register(NetSocket socket, String address) {
    registrations.computeIfAbsent(socket, s -> new HashMap<>())
        .put(address, bus.consumer(address, message -> forward(socket, address, message)));
  }

  void unregister(NetSocket socket, String address) {
    Map<String, MessageConsumer<Object>> registered = registrations.get(socket);
    MessageConsumer<Object> consumer = registered == null ? null : registered.remove(address);
    if (consumer != null) {
      consumer.unregister();
    }
  }

  void closed(NetSocket socket) {
    Map<String, MessageConsumer<Object>> registered = registrations.remove(socket);
    if (registered != null) {
      registered.values().forEach(MessageConsumer::unregister);
    }
  }

  /** The library's frame for a published message: type, address, headers, send, body. */
  private static void forward(NetSocket socket, String address, Message<Object> message) {
    JsonObject headers = new JsonObject();
    message.headers().forEach(header -> headers.put(header.getKey(), header.getValue()));
    FrameHelper.sendFrame("message", address, null, headers, false, MarketEvent.json(message.body()), socket);
  }
}
