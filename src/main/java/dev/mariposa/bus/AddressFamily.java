package dev.mariposa.bus;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The event-bus address families, defined once: each family's address template and pattern, who
 * may see it, whether it crosses instances through Redis, whether it is latest-wins (a snapshot:
 * only the newest event of an address matters) and whether the feed lease fences it. The bridges'
 * permissions ({@link Addresses}), the Redis bridge's crossing and coalescing, the feed's fencing
 * and the schema lookup ({@link EventSchemas}) are derived from it. The published index
 * (src/main/resources/events/index.json) lists the families that have a schema; a test keeps the
 * two the same.
 */
public enum AddressFamily {
  MARKET_TICKER("market.ticker", "market.ticker.{SYMBOL}", "market\\.ticker\\.[A-Z0-9]{2,20}", Reach.PUBLIC,
      Trait.CROSSES, Trait.LATEST_WINS, Trait.FENCED),
  MARKET_TRADE("market.trade", "market.trade.{SYMBOL}", "market\\.trade\\.[A-Z0-9]{2,20}", Reach.PUBLIC,
      Trait.CROSSES, Trait.FENCED),
  MARKET_BOOK("market.book", "market.book.{SYMBOL}", "market\\.book\\.[A-Z0-9]{2,20}", Reach.PUBLIC,
      Trait.CROSSES, Trait.LATEST_WINS, Trait.FENCED),
  MARKET_KLINE("market.kline", "market.kline.{SYMBOL}.{interval}",
      "market\\.kline\\.[A-Z0-9]{2,20}\\.[0-9]{1,2}[smhdwM]", Reach.PUBLIC, Trait.CROSSES, Trait.FENCED),
  /** A perpetual swap's mark price, index price and funding (market/swap/SwapMarks). */
  MARKET_SWAP("market.swap", "market.swap.{SYMBOL}", "market\\.swap\\.[A-Z0-9]{2,20}", Reach.PUBLIC,
      Trait.CROSSES, Trait.LATEST_WINS, Trait.FENCED),
  ANALYSIS_RESULT("analysis.result", "analysis.result.{agentId}", "analysis\\.result\\.[a-z0-9-]{1,40}", Reach.PUBLIC,
      Trait.CROSSES),
  SIGNAL("signal", "signal.{agentId}", "signal\\.[a-z0-9-]{1,40}", Reach.PUBLIC, Trait.CROSSES),
  TRADE("trade", "trade.{agentId}", "trade\\.[a-z0-9-]{1,40}", Reach.PUBLIC, Trait.CROSSES),
  PERF_AGENT("perf.agent", "perf.agent.{agentId}", "perf\\.agent\\.[a-z0-9-]{1,40}", Reach.PUBLIC, Trait.CROSSES),
  PERF_LEADERBOARD("perf.leaderboard", "perf.leaderboard", "perf\\.leaderboard", Reach.PUBLIC, Trait.CROSSES),
  SYSTEM_STATUS("system.status", "system.status", "system\\.status", Reach.PUBLIC, Trait.CROSSES),
  JOBS("jobs", "jobs.{name}", "jobs\\.[a-z0-9-]{1,40}", Reach.PUBLIC, Trait.CROSSES),
  RECONCILIATION("reconciliation", "reconciliation", "reconciliation", Reach.PUBLIC, Trait.CROSSES),
  /** A backtest run asked for over the API: its status and progress (backtest.runs). */
  BACKTEST("backtest", "backtest.{runId}", "backtest\\.[a-z0-9-]{1,40}", Reach.PUBLIC, Trait.CROSSES),
  /** Requests are point-to-point sends: they never cross instances (the bridge carries publishes only). */
  CMD_SIGNAL("cmd.signal", "cmd.signal", "cmd\\.signal", Reach.COMMAND),
  CMD_HALT("cmd.halt", "cmd.halt", "cmd\\.halt", Reach.COMMAND),
  ANALYSIS_MODEL("analysis.model", "analysis.model.{name}", "analysis\\.model\\.[a-z0-9-]{1,40}", Reach.MODEL),
  /** Every role on every instance reloads its agents. */
  AGENTS_CHANGED("agents.changed", "agents.changed", "agents\\.changed", Reach.INTERNAL, Trait.CROSSES),
  /** A request local to a process: analyse one agent now. */
  ANALYSIS_RUN("analysis.run", "analysis.run", "analysis\\.run", Reach.INTERNAL),
  /** Stop a running backtest run, on whichever instance runs it: {@code {id}}. */
  BACKTESTS_CANCEL("backtests.cancel", "backtests.cancel", "backtests\\.cancel", Reach.INTERNAL, Trait.CROSSES),
  /** A local wake-up of the signal drain (which also polls). */
  SIGNALS_QUEUED("signals.queued.local", "signals.queued.local", "signals\\.queued\\.local", Reach.INTERNAL);

  /** Who may see a family's addresses through the SockJS and TCP bridges. */
  public enum Reach {
    /** Events anyone may receive (index direction {@code out}). */
    PUBLIC("out"),
    /** Requests a bridge client may send with a bearer token (index direction {@code in}). */
    COMMAND("in"),
    /** Requests an external model process answers over the TCP bridge (index direction {@code model}). */
    MODEL("model"),
    /** Within the cluster only: no bridge client sees them, and they have no published schema. */
    INTERNAL(null);

