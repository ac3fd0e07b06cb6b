package dev.mariposa.http;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.analysis.AnalysisStore;
import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.AnalysisResult;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.market.MarketDataService;
import dev.mariposa.signal.Halt;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The commands that trade or stop trading: queue a signal for an agent now, and the kill switch.
 * One implementation for both ways in: the HTTP API ({@link SignalApi}) and the authenticated
 * request addresses of the SockJS bridge ({@link EventBusBridge}). Failures are
 * {@link ApiException}s.
 */
public final class SignalCommands {
  /** A client's id for one signal request, so that a retry is the same request. */
  static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int MAX_REASON = 200;
  private final Vertx vertx;
  private final MariposaConfig config;
  private final MarketDataService market;
  private final MarketClock clock;
  private final KnownAgents known;
  private final SignalDesk desk;
  private final AnalysisStore analyses;
  private final Halt halt;

  /** {@code desk} queues the signals, {@code market} prices them; {@code analyses}: the latest, when a run is late. */
  public SignalCommands(Vertx vertx, MariposaConfig config, AgentRepository agents, SignalDesk desk,
                        AnalysisStore analyses, Halt halt, MarketDataService market, MarketClock clock) {
    this.vertx = vertx;
    this.config = config;
    this.known = new KnownAgents(agents);
    this.desk = desk;
    this.analyses = analyses;
    this.halt = halt;
    this.market = market;
    this.clock = clock;
  }

  SignalDesk desk() {
    return desk;
  }

  KnownAgents known() {
    return known;
  }

  Halt halt() {
    return halt;
  }

  /**
   * Queues signals for {@code agentId} now: {@code {action, symbol?, confidence?, requestId?}} asks
   * for that action; without an action, what a fresh analysis says. Answers {@code {queued,
   * duplicates}}: a retry with the same requestId answers its signals as duplicates.
   */
  public Future<JsonObject> queue(String agentId, JsonObject request) {
    if (agentId == null || !AgentJson.ID.matcher(agentId).matches()) {
      return Future.failedFuture(new ApiException(ErrorCode.INVALID_PARAMETER,
          "agent id must be 1 to 40 lower-case letters, digits or '-'"));
    }
    return known.require(agentId)
        .recover(t -> Future.failedFuture(Failures.name(t, "the agents", "cmd.signal for " + agentId)))
        .compose(agent -> queue(agent, request));
  }

  private Future<JsonObject> queue(Agent agent, JsonObject request) {
    String action = request.getValue("action") instanceof String a ? a.trim().toUpperCase(Locale.ROOT) : null;
    String symbol = request.getValue("symbol") instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : null;
    if (request.containsKey("action") && (action == null || !List.of("BUY", "SELL", "CLOSE").contains(action))) {
      return invalid("action must be BUY, SELL or CLOSE");
    }
    if (request.containsKey("symbol") && (symbol == null || !agent.symbols().contains(symbol))) {
      return invalid("symbol must be one the agent trades: " + agent.symbols());
    }
    Object confidence = request.getValue("confidence", 1.0);
    if (!(confidence instanceof Number c) || !(c.doubleValue() >= 0 && c.doubleValue() <= 1)) {
      return invalid("confidence must be a number from 0 to 1");
    }
    Object requestId = request.getValue("requestId");
    if (requestId != null && !(requestId instanceof String r && REQUEST_ID.matcher(r).matches())) {
      return invalid("requestId must be 1 to 64 letters, digits, '-' or '_'");
    }
    Future<List<Signal>> signals = action != null
        ? requested(agent, symbol, Signal.Action.valueOf(action), c.doubleValue(), (String) requestId)
        : fromAnalysis(agent, symbol);
    return signals.compose(this::submitAll)
        .recover(t -> Future.failedFuture(Failures.name(t, "the signal queue", "cmd.signal for " + agent.id())));
  }

  private static <T> Future<T> invalid(String message) {
    return Future.failedFuture(new ApiException(ErrorCode.INVALID_SIGNAL, message));
  }

