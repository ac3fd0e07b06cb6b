package dev.mariposa.http;

import dev.mariposa.Platform;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.ops.HealthProcedures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server on HTTP_PORT. Every instance serves /health and /metrics; with the http role it
 * also serves the API and the dashboard. Deployed with several instances, Vert.x spreads the
 * connections over them.
 */
public final class HttpApiVerticle extends VerticleBase {
  private static final long DRAIN_SECONDS = 5;

  private final Platform platform;
  private final boolean api;
  private HttpServer server;

  public HttpApiVerticle(Platform platform, boolean api) {
    this.platform = platform;
    this.api = api;
  }

  @Override
  public Future<?> start() {
    MariposaConfig.Http http = platform.config().http();
    // The API's contract is loaded (and checked) before the router that serves and enforces it.
    Future<OpenApiContract> contract = api ? OpenApiContract.load(vertx) : Future.succeededFuture();
    return contract.compose(loaded -> {
      server = vertx.createHttpServer(new HttpServerOptions()
              .setHost(http.host())
              .setPort(platform.httpPort())
              .setCompressionSupported(true)
              .setTcpNoDelay(true))
          .requestHandler(router(loaded));
      return server.listen();
    });
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(DRAIN_SECONDS, TimeUnit.SECONDS);
  }

  /** The routes; {@code contract} (null without the API) describes and guards /api/*. */
  Router router(OpenApiContract contract) {
    Router router = Router.router(vertx);
    HealthChecks checks = HealthChecks.create(vertx);
    HealthProcedures.register(checks, platform);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(platform.registry()));
    if (api) {
      // Bodies only where requests have one: GETs (the hot, cached reads) skip the handler.
      for (HttpMethod method : List.of(HttpMethod.POST,
          HttpMethod.PUT, HttpMethod.PATCH)) {
        router.route(method, "/api/*").handler(BodyHandler.create(false)
            .setBodyLimit(platform.config().http().bodyLimitBytes()));
      }
      router.get("/openapi.yaml").handler(contract.yamlHandler());
      router.route("/api/*").handler(contract.validationHandler());
      new ClusterApi(platform).mount(router);
      new MarketApi(platform.market()).mount(router);
      new AgentApi(vertx, platform).mount(router);
      new SignalApi(vertx, platform).mount(router);
      new TradeApi(platform).mount(router);
      new PerformanceApi(platform).mount(router);
      new JobsApi(platform).mount(router);
      new SystemApi(platform).mount(router);
      // Warm the in-process layer with the configured symbols' tickers (one MGET; failures are
      // harmless: the first requests load them).
      platform.market().tickers(platform.config().market().symbols());
      router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(60));
    }
    // No route: 404; a route for the path but not the method: 405; both as JSON errors.
    router.errorHandler(404, ApiError::notFound);
    router.errorHandler(405, ctx -> ApiError.send(ctx, 405, "method_not_allowed",
        "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.route().failureHandler(ApiError::handleFailure);
    return router;
  }
}
