package dev.mariposa.bus.tcp;

import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BridgeCommands;
import dev.mariposa.config.MariposaConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The TCP bridge's rules, applied to every frame before the library acts on it; the library's own
 * permitted-address lists ({@link TcpBridgeVerticle}) are the second line. The same model as the
 * SockJS bridge:
 *
 * <ul>
 *   <li>register: the public addresses, by anyone; {@code analysis.model.<name>} only with a
 *       valid {@code authorization: Bearer <token>} header (answering a model steers trades);</li>
 *   <li>send: the command request addresses only with a valid token, within the socket's
 *       inbound budget; replies to requests the socket received pass (the library checks that the
 *       reply address is one it delivered to this socket);</li>
 *   <li>publish: refused.</li>
 * </ul>
 *
 * The token is taken out of the frame's headers, so it never travels the event bus. A refusal is
 * answered with an {@code err} frame naming the reason (the library then sends its generic
 * "blocked by bridgeEvent handler"). Runs on the bridge verticle's event loop.
 */
final class BridgeGuard implements Handler<BridgeEvent> {
  private final MariposaConfig.TcpBridge limits;
  private final Predicate<String> tokenValid;
  private final MeterRegistry registry;
  private final Map<NetSocket, Client> clients = new HashMap<>();
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

  /** What one connection has registered, and its budget of command sends. */
  private final class Client {
    final Set<String> registered = new HashSet<>();
    final BridgeCommands.Budget commands = new BridgeCommands.Budget(limits.inboundPerSecond());
  }

  BridgeGuard(MariposaConfig.TcpBridge limits, Predicate<String> tokenValid, MeterRegistry registry) {
    this.limits = limits;
    this.tokenValid = tokenValid;
    this.registry = registry;
  }

  int connections() {
    return clients.size();
  }

  @Override
  public void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_PING || type == BridgeEventType.REGISTERED) {
      event.complete(true);
      return;
    }
    JsonObject frame = event.getRawMessage();
    Client client = client(event.socket());
    String address = frame.getValue("address") instanceof String a ? a : null;
    boolean authenticated = tokenValid.test(BridgeCommands.takeAuthorization(frame));
    String refusal = switch (type) {
      case REGISTER -> register(client, address, authenticated);
      case UNREGISTER -> {
        if (address == null) {
          // Answered here: the library's missing_address would log the whole frame at ERROR.
          yield "missing_address: an unregister needs an address";
        }
        client.registered.remove(address);
        yield null;
      }
      case SEND -> send(client, address, authenticated);
      default -> "rejected: publishing is not allowed; send to a request address, or register to receive";
    };
    if (refusal != null) {
      String reason = refusal.substring(0, refusal.indexOf(':') < 0 ? refusal.length() : refusal.indexOf(':'));
      refusals.computeIfAbsent(reason, r -> Counter.builder("mariposa.bridge.tcp.refused")
          .description("TCP bridge frames refused, by reason").tag("reason", r).register(registry)).increment();
      writeError(event.socket(), refusal);
    }
    event.complete(refusal == null);
  }

  private String register(Client client, String address, boolean authenticated) {
    if (address == null || address.length() > limits.maxAddressLength()) {
      return "invalid_address: an address of at most " + limits.maxAddressLength() + " characters";
    }
    if (client.registered.contains(address)) {
      return "address_already_registered: " + address;
    }
    if (client.registered.size() >= limits.maxRegistrationsPerSocket()) {
      return "max_handlers_reached: at most " + limits.maxRegistrationsPerSocket() + " registrations per connection";
    }
    if (Addresses.isModel(address) && !authenticated) {
      return "unauthorized: answering a model needs headers {\"authorization\": \"Bearer <token>\"} (one of API_TOKENS)";
    }
    if (!Addresses.isPublic(address) && !Addresses.isModel(address)) {
      return "access_denied: " + address + " is not a public address";
    }
    client.registered.add(address);
    return null;
  }

  private String send(Client client, String address, boolean authenticated) {
    if (address == null) {
      // Not the library's missing_address: INBOUND_REQUESTS (List.of) throws on null, out of the
      // connection's reader, and that connection would be read no further.
      return "missing_address: a send needs an address";
    }
    if (!Addresses.INBOUND_REQUESTS.contains(address)) {
      return null; // a reply, or refused by the library's permitted list
    }
    if (!client.commands.take()) {
      return "throttled: at most " + limits.inboundPerSecond() + " commands per second";
    }
    return authenticated ? null
        : "unauthorized: " + address + " needs headers {\"authorization\": \"Bearer <token>\"} (one of API_TOKENS)";
  }

  private Client client(NetSocket socket) {
    Client client = clients.get(socket);
    if (client == null) {
      client = new Client();
      clients.put(socket, client);
      socket.closeHandler(v -> clients.remove(socket));
    }
    return client;
  }

  /** An {@code err} frame as the library writes them: 4-byte big-endian length, then JSON. */
  private static void writeError(NetSocket socket, String message) {
    byte[] json = new JsonObject().put("type", "err").put("message", message).encode().getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json));
  }
}
