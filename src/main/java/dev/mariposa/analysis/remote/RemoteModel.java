package dev.mariposa.analysis.remote;

import dev.mariposa.analysis.model.AnalysisModel;
import dev.mariposa.analysis.model.ModelAnswer;
import dev.mariposa.analysis.model.ModelDecision;
import dev.mariposa.analysis.model.ModelDecision.Status;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.EventSchemas;
import dev.mariposa.config.MariposaConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code remote:<name>}: asks the process that registered {@code analysis.model.<name>} (over the
 * TCP bridge) for a decision on the input the built-in models get ({@link ModelInput#toJson}), and
 * checks its answer against the published reply schema (events/ on the classpath) before reading it like any
 * model's ({@link ModelAnswer}). The request has a timeout and goes
 * through this model's circuit breaker, so a hung process costs one timeout per analysis until the
 * breaker opens, then nothing until it is tried again. Nobody registered is UNAVAILABLE at once
 * and not a breaker failure: nothing was slow. Whatever happens a decision comes back, and the
 * agent's other models carry on without it.
 */
public final class RemoteModel implements AnalysisModel {
  private final String name;
  private final String address;
  private final Vertx vertx;
  private final CircuitBreaker breaker;
  private final DeliveryOptions delivery;
  private final MeterRegistry registry;
  private final Timer latency;

  public RemoteModel(Vertx vertx, String remoteName, MariposaConfig.RemoteModels config, MeterRegistry registry) {
    this.name = "remote:" + remoteName;
    this.address = Addresses.model(remoteName);
    this.vertx = vertx;
    this.registry = registry;
    // The request's own timeout bounds a call; the breaker counts its failures.
    this.breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
        .setMaxFailures(config.breakerFailures())
        .setTimeout(-1)
        .setResetTimeout(config.breakerReset().toMillis()));
    this.delivery = new DeliveryOptions().setSendTimeout(config.timeout().toMillis()).setLocalOnly(true);
    this.latency = Timer.builder("mariposa.analysis.remote.latency").tag("model", name)
        .description("Answers of remote models, from request to reply").register(registry);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<ModelDecision> decide(ModelInput input) {
    long started = System.nanoTime();
    return breaker.<ModelDecision>execute(() -> vertx.eventBus().request(address, input.toJson(), delivery)
            .compose(reply -> {
              latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              return EventSchemas.load(vertx).map(schemas -> read(schemas, reply.body()));
            })
            .recover(t -> noHandlers(t)
                ? Future.succeededFuture(ModelDecision.excluded(name, Status.UNAVAILABLE,
                    "no process answers " + address + " on this instance"))
                : Future.failedFuture(t)))
        .recover(t -> Future.succeededFuture(failure(t)))
        .onSuccess(this::count);
  }

  /** The published reply schema first (what the process was promised), then the typed reading. */
  private ModelDecision read(EventSchemas schemas, Object answer) {
    List<String> problems = schemas.validateReply(address, answer);
    return problems.isEmpty() ? ModelAnswer.read(name, answer)
        : ModelAnswer.invalid(name, clip("the answer does not match analysis.model.reply.schema.json: "
            + String.join("; ", problems)));
  }

  private ModelDecision failure(Throwable t) {
    if (t instanceof OpenCircuitException) {
      return ModelDecision.excluded(name, Status.CIRCUIT_OPEN, "circuit open after repeated failures");
    }
    if (t instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      return ModelDecision.excluded(name, Status.TIMEOUT, "no answer within " + delivery.getSendTimeout() + " ms");
    }
    if (t instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return ModelDecision.excluded(name, Status.FAILED, "the model failed: " + clip(reply.getMessage()));
    }
    return ModelDecision.excluded(name, Status.FAILED, t.getClass().getSimpleName() + ": " + clip(t.getMessage()));
  }

  private static boolean noHandlers(Throwable t) {
    return t instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static String clip(String message) {
    String text = String.valueOf(message);
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  private void count(ModelDecision decision) {
    Counter.builder("mariposa.analysis.remote.answers").tag("model", name).tag("status", decision.status().key())
        .description("Remote model decisions by outcome (invalid: an answer that failed the schema)")
        .register(registry).increment();
  }
}
