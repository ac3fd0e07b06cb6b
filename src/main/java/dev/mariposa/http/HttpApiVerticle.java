package dev.mariposa.http;

import dev.mariposa.bus.AddressFamily;
import dev.mariposa.bus.Addresses;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.http.bridge.SockJsBridge;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.ops.HealthProcedures;
import dev.mariposa.session.SessionRecorder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The HTTP server on HTTP_PORT. Every instance serves /health and /metrics; with the http role it
 * also serves the API, the SockJS event-bus bridge and the dashboard, and answers the bridge's
 * command addresses. Deployed with several instances, Vert.x spreads the connections over them.
 */
public final class HttpApiVerticle extends VerticleBase {
  private static final long DRAIN_SECONDS = 5;
  /** Redoc styles inline and searches in a blob: worker; nothing may come from elsewhere. */
  private static final String API_DOCS_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "style-src 'self' 'unsafe-inline'; worker-src 'self' blob:";

  private final MariposaConfig config;
  private final int port;
  private final PrometheusMeterRegistry meters;
  private final HealthProcedures health;
  private final Optional<Api> api;
  private HttpServer server;
  private SockJsBridge bridge;
  /** The bridge's command consumers registered (none without the API). */
  private Future<?> answering = Future.succeededFuture();

  /**
   * The API of the http role, built for one verticle instance: {@code routes} are mounted in their
   * order behind {@code auth} and {@code rateLimit}; {@code commands} also answer on the bus; the
   * bridge's sockets are recorded by {@code sessions}; {@code market} is warmed at start.
   */
  public record Api(SessionRecorder sessions, BearerAuth auth, ApiRateLimit rateLimit, SignalCommands commands,
                    List<ApiRoutes> routes, MarketDataService market) {
    public Api {
      routes = List.copyOf(routes);
    }
  }

  private HttpApiVerticle(MariposaConfig config, int port, PrometheusMeterRegistry meters, HealthProcedures health,
                          Optional<Api> api) {
    this.config = config;
    this.port = port;
    this.meters = meters;
    this.health = health;
    this.api = api;
  }

  /** /health and /metrics only: an instance without the http role. */
  public static HttpApiVerticle opsOnly(MariposaConfig config, int port, PrometheusMeterRegistry meters,
                                        HealthProcedures health) {
    return new HttpApiVerticle(config, port, meters, health, Optional.empty());
  }

  /** /health, /metrics, the whole API, its bridge and the dashboard. */
  public static HttpApiVerticle api(MariposaConfig config, int port, PrometheusMeterRegistry meters,
                                    HealthProcedures health, Api api) {
    return new HttpApiVerticle(config, port, meters, health, Optional.of(api));
  }

  @Override
  public Future<?> start() {
    MariposaConfig.Http http = config.http();
    // The API's contract is loaded (and checked) before the router that serves and enforces it.
    Future<OpenApiContract> contract = api.isPresent() ? OpenApiContract.load(vertx) : Future.succeededFuture();
    return contract.compose(loaded -> {
      server = vertx.createHttpServer(new HttpServerOptions()
              .setHost(http.host())
              .setPort(port)
              .setCompressionSupported(true)
              // The bridge writes one encoded frame to many sockets: deflating it again per
              // socket would cost more CPU than the few hundred bytes of a tick are worth.
              .setPerMessageWebSocketCompressionSupported(false)
              .setPerFrameWebSocketCompressionSupported(false)
              .setTcpNoDelay(true))
          .invalidRequestHandler(ApiError::invalidRequest)
          .requestHandler(router(loaded));
      // Started means answering: the command consumers too (registered while the router is built).
      return Future.all(server.listen(), answering);
    });
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes. */
  @Override
  public Future<?> stop() {
    if (bridge != null) {
      bridge.close();
    }
    return server == null ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS);
  }

