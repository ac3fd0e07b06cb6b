package dev.mariposa.exchange.okx;

import dev.mariposa.config.MariposaConfig;
import dev.mariposa.config.Secret;
import dev.mariposa.redis.RateLimiter;
import dev.mariposa.redis.RateLimiter.Limit;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The HTTP side of OKX v5: one pooled client, signed requests, the cluster-wide rate limits, the
 * circuit breaker and the request timeout. It knows no order: the caller's reader turns each
 * answer into a value and says whether the answer tells of an unhealthy OKX.
 *
 * <p>A call's future fails with {@link NotSentException} when no request left this process, and
 * otherwise completes with what the reader made of the answer, or of its absence.
 */
final class OkxRestClient {
  /** An HTTP answer: its status and its whole body. */
  record Reply(int status, Buffer body) {}

  /**
   * What the caller made of one answer: a value or an error, and whether it tells of an unhealthy
   * OKX (5xx, timeouts, 50001/50004/50013/51149). Only those count against the circuit breaker,
   * not a bad parameter or a bad key.
   */
  record Attempt<T>(T value, RuntimeException error, boolean unhealthy) {
    Attempt(T value, boolean unhealthy) {
      this(value, null, unhealthy);
    }

    static <T> Attempt<T> failed(RuntimeException error, boolean unhealthy) {
      return new Attempt<>(null, error, unhealthy);
    }

    Future<T> unwrap() {
      return error == null ? Future.succeededFuture(value) : Future.failedFuture(error);
    }
  }

  /** How the caller reads an answer, and the absence of one (the request may have reached OKX). */
  record Reader<T>(Function<Reply, Attempt<T>> answer, Function<Throwable, Attempt<T>> noAnswer) {}

  /** The request never left this process: safe to send again. */
  static class NotSentException extends RuntimeException {
    NotSentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * No connection of this process's own pool came free in time: a local queue, not an OKX fault,
   * so it does not count against the circuit breaker.
   */
  static final class ConnectionWaitException extends NotSentException {
    ConnectionWaitException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The request was handed to a connection but no complete answer came back: it may have reached OKX. */
  static final class NoAnswerException extends RuntimeException {
    NoAnswerException(String message) {
      super(message);
    }
  }

  /** Carries an unhealthy attempt through the breaker as a failure (which it counts), to be unwrapped after it. */
  private static final class Unhealthy extends RuntimeException {
    private final transient Attempt<?> attempt;

    Unhealthy(Attempt<?> attempt) {
      super("unhealthy OKX answer", null, false, false);
      this.attempt = attempt;
    }
  }

  private final Vertx vertx;
  private final MariposaConfig.Okx config;
  private final RateLimiter limiter;
  private final OkxExchange.Options options;
  private final HttpClient client;
  private final CircuitBreaker breaker;
  private final String basePath;
  private final Clock clock = Clock.systemUTC();
  private final OkxSigner signer;
  private final List<Runnable> reconnected = new java.util.concurrent.CopyOnWriteArrayList<>();

  OkxRestClient(Vertx vertx, MariposaConfig.Okx config, RateLimiter limiter, OkxExchange.Options options) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.options = Objects.requireNonNull(options, "options");
    URI base = Objects.requireNonNull(config.restUrl(), "OKX rest URL");
    boolean tls = "https".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    int connectMs = (int) Math.min(Integer.MAX_VALUE, options.connectionWait().toMillis());
    // HttpClient rather than WebClient: its request() future completes once a connection is held,
    // which separates "never sent" (safe to retry) from "sent, no answer" (outcome unknown).
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setDefaultHost(base.getHost()).setDefaultPort(port).setSsl(tls)
        .setConnectTimeout(connectMs).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(options.maxConnections()));
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    this.basePath = path;
    this.signer = config.apiSecret().map(OkxSigner::new).orElse(null);
    // No breaker timeout: it would fail a future whose request may already be at OKX, which the
    // Exchange contract reserves for "nothing was sent". The request timer in send() does that job.
    this.breaker = CircuitBreaker.create("okx", vertx, new CircuitBreakerOptions()
        .setMaxFailures(options.breakerFailures())
        .setResetTimeout(options.breakerReset().toMillis())
        .setTimeout(-1)
        .setMaxRetries(0));
    breaker.closeHandler(v -> reconnected.forEach(Runnable::run));
  }

  CircuitBreakerState breakerState() {
    return breaker.state();
  }

  /** Runs {@code action} each time the breaker closes again: OKX answered after an outage. */
  void onClosed(Runnable action) {
    reconnected.add(action);
  }

  /** Whether signed calls can be made: the API key, secret and passphrase are all configured. */
  boolean hasCredentials() {
    return signer != null && config.apiKey().isPresent() && config.passphrase().isPresent();
  }

  /**
   * A token of a limit shared by the cluster, waiting for it up to the options' maxRateLimitWait;
   * fails (nothing sent) when the limit stays exhausted longer.
   */
  Future<Void> permit(Limit limit) {
    return permit(limit, System.nanoTime() + options.maxRateLimitWait().toNanos());
  }

