package dev.mariposa.http;

import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.session.BrowserSession;
import dev.mariposa.session.SessionRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at /eventbus/*, for browsers and scripts.
 *
 * <ul>
 *   <li>Outbound: only the public addresses of DESIGN.md §4 ({@link Addresses#PUBLIC}); replies
 *       always pass.</li>
 *   <li>Inbound: only sends to the command request addresses ({@link Addresses#INBOUND_REQUESTS}),
 *       each carrying {@code headers: {authorization: "Bearer <token>"}} with one of API_TOKENS.
 *       The header is removed before the message enters the event bus. Publishing is refused.</li>
 *   <li>Origin: a browser socket from another web origin than the page's own is closed unless
 *       the origin is in http.allowedOrigins (cross-site WebSocket hijacking).</li>
 *   <li>Per socket: at most http.sockJs.maxHandlersPerSocket registrations, addresses up to
 *       maxAddressLength, inboundPerSecond messages, closed after pingTimeout of silence.</li>
 * </ul>
 *
 * Every socket is a browser session, recorded by the {@link SessionRecorder}. One bridge per HTTP
 * verticle instance: its handler runs on that verticle's event loop, so the socket map is plain.
 */
final class EventBusBridge {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);

  private final Vertx vertx;
  private final MariposaConfig.SockJs limits;
  private final List<String> allowedOrigins;
  private final BearerAuth auth;
  private final SessionRecorder sessions;
  private final Map<SockJSSocket, SocketState> sockets = new HashMap<>();
  private final Counter refusedOrigin;
  private final Counter refusedInbound;
  private final Counter refusedRegister;
  private final Counter throttled;

  /** What the bridge knows of one socket: its session and its inbound budget. */
  private static final class SocketState {
    final BrowserSession session;
    double tokens;
    long refilledAt = System.nanoTime();

    SocketState(BrowserSession session, double tokens) {
      this.session = session;
      this.tokens = tokens;
    }
  }

  EventBusBridge(Vertx vertx, MariposaConfig.Http http, BearerAuth auth, SessionRecorder sessions, MeterRegistry registry) {
    this.vertx = vertx;
    this.limits = http.sockJs();
    this.allowedOrigins = http.allowedOrigins();
    this.auth = auth;
    this.sessions = sessions;
    this.refusedOrigin = refused(registry, "origin");
    this.refusedInbound = refused(registry, "inbound");
    this.refusedRegister = refused(registry, "register");
    this.throttled = refused(registry, "throttled");
  }

  private static Counter refused(MeterRegistry registry, String reason) {
    return Counter.builder("mariposa.bridge.sockjs.refused")
        .description("SockJS bridge operations refused, by reason").tag("reason", reason).register(registry);
  }

  /** Mounts the bridge at /eventbus/*. */
  void mount(Router router) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setMaxHandlersPerSocket(limits.maxHandlersPerSocket())
        .setMaxAddressLength(limits.maxAddressLength())
        .setPingTimeout(limits.pingTimeout().toMillis());
    for (Pattern pattern : Addresses.PUBLIC) {
      options.addOutboundPermitted(new PermittedOptions().setAddressRegex(pattern.pattern()));
    }
    for (String address : Addresses.INBOUND_REQUESTS) {
      options.addInboundPermitted(new PermittedOptions().setAddress(address));
    }
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
        .setMaxBytesStreaming(limits.maxBytesStreaming())
        .setSessionTimeout(limits.pingTimeout().toMillis());
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJs).bridge(options, this::handle));
  }

  private void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> event.complete(opened(socket));
      case REGISTER -> event.complete(mayRegister(socket, event.getRawMessage()));
      case REGISTERED -> {
        state(socket).ifPresent(s -> sessions.register(s.session, event.getRawMessage().getString("address")));
        event.complete(true);
      }
      case UNREGISTER -> {
        state(socket).ifPresent(s -> sessions.unregister(s.session, event.getRawMessage().getString("address")));
        event.complete(true);
      }
      case SEND -> event.complete(maySend(socket, event.getRawMessage()));
      case PUBLISH -> {
        refusedInbound.increment();
        event.complete(false);
      }
      case SOCKET_PING -> {
        state(socket).ifPresent(s -> sessions.seen(s.session));
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        SocketState state = sockets.remove(socket);
        if (state != null) {
          sessions.close(state.session);
        }
        event.complete(true);
      }
      default -> event.complete(true);
    }
  }

  private boolean opened(SockJSSocket socket) {
    String origin = socket.headers() == null ? null : socket.headers().get("Origin");
    if (!originAllowed(origin, socket.headers() == null ? null : socket.headers().get("Host"))) {
      refusedOrigin.increment();
      LOG.warn("Refused a SockJS socket from origin {}: not this dashboard's and not in http.allowedOrigins", origin);
      return false;
    }
    SocketAddress remote = socket.remoteAddress();
    sockets.put(socket, new SocketState(sessions.open(remote == null ? "?" : remote.hostAddress()),
        limits.inboundPerSecond()));
    return true;
  }

  /** No Origin header (not a browser), the page's own origin, or a configured one. */
  boolean originAllowed(String origin, String host) {
    if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    try {
      URI uri = URI.create(origin);
      String authority = uri.getAuthority();
      return authority != null && host != null && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private boolean mayRegister(SockJSSocket socket, JsonObject message) {
    String address = message.getString("address");
    if (!Addresses.isPublic(address)) {
      refusedRegister.increment();
      return false;
    }
    return true;
  }

  /**
   * A command from the client: a permitted request address, a valid token (removed from the
   * message here, so it never travels the event bus), and within the socket's inbound budget.
   */
  private boolean maySend(SockJSSocket socket, JsonObject message) {
    SocketState state = sockets.get(socket);
    if (state == null || !withinBudget(state)) {
      throttled.increment();
      return false;
    }
    Object presented = removeAuthorization(message);
    boolean authorized = presented instanceof String token && auth.match(token).isPresent();
    if (!authorized || !Addresses.INBOUND_REQUESTS.contains(message.getString("address"))) {
      refusedInbound.increment();
      return false;
    }
    sessions.seen(state.session);
    return true;
  }

  /** Takes the token out of the message's headers, whatever the header name's case. */
  private static Object removeAuthorization(JsonObject message) {
    if (!(message.getValue("headers") instanceof JsonObject headers)) {
      return null;
    }
    Object presented = null;
    for (String name : List.copyOf(headers.fieldNames())) {
      if (name.equalsIgnoreCase("authorization")) {
        presented = headers.remove(name);
      }
    }
    return presented;
  }

  private boolean withinBudget(SocketState state) {
    long now = System.nanoTime();
    double rate = limits.inboundPerSecond();
    state.tokens = Math.min(rate, state.tokens + (now - state.refilledAt) / 1e9 * rate);
    state.refilledAt = now;
    if (state.tokens < 1) {
      return false;
    }
    state.tokens -= 1;
    return true;
  }

  private Optional<SocketState> state(SockJSSocket socket) {
    return Optional.ofNullable(sockets.get(socket));
  }
}
