package dev.mariposa.bus.tcp;

import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.BridgeCommands;
import dev.mariposa.bus.BridgeCommands.Refusal;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.RecordFamilies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
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
 * answered with one {@code err} frame naming the reason ({@code "unauthorized: ..."}); a refused
 * request's frame carries its reply address and a failure code, as the library's failed replies
 * do, so the client's request ends with the reason. The refused event is left uncompleted: the
 * library acts on an event only once it completes, and would answer {@code complete(false)} with
 * a second, generic err ("blocked by bridgeEvent handler") and {@code fail()} with an error in the
 * log. Runs on the bridge verticle's event loop.
 */
final class BridgeGuard implements Handler<BridgeEvent> {
  private final MariposaConfig.TcpBridge limits;
  private final boolean tokensConfigured;
  private final Predicate<String> tokenValid;
  private final BiFunction<String, String, Optional<String>> scopeRefusal;
  private final MeterRegistry registry;
  private final RecordForwarder records;
  private final Map<NetSocket, Client> clients = new HashMap<>();
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

  /** What one connection has registered, and its budget of command sends. */
  private final class Client {
    final Set<String> registered = new HashSet<>();
    final BridgeCommands.Budget commands = new BridgeCommands.Budget(limits.inboundPerSecond());
  }

  /**
   * {@code tokensConfigured}: whether API_TOKENS is set; {@code tokenValid}: whether an
   * authorization value names one; {@code scopeRefusal}: why that token may not send to a command
   * address (its scopes), if it may not.
   */
  BridgeGuard(MariposaConfig.TcpBridge limits, boolean tokensConfigured, Predicate<String> tokenValid,
              BiFunction<String, String, Optional<String>> scopeRefusal, MeterRegistry registry, EventBus bus) {
    this.records = new RecordForwarder(bus);
    this.limits = limits;
    this.tokensConfigured = tokensConfigured;
    this.tokenValid = tokenValid;
    this.scopeRefusal = scopeRefusal;
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
    String authorization = BridgeCommands.takeAuthorization(frame);
    Refusal refusal = switch (type) {
      case REGISTER -> register(client, address, authorization);
      case UNREGISTER -> {
        if (address == null) {
          // Answered here: the library's missing_address would log the whole frame at ERROR.
          yield new Refusal("missing_address", 400, "an unregister needs an address");
        }
        client.registered.remove(address);
        yield null;
      }
      case SEND -> send(client, address, authorization);
      default -> new Refusal("rejected", 403, "publishing is not allowed; send to a request address, or register to receive");
    };
    if (refusal == null && (type == BridgeEventType.REGISTER || type == BridgeEventType.UNREGISTER)
        && RecordFamilies.carriesRecords(address)) {
      // The library cannot write a record: these registrations are the forwarder's, and the
      // library must do nothing (left uncompleted, as a refusal is).
      if (type == BridgeEventType.REGISTER) {
        records.register(event.socket(), address);
      } else {
        records.unregister(event.socket(), address);
      }
      return;
    }
    if (refusal == null) {
      event.complete(true);
      return;
    }
    refusals.computeIfAbsent(refusal.code(), r -> Counter.builder("mariposa.bridge.tcp.refused")
        .description("TCP bridge frames refused, by reason").tag("reason", r).register(registry)).increment();
    String replyAddress = type == BridgeEventType.SEND && frame.getValue("replyAddress") instanceof String reply ? reply : null;
    writeError(event.socket(), refusal, address, replyAddress);
    // Deliberately not completed (see the class comment): this err is the only answer.
  }

  private Refusal register(Client client, String address, String authorization) {
    if (address == null || address.length() > limits.maxAddressLength()) {
      return new Refusal("invalid_address", 400, "an address of at most " + limits.maxAddressLength() + " characters");
    }
    if (client.registered.contains(address)) {
      return new Refusal("address_already_registered", 409, address);
    }
    if (client.registered.size() >= limits.maxRegistrationsPerSocket()) {
      return new Refusal("max_handlers_reached", 429,
          "at most " + limits.maxRegistrationsPerSocket() + " registrations per connection");
    }
    if (Addresses.isModel(address)) {
      Optional<Refusal> token = BridgeCommands.checkToken("answering a model", authorization, tokensConfigured, tokenValid);
      if (token.isPresent()) {
        return token.get();
      }
    } else if (!Addresses.isPublic(address)) {
      return new Refusal("access_denied", 403, address + " is not a public address");
    }
    client.registered.add(address);
    return null;
  }

  private Refusal send(Client client, String address, String authorization) {
    if (address == null) {
      // Not the library's missing_address: INBOUND_REQUESTS (List.of) throws on null, out of the
      // connection's reader, and that connection would be read no further.
      return new Refusal("missing_address", 400, "a send needs an address");
    }
    if (!Addresses.INBOUND_REQUESTS.contains(address)) {
      return null; // a reply, or refused by the library's permitted list
    }
    if (!client.commands.take()) {
      return BridgeCommands.throttled(limits.inboundPerSecond());
    }
    return BridgeCommands.checkToken(address, authorization, tokensConfigured, tokenValid)
        .or(() -> scopeRefusal.apply(address, authorization).map(why -> new Refusal("scope_required", 403, why)))
        .orElse(null);
  }

  private Client client(NetSocket socket) {
    Client client = clients.get(socket);
    if (client == null) {
      client = new Client();
      clients.put(socket, client);
      socket.closeHandler(v -> {
        clients.remove(socket);
        records.closed(socket);
      });
    }
    return client;
  }

  /**
   * The refusal's one {@code err} frame, as the library writes its own (4-byte big-endian length,
   * then JSON): {@code {type: err, message}}, plus, for a request, the reply address it answers and
   * the failure code, as a failed reply.
   */
  private static void writeError(NetSocket socket, Refusal refusal, String address, String replyAddress) {
    JsonObject err = new JsonObject().put("type", "err");
    if (replyAddress != null) {
      err.put("address", replyAddress).put("sourceAddress", address).put("failureCode", refusal.status())
          .put("failureType", ReplyFailure.RECIPIENT_FAILURE.name());
    }
    byte[] json = err.put("message", refusal.text()).encode().getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer(json.length + 4).appendInt(json.length).appendBytes(json));
  }
}
