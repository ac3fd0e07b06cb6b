package dev.mariposa.bus.tcp;

import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.http.BearerAuth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge (vertx-tcp-eventbus-bridge) on its own port, so that a process in any
 * language can take part: 4-byte big-endian length-prefixed JSON frames ({@code register},
 * {@code send}, {@code ping} in; {@code message}, {@code err}, {@code pong} out). What may cross is
 * the SockJS bridge's model, enforced by {@link BridgeGuard}; remote models register their
 * {@code analysis.model.<name>} here and answer the analysis role's requests.
 *
 * <p>Requests and registrations are on this process's event bus: a remote model serves the
 * analysis role of the instance it is connected to (connect it to each instance that runs that
 * role). Public events from other instances arrive here through the Redis bridge, as for browsers.
 * Deployed once per process, whatever the roles, when a port is configured.
 */
public final class TcpBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  private final MariposaConfig config;
  private final MeterRegistry meters;
  private final int port;
  private TcpEventBusBridge bridge;

  /** {@code port}: the one to listen on (a configured 0 is resolved to a free port by the caller). */
  public TcpBridgeVerticle(MariposaConfig config, MeterRegistry meters, int port) {
    this.config = config;
    this.meters = meters;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    MariposaConfig.TcpBridge tcp = config.tcpBridge();
    BearerAuth auth = new BearerAuth(config.api());
    BridgeGuard guard = new BridgeGuard(tcp, auth.enabled(), auth::valid, auth::bridgeScopeRefusal, meters,
        vertx.eventBus());
    Gauge.builder("mariposa.bridge.tcp.connections", guard, BridgeGuard::connections)
        .description("Clients connected to the TCP event-bus bridge (that have sent a frame)")
        .register(meters);
    // The library throws on a frame whose type it does not know, out of its reader: that
    // connection reads nothing more (its client's problem), and the others carry on. One line
    // instead of a stack trace per such frame.
    context.exceptionHandler(t -> LOG.warn("A TCP bridge client sent a frame the bridge cannot read ({}): that"
        + " connection is read no further", t.getMessage()));
    bridge = TcpEventBusBridge.create(vertx, permitted(),
        new NetServerOptions().setHost(tcp.host()).setPort(port).setTcpNoDelay(true)
            .setIdleTimeout((int) tcp.idleTimeout().toSeconds()),
        guard);
    return bridge.listen().onSuccess(b -> LOG.info("TCP event-bus bridge listening on {}:{}{}", tcp.host(), port,
        config.api().tokens().isEmpty() ? " (no API_TOKENS: receive only, no commands, no remote models)" : ""));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  /** The library's own check, behind the guard's: public and model addresses out, commands in. */
  static BridgeOptions permitted() {
    BridgeOptions options = new BridgeOptions();
    for (Pattern pattern : Addresses.PUBLIC) {
      options.addOutboundPermitted(new PermittedOptions().setAddressRegex(pattern.pattern()));
    }
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(Addresses.MODEL_REQUESTS.pattern()));
    for (String address : Addresses.INBOUND_REQUESTS) {
      options.addInboundPermitted(new PermittedOptions().setAddress(address));
    }
    return options;
  }
}