  /**
   * The action asked for, on the symbol given or each the agent trades, at the live mid price.
   * With the client's {@code requestId} the signals' ids (and so their orders' clOrdIds) are the
   * same on a retry: it queues nothing new and places no second order (for a day).
   */
  private Future<List<Signal>> requested(Agent agent, String symbol, Signal.Action action, double confidence,
                                         String requestId) {
    List<String> symbols = symbol != null ? List.of(symbol) : agent.symbols();
    return market.tickers(symbols).map(tickers -> {
      String request = requestId != null ? "r-" + requestId : UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      List<Signal> signals = new ArrayList<>();
      for (String s : symbols) {
        JsonObject ticker = tickers.get(s);
        java.math.BigDecimal mid = ticker == null ? null : JsonDecimals.mid(ticker); // exact: no 63235.990000000005
        double price = mid == null ? 0 : mid.doubleValue();
        signals.add(Signals.requested(agent.id(), s, action, confidence, price, request, clock.millis(s),
            config.trade().signalTtl()));
      }
      return signals;
    });
  }

  /**
   * A fresh analysis where this process runs the role, else the cached one; BUY and SELL become
   * signals, queued here (not by the analysis role) so the answer says which were new.
   */
  private Future<List<Signal>> fromAnalysis(Agent agent, String symbol) {
    return vertx.eventBus().<JsonObject>request(Addresses.ANALYSIS_RUN,
            new JsonObject().put("agentId", agent.id()).put("offerSignals", false),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(config.ai().timeout().toMillis() + 2_000))
        .map(reply -> reply.body().getJsonArray("results").stream().map(JsonObject.class::cast).toList())
        .recover(t -> analyses.latest(agent.id(), agent.symbols()).map(found -> List.copyOf(found.values())))
        .map(results -> results.stream().map(AnalysisResult::fromJson)
            .filter(r -> symbol == null || symbol.equals(r.symbol()))
            .flatMap(r -> Signals.fromAnalysis(r, clock.millis(r.symbol()), config.trade().signalTtl()).stream())
            .toList());
  }

  private Future<JsonObject> submitAll(List<Signal> signals) {
    List<Future<Boolean>> submitted = signals.stream().map(desk::submit).toList();
    return Future.all(submitted).map(all -> {
      JsonArray queued = new JsonArray();
      JsonArray duplicates = new JsonArray();
      for (int i = 0; i < signals.size(); i++) {
        (submitted.get(i).result() ? queued : duplicates).add(signals.get(i).toJson());
      }
      JsonObject result = new JsonObject().put("queued", queued).put("duplicates", duplicates);
      if (signals.isEmpty()) {
        result.put("message", "no signal: the analysis says HOLD, or there is no analysis yet");
      }
      return result;
    });
  }

  /**
   * The kill switch: {@code {halted: true|false, reason}}. A halt needs its reason; a resume is
   * recorded with one too when given. {@code by} names who pulled it (a token's identity, never
   * the token).
   */
  public Future<JsonObject> setHalt(JsonObject body, String by) {
    Object halted = body.getValue("halted", true);
    Object reason = body.getValue("reason");
    if (!(halted instanceof Boolean h)) {
      return Future.failedFuture(new ApiException(ErrorCode.INVALID_REQUEST, "body field 'halted' must be true or false"));
    }
    if (reason != null && !(reason instanceof String text && text.length() <= MAX_REASON)) {
      return Future.failedFuture(new ApiException(ErrorCode.INVALID_REQUEST,
          "body field 'reason' must be a string of at most " + MAX_REASON + " characters"));
    }
    String given = reason == null ? "" : ((String) reason).strip();
    if (h && given.isEmpty()) {
      return Future.failedFuture(new ApiException(ErrorCode.INVALID_REQUEST,
          "body field 'reason' is required to halt: say why, in at most " + MAX_REASON + " characters"));
    }
    String why = given.isEmpty() ? "no reason given" : given;
    return halt.set(h, why, by)
        .recover(t -> Future.failedFuture(Failures.name(t, "the halt", "cmd.halt")))
        .onSuccess(state -> vertx.eventBus().publish(Addresses.SYSTEM_STATUS, new JsonObject()
            .put("component", "trading").put("state", h ? "HALTED" : "RUNNING").put("reason", why).put("by", by)
            .put("instanceId", config.instanceId()).put("at", Instant.now().toString())));
  }
}