  private Future<Void> permit(Limit limit, long deadlineNanos) {
    return limiter.acquire(limit).compose(decision -> {
      if (decision.allowed()) {
        return Future.succeededFuture();
      }
      long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(decision.retryAfter().toNanos() + 999_999));
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs) > deadlineNanos) {
        return Future.failedFuture(new OkxException("RATE_LIMIT", "the shared OKX order limit of " + limit.key()
            + " stayed exhausted for " + options.maxRateLimitWait().toMillis() + " ms: not sent"));
      }
      Promise<Void> promise = Promise.promise();
      vertx.setTimer(waitMs, id -> permit(limit, deadlineNanos).onComplete(promise));
      return promise.future();
    });
  }

  /**
   * One call through the circuit breaker: an unhealthy attempt or a request that could not be sent
   * counts as a failure, anything else resets the count. An open circuit fails without calling.
   * A wait for one of our own pooled connections says nothing of OKX's health: it passes through
   * the breaker as a success and fails the caller afterwards with {@link ConnectionWaitException}.
   */
  @SuppressWarnings("unchecked")
  <T> Future<T> call(HttpMethod method, String pathAndQuery, String body, boolean signed, Reader<T> reader) {
    return breaker.<Attempt<T>>execute(() -> send(method, pathAndQuery, body, signed)
            .map(reader.answer())
            .recover(t -> t instanceof ConnectionWaitException e ? Future.succeededFuture(Attempt.<T>failed(e, false))
                : t instanceof NotSentException ? Future.failedFuture(t)
                : Future.succeededFuture(reader.noAnswer().apply(t)))
            .compose(a -> a.unhealthy() ? Future.failedFuture(new Unhealthy(a)) : Future.succeededFuture(a)))
        .recover(t -> {
          if (t instanceof Unhealthy u) {
            return Future.succeededFuture((Attempt<T>) u.attempt);
          }
          return Future.failedFuture(t instanceof OpenCircuitException ? circuitOpen() : t);
        })
        .compose(Attempt::unwrap);
  }

  Future<Void> close() {
    breaker.close();
    return client.close();
  }

  static OkxException circuitOpen() {
    return new OkxException("CIRCUIT_OPEN", "OKX circuit open after repeated failures: nothing sent");
  }

  /**
   * One HTTP exchange. Fails with {@link NotSentException} when no connection could be had (with
   * {@link ConnectionWaitException} when the wait for one ran out), and with
   * {@link NoAnswerException} when the request was handed to a connection but no complete answer
   * came within the timeout (or the connection broke).
   */
  private Future<Reply> send(HttpMethod method, String pathAndQuery, String body, boolean signed) {
    String requestPath = basePath + pathAndQuery;
    // The connect timeout of a request bounds its wait for a pooled connection, queue included.
    RequestOptions request = new RequestOptions().setMethod(method).setURI(requestPath)
        .setConnectTimeout(options.connectionWait().toMillis())
        .putHeader("Accept", "application/json");
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    if (config.simulated()) {
      request.putHeader("x-simulated-trading", "1");
    }
    if (signed) {
      String timestamp = OkxSigner.timestamp(clock.instant());
      request.putHeader("OK-ACCESS-KEY", config.apiKey().map(Secret::reveal).orElse(""))
          .putHeader("OK-ACCESS-SIGN", signer.sign(timestamp, method.name(), requestPath, body == null ? "" : body))
          .putHeader("OK-ACCESS-TIMESTAMP", timestamp)
          .putHeader("OK-ACCESS-PASSPHRASE", config.passphrase().map(Secret::reveal).orElse(""));
    }
    Promise<Reply> promise = Promise.promise();
    client.request(request).onComplete(connected -> {
      if (connected.failed()) {
        promise.fail(notSent(connected.cause()));
        return;
      }
      HttpClientRequest req = connected.result();
      long timer = vertx.setTimer(options.requestTimeout().toMillis(), id -> {
        if (promise.tryFail(new NoAnswerException("no answer from OKX within " + options.requestTimeout().toMillis()
            + " ms"))) {
          req.reset();
        }
      });
      Future<HttpClientResponse> sent = body == null ? req.send() : req.send(Buffer.buffer(body));
      sent.compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)))
          .onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
              promise.tryComplete(ar.result());
            } else {
              promise.tryFail(new NoAnswerException("the connection to OKX broke before a complete answer: "
                  + ar.cause().getClass().getSimpleName()
                  + (ar.cause().getMessage() == null ? "" : " " + ar.cause().getMessage())));
            }
          });
    });
    return promise.future();
  }

  /**
   * Why no connection could be had. Vert.x fails a request's wait for a pooled connection with a
   * {@link TimeoutException} once its connect timeout has run out; a refused or failed TCP connect
   * fails with an I/O exception instead (Netty's ConnectTimeoutException is a ConnectException).
   */
  private NotSentException notSent(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return new ConnectionWaitException("no pooled connection to OKX came free within "
          + options.connectionWait().toMillis() + " ms (pool of " + options.maxConnections() + "; nothing sent)", cause);
    }
    return new NotSentException("could not connect to OKX at " + config.restUrl().getHost() + ": "
        + cause.getMessage() + " (nothing sent)", cause);
  }
}
