package dev.mariposa.bus;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The event-bus addresses (docs/ARCHITECTURE.md, src/main/resources/events): one place, so producers and consumers
 * cannot drift. Their families (patterns, who may see them, what crosses instances) are {@link AddressFamily}.
 */
public final class Addresses {
  private Addresses() {}

  public static final String SYSTEM_STATUS = AddressFamily.SYSTEM_STATUS.template();
  public static final String PERF_LEADERBOARD = AddressFamily.PERF_LEADERBOARD.template();
  /** An agent was created, updated or deleted: {@code {id, change, version}}; every role reloads. */
  public static final String RECONCILIATION = AddressFamily.RECONCILIATION.template();
  public static final String AGENTS_CHANGED = AddressFamily.AGENTS_CHANGED.template();
  /** Request (local to a process): analyse one agent now; the reply is {@code {results:[...]}}. */
  public static final String ANALYSIS_RUN = AddressFamily.ANALYSIS_RUN.template();

  /**
   * Request (authenticated, from the bridges): queue a signal now, {@code {agentId, action?,
   * symbol?, confidence?}}; the reply is what POST /api/agents/{id}/signals answers.
   */
  public static final String CMD_SIGNAL = AddressFamily.CMD_SIGNAL.template();
  /** Request (authenticated, from the bridges): the kill switch, {@code {halted, reason}}. */
  public static final String CMD_HALT = AddressFamily.CMD_HALT.template();

  /** What browsers and other bridge clients may receive: the public families' patterns ({@link AddressFamily}). */
  public static final List<Pattern> PUBLIC = AddressFamily.reaching(AddressFamily.Reach.PUBLIC).stream()
      .map(AddressFamily::pattern).toList();

  /** What bridge clients may send, with a valid bearer token: the command request addresses. */
  public static final List<String> INBOUND_REQUESTS = AddressFamily.reaching(AddressFamily.Reach.COMMAND).stream()
      .map(AddressFamily::template).toList();

  /**
   * Request addresses of {@code remote:<name>} models: a process registers one over the TCP bridge
   * (with a valid bearer token) and answers the analysis role's requests on it.
   */
  public static final Pattern MODEL_REQUESTS = AddressFamily.ANALYSIS_MODEL.pattern();

  public static boolean isPublic(String address) {
    if (address == null) {
      return false;
    }
    for (Pattern pattern : PUBLIC) {
      if (pattern.matcher(address).matches()) {
        return true;
      }
    }
    return false;
  }

  public static boolean isModel(String address) {
    return address != null && MODEL_REQUESTS.matcher(address).matches();
  }

  public static String model(String name) {
    return "analysis.model." + name;
  }

  public static String ticker(String symbol) {
    return "market.ticker." + symbol;
  }

  public static String trade(String symbol) {
    return "market.trade." + symbol;
  }

  public static String book(String symbol) {
    return "market.book." + symbol;
  }

  public static String kline(String symbol, String interval) {
    return "market.kline." + symbol + "." + interval;
  }

  /** A perpetual swap's market state: mark, index and funding. */
  public static String swap(String symbol) {
    return "market.swap." + symbol;
  }

  public static String analysis(String agentId) {
    return "analysis.result." + agentId;
  }

  public static String signal(String agentId) {
    return "signal." + agentId;
  }

  public static String agentTrades(String agentId) {
    return "trade." + agentId;
  }

  public static String agentPerformance(String agentId) {
    return "perf.agent." + agentId;
  }

  /** A requested backtest run's status and progress. */
  public static String backtest(String runId) {
    return "backtest." + runId;
  }

  /** Stop a running backtest run: {@code {id}}, heard by every instance's runner. */
  public static final String BACKTESTS_CANCEL = AddressFamily.BACKTESTS_CANCEL.template();

  public static String job(String name) {
    return "jobs." + name;
  }
}
