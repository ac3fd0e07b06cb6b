package dev.mariposa.http.bridge;

import dev.mariposa.bus.BridgeCommands;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.http.Origins;
import dev.mariposa.session.SessionRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at /eventbus/*, speaking the protocol of the official
 * vertx-eventbus.js client. Mariposa serves it itself rather than through vertx-web's bridge so
 * that one tick costs one encode however many browsers watch it ({@link Fanout}); the rules:
 *
 * <ul>
 *   <li>Out: only the public addresses ({@code Addresses.PUBLIC}).</li>
 *   <li>In: only sends to the command request addresses ({@code Addresses.INBOUND_REQUESTS}),
 *       each with {@code headers: {authorization: "Bearer <token>"}} naming one of API_TOKENS;
 *       the header is removed before the message enters the event bus. Publishing is refused.</li>
 *   <li>Origin: a browser socket from another web origin than the page's own is closed unless
 *       the origin is in http.allowedOrigins (cross-site WebSocket hijacking).</li>
 *   <li>Per socket: at most http.sockJs.maxHandlersPerSocket registrations, addresses up to
 *       maxAddressLength, inboundPerSecond commands, closed after pingTimeout without a frame.</li>
 * </ul>
 *
 * Every socket is a browser session, recorded by the {@link SessionRecorder}. One bridge per HTTP
 * verticle instance, on its event loop.
 */
public final class SockJsBridge {
  private static final Logger LOG = LoggerFactory.getLogger(SockJsBridge.class);
  private static final long REPLY_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final MariposaConfig.SockJs limits;
  private final Origins origins;
  private final boolean tokensConfigured;
  private final Predicate<String> tokenValid;
  private final BiFunction<String, String, Optional<String>> scopeRefusal;
  private final SessionRecorder sessions;
  private final Fanout fanout;
  private final MeterRegistry registry;
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
  private final Set<BridgeSocket> sockets = new HashSet<>();
  private long pingTimer = -1;

  /**
   * @param tokensConfigured whether API_TOKENS is set (without it, commands are off)
   * @param tokenValid whether an {@code Authorization} value ("Bearer ...") names a configured token
   * @param scopeRefusal why a valid token may not send to an address (its scopes), if it may not
   * @param latestWinsPrefixes snapshot addresses, delivered latest-wins (bus.AddressFamily, unless bridge.coalesce is off)
   */
  public SockJsBridge(Vertx vertx, MariposaConfig.Http http, List<String> latestWinsPrefixes,
                      boolean tokensConfigured, Predicate<String> tokenValid,
                      BiFunction<String, String, Optional<String>> scopeRefusal, SessionRecorder sessions,
                      MeterRegistry registry) {
    this.vertx = vertx;
    this.limits = http.sockJs();
    this.origins = new Origins(http.allowedOrigins());
    this.tokensConfigured = tokensConfigured;
    this.tokenValid = tokenValid;
    this.scopeRefusal = scopeRefusal;
    this.sessions = sessions;
    this.registry = registry;
    this.fanout = new Fanout(vertx, vertx.getOrCreateContext(), latestWinsPrefixes, limits.snapshotInterval(),
        registry);
  }

  /** Mounts the bridge at /eventbus/* and starts closing silent sockets. */
  public void mount(Router router) {
    SockJSHandlerOptions options = new SockJSHandlerOptions()
        .setMaxBytesStreaming(limits.maxBytesStreaming())
        .setSessionTimeout(limits.pingTimeout().toMillis())
        .setRegisterWriteHandler(false);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, options).socketHandler(this::opened));
    long every = Math.max(1_000, limits.pingTimeout().toMillis() / 4);
    pingTimer = vertx.setPeriodic(every, id -> closeSilent());
  }

  /** Stops the silence check; the sockets close with the server. */
  public void close() {
    vertx.cancelTimer(pingTimer);
  }

  private void opened(SockJSSocket socket) {
    String origin = socket.headers() == null ? null : socket.headers().get("Origin");
    String host = socket.headers() == null ? null : socket.headers().get("Host");
    if (!origins.allowed(origin, host)) {
      refused("origin");
      LOG.warn("Refused a SockJS socket from origin {}: not this dashboard's and not in http.allowedOrigins", origin);
      socket.close();
      return;
    }
    SocketAddress remote = socket.remoteAddress();
    sockets.add(new BridgeSocket(this, socket, sessions.open(remote == null ? "?" : remote.hostAddress())));
  }


  private void closeSilent() {
    long cutoff = System.currentTimeMillis() - limits.pingTimeout().toMillis();
    for (BridgeSocket socket : List.copyOf(sockets)) {
      if (socket.lastHeardAt() < cutoff) {
        socket.close("ping timeout");
      }
    }
  }

  void closed(BridgeSocket socket) {
    sockets.remove(socket);
  }

  void refused(String reason) {
    refusals.computeIfAbsent(reason, r -> Counter.builder("mariposa.bridge.sockjs.refused")
        .description("SockJS bridge operations refused or sockets closed, by reason").tag("reason", r)
        .register(registry)).increment();
  }

  /** Empty when {@code authorization} presents one of API_TOKENS; otherwise why the command on {@code address} is refused. */
  Optional<BridgeCommands.Refusal> checkToken(String address, String authorization) {
    return BridgeCommands.checkToken(address, authorization, tokensConfigured, tokenValid)
        .or(() -> scopeRefusal.apply(address, authorization)
            .map(why -> new BridgeCommands.Refusal("scope_required", 403, why)));
  }

  MariposaConfig.SockJs limits() {
    return limits;
  }

  Fanout fanout() {
    return fanout;
  }

  SessionRecorder sessions() {
    return sessions;
  }

  EventBus eventBus() {
    return vertx.eventBus();
  }

  long replyTimeoutMs() {
    return REPLY_TIMEOUT_MS;
  }
}