    private final String direction;

    Reach(String direction) {
      this.direction = direction;
    }

    /** The index's {@code direction}; empty for internal families, which the index does not list. */
    public Optional<String> direction() {
      return Optional.ofNullable(direction);
    }
  }

  private enum Trait { CROSSES, LATEST_WINS, FENCED }

  private static final AddressFamily[] ALL = values();
  private static final AddressFamily[] CROSSING = Arrays.stream(ALL).filter(f -> f.crosses)
      .toArray(AddressFamily[]::new);
  private static final AddressFamily[] LATEST_WINS = Arrays.stream(ALL).filter(f -> f.latestWins)
      .toArray(AddressFamily[]::new);
  private static final String SUFFIX = ".schema.json";

  private final String familyName;
  private final String template;
  private final Pattern pattern;
  private final Reach reach;
  private final boolean crosses;
  private final boolean latestWins;
  private final boolean fenced;
  /** The template up to its first placeholder; the whole address when it has none. */
  private final String prefix;
  private final boolean fixed;

  AddressFamily(String familyName, String template, String pattern, Reach reach, Trait... traits) {
    this.familyName = familyName;
    this.template = template;
    this.pattern = Pattern.compile(pattern);
    this.reach = reach;
    List<Trait> has = List.of(traits);
    this.crosses = has.contains(Trait.CROSSES);
    this.latestWins = has.contains(Trait.LATEST_WINS);
    this.fenced = has.contains(Trait.FENCED);
    int placeholder = template.indexOf('{');
    this.fixed = placeholder < 0;
    this.prefix = fixed ? template : template.substring(0, placeholder);
  }

  /** The family's name in the index ({@code market.ticker}, {@code cmd.signal}...). */
  public String familyName() {
    return familyName;
  }

  /** Its addresses, placeholders in braces: {@code market.kline.{SYMBOL}.{interval}}. */
  public String template() {
    return template;
  }

  /** What a whole address of the family matches. */
  public Pattern pattern() {
    return pattern;
  }

  public Reach reach() {
    return reach;
  }

  /** Its publishes cross instances through Redis pub/sub (RedisBridgeVerticle). */
  public boolean crossesInstances() {
    return crosses;
  }

  /** A snapshot: while Redis is slow or down, and to a slow browser, only the newest event of an address waits. */
  public boolean latestWins() {
    return latestWins;
  }

  /** Published by the feed leader, stamped with its lease epoch, and dropped from a replaced leader (FeedFence). */
  public boolean fencedByFeedLease() {
    return fenced;
  }

  /** The schema files named in the index: {@code schema} for a public family, {@code request} and {@code reply} for a request family. */
  public Optional<String> schemaFile() {
    return reach == Reach.PUBLIC ? Optional.of(familyName + SUFFIX) : Optional.empty();
  }

  public Optional<String> requestSchemaFile() {
    return isRequest() ? Optional.of(familyName + ".request" + SUFFIX) : Optional.empty();
  }

  public Optional<String> replySchemaFile() {
    return isRequest() ? Optional.of(familyName + ".reply" + SUFFIX) : Optional.empty();
  }

  private boolean isRequest() {
    return reach == Reach.COMMAND || reach == Reach.MODEL;
  }

  /**
   * True when {@code address} lies under the family's template: its literal prefix, or the whole
   * address for a family without placeholders. A cheap check for hot paths; {@link #pattern()} is the strict one.
   */
  public boolean covers(String address) {
    return fixed ? template.equals(address) : address.startsWith(prefix);
  }

  /** The family whose pattern the whole address matches. */
  public static Optional<AddressFamily> of(String address) {
    if (address != null) {
      for (AddressFamily family : ALL) {
        if (family.pattern.matcher(address).matches()) {
          return Optional.of(family);
        }
      }
    }
    return Optional.empty();
  }

  /** The family {@code address} lies under ({@link #covers}), or null: no regular expression, for hot paths. */
  public static AddressFamily under(String address) {
    return first(ALL, address);
  }

  /** True when a publish on {@code address} crosses instances through Redis. */
  public static boolean crossesInstances(String address) {
    return first(CROSSING, address) != null;
  }

  /** True when {@code address} is a latest-wins snapshot address. */
  public static boolean latestWins(String address) {
    return first(LATEST_WINS, address) != null;
  }

  /** The literal prefixes of the latest-wins families ({@code market.ticker.}, {@code market.book.}). */
  public static List<String> latestWinsPrefixes() {
    return Arrays.stream(LATEST_WINS).map(f -> f.prefix).toList();
  }

  /** The families a bridge client may see or use as {@code reach}. */
  public static List<AddressFamily> reaching(Reach reach) {
    return Arrays.stream(ALL).filter(f -> f.reach == reach).toList();
  }

  private static AddressFamily first(AddressFamily[] families, String address) {
    if (address == null) {
      return null;
    }
    for (AddressFamily family : families) {
      if (family.covers(address)) {
        return family;
      }
    }
    return null;
  }
}