  /** The routes; {@code contract} (null without the API) describes and guards /api/*. */
  Router router(OpenApiContract contract) {
    Router router = Router.router(vertx);
    router.route().handler(PathGuard::check);
    HealthChecks checks = HealthChecks.create(vertx);
    health.register(checks);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(meters));
    api.ifPresent(parts -> mountApi(router, parts, contract));
    // No route: 404; a route for the path but not the method: 405; both as JSON errors.
    router.errorHandler(404, ApiError::notFound);
    // What fails while routing, before any route's failure handler can see it.
    router.errorHandler(400, ApiError::handleFailure);
    router.errorHandler(500, ApiError::handleFailure);
    router.errorHandler(405, ApiError::methodNotAllowed);
    router.route().failureHandler(ApiError::handleFailure);
    return router;
  }

  private void mountApi(Router router, Api parts, OpenApiContract contract) {
    BearerAuth auth = parts.auth();
    List<String> origins = config.http().allowedOrigins();
    if (!origins.isEmpty()) {
      Origins rule = new Origins(origins);
      CorsHandler cors = cors(rule);
      router.route("/api/*").handler(ctx -> crossOrigin(ctx, rule, cors));
    }
    router.route("/api/*").handler(parts.rateLimit());
    // Bodies only where requests have one: GETs (the hot, cached reads) skip the handler.
    for (HttpMethod method : ApiRateLimit.HAS_BODY) {
      router.route(method, "/api/*").handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes()));
    }
    router.get("/openapi.yaml").handler(contract.yamlHandler());
    router.route("/api/*").handler(contract.validationHandler());
    // The same document rendered for reading by the vendored Redoc (webroot/vendor). The policy keeps
    // the page on this server: Redoc's footer would fetch its logo from Redocly's CDN.
    router.get("/api/docs").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", API_DOCS_POLICY)
        .sendFile("webroot/api-docs.html"));
    parts.routes().forEach(routes -> routes.mount(router));
    List<String> latestWins = config.bridge().coalesce() ? AddressFamily.latestWinsPrefixes() : List.of();
    bridge = new SockJsBridge(vertx, config.http(), latestWins, auth.enabled(), auth::valid, auth::bridgeScopeRefusal,
        parts.sessions(), meters);
    bridge.mount(router);
    answerCommands(parts.commands());
    // Warm the in-process layer with the configured symbols' tickers (one MGET; failures are
    // harmless: the first requests load them).
    parts.market().tickers(config.market().symbols());
    // The files are UTF-8; StaticHandler would otherwise label text/* with the JVM's default charset,
    // US-ASCII under a bare `env -i` (no LANG), and browsers would show "â€”" for "—".
    router.get("/*").handler(StaticHandler.create("webroot").setDefaultContentEncoding(StandardCharsets.UTF_8.name())
        .setCachingEnabled(true).setMaxAgeSeconds(60));
  }

  /**
   * The CORS rules of CORS_ORIGINS, as the bridge applies them to sockets: no Origin (not a
   * browser) and the dashboard's own origin are not cross-origin and pass as they are; a
   * configured origin gets the CORS headers; another is refused with the JSON error (the CORS
   * handler's own refusal is a bare 403 the failure handler cannot tell from others).
   */
  private static void crossOrigin(RoutingContext ctx, Origins origins, CorsHandler cors) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || Origins.own(origin, ctx.request().getHeader("Host"))) {
      ctx.next();
    } else if (origins.listed(origin)) {
      cors.handle(ctx);
    } else {
      ApiError.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED,
          "This web origin may not call the API: CORS_ORIGINS lists the origins that may");
    }
  }

  /** The CORS headers for the listed origins, as browsers write them (the rule's normalized forms). */
  private static CorsHandler cors(Origins origins) {
    CorsHandler cors = origins.any() ? CorsHandler.create() : CorsHandler.create().addOrigins(List.copyOf(origins.listed()));
    return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type"))
        .exposedHeaders(Set.of("Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"))
        .maxAgeSeconds(600);
  }

  /**
   * The bridge's command addresses (the bridge has checked the token): the same commands as the
   * HTTP routes, failing with the status and the error code, e.g. {@code 404 agent_not_found: ...}.
   */
  private void answerCommands(SignalCommands commands) {
    answering = Future.all(
        answer(Addresses.CMD_SIGNAL, body -> commands.queue(body.getString("agentId"), body)),
        answer(Addresses.CMD_HALT, body -> commands.setHalt(body, "event bus")));
  }

  /** Completes when the consumer is registered. */
  private Future<Void> answer(String address, Function<JsonObject, Future<JsonObject>> command) {
    return vertx.eventBus().<Object>consumer(address, message -> {
      if (!(message.body() instanceof JsonObject body)) {
        message.fail(ErrorCode.INVALID_JSON.status(), ErrorCode.INVALID_JSON + ": the body must be a JSON object");
        return;
      }
      command.apply(body).onSuccess(message::reply).onFailure(t -> fail(message, t));
    }).completion();
  }

  private static void fail(Message<Object> message, Throwable failure) {
    if (failure instanceof ApiException api) {
      message.fail(api.status(), api.code() + ": " + api.getMessage());
    } else {
      message.fail(ErrorCode.INTERNAL_ERROR.status(), ErrorCode.INTERNAL_ERROR + ": the command failed");
    }
  }
}
