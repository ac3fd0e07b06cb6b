package dev.mariposa.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import dev.mariposa.Mariposa;
import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.bus.Addresses;
import dev.mariposa.embedded.EmbeddedRedis;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.SignalDesk;
import dev.mariposa.signal.Signals;
import dev.mariposa.testing.TestConfigs;
import dev.mariposa.trade.PositionGuard;
import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Tick → exit order at the venue. One instance with the signal and trade roles (its own
 * redis-server and MongoDB-wire server, no feed role: the bench is the feed, so only its tickers
 * move the price), {@code positions} agents each holding a BTCUSDT position opened the way the
 * system opens one (a BUY through the signal queue, filled on the paper exchange), each with a
 * stop-loss, take-profit or trailing stop. Tickers ({@link Ticker} records, receivedAt stamped) are
 * published on {@code market.ticker.BTCUSDT} of the instance's bus at a steady rate, the book on
 * {@code market.book.BTCUSDT} every 100 ms, as the feed publishes them.
 *
 * <p>Latency: from the publish of the tick whose bid crosses a position's level (the tick's
 * receive time: the bench stands where the feed receives it; which tick crosses is worked out
 * before the run with {@link PositionGuard}, the function the trade role applies) to the moment
 * the exit order reaches the paper venue: the MongoDB-wire server receiving the insert of the
 * order into {@code paper_orders}, the paper venue's order book, after the match against the book
 * (seen by the server in this JVM, on the same {@code System.nanoTime()} clock). In between: the
 * trade role's guard, the exit signal queued (Redis), taken by the signal role, the risk gate,
 * the trade stream (Redis), the trade role's intent (MongoDB) and the paper match. Beside it,
 * the tick → the exit's trade event on {@code trade.<agentId>}, published after settlement
 * (fills, account, order in MongoDB).
 *
 * <p>Scenarios: "steady": levels staggered so that crossings spread over the run, the price a
 * triangle wave of growing amplitude; "burst": one tick 5% down crosses every position's stop at
 * once while as many lower-priority BUY signals of bystander agents are queued at the same
 * moment: all exits placed, and how many bystander orders reached the venue before the exits;
 * then the same burst with no ticks after the drop but a heartbeat of 10 a second (a diagnostic:
 * the guard submits a crossed position's exit again on every tick until the position is closed,
 * each copy a Redis script call the queue refuses). A first burst warms the JIT and is not reported.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.TickToExitBench
 * [ticks/s] [seconds of the steady run] [positions]}
 */
public final class TickToExitBench {
  private static final String SYMBOL = "BTCUSDT";
  private static final BigDecimal P0 = new BigDecimal("60000.00");
  private static final BigDecimal HALF_SPREAD = new BigDecimal("0.5");
  private static final double DROP = 0.05;
  private static final double MAX_AMPLITUDE = 0.045;
  private static final int PERIOD_TICKS = 1000;
  private static final Duration TTL = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int positions = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    Path dir = Files.createTempDirectory("exit-bench");
    VenueWatch venue = new VenueWatch();
    MongoServer mongo = new MongoServer(venue);
    InetSocketAddress address = mongo.bind();
    EmbeddedRedis redis = EmbeddedRedis.ephemeral();
    Mariposa node = null;
    try {
      node = Mariposa.start(TestConfigs.config(dir.resolve("bench"), Map.of("INSTANCE_ID", "bench",
          "ROLES", "signal,trade", "SYMBOLS", SYMBOL, "MARKET_SOURCE", "synthetic", "REDIS_URL", redis.url(),
          "MONGO_URL", "mongodb://127.0.0.1:" + address.getPort()), json -> { }));
      new TickToExitBench(node, venue, rate, positions).run(seconds);
    } finally {
      if (node != null) {
        node.stop();
      }
      mongo.shutdown();
      redis.stop();
    }
  }

  /** The paper venue's order book is {@code paper_orders}: the time each order's insert reaches the server. */
  static final class VenueWatch extends MemoryBackend {
    final Map<String, Long> placedAt = new ConcurrentHashMap<>();

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
      if ("insert".equalsIgnoreCase(command) && "paper_orders".equals(query.get("insert"))
          && query.get("documents") instanceof List<?> documents) {
        long now = System.nanoTime();
        documents.forEach(d -> placedAt.putIfAbsent(String.valueOf(((Document) d).get("_id")), now));
      }
      return super.handleCommand(channel, database, command, query);
    }
  }

  private final Mariposa node;
  private final VenueWatch venue;
  private final int rate;
  private final int positions;
  private final SignalDesk desk;
  private final AccountRepository accounts;
  private final List<Agent> agents = new ArrayList<>();
  /** The agent's trade events by client order id: when each arrived. */
  private final Map<String, Long> settledAt = new ConcurrentHashMap<>();
  /** Bought and sold client order ids, as their trade events said. */
  private final Map<String, String> fills = new ConcurrentHashMap<>();
  /** The flat price heartbeats publish between runs; a run publishes its own. */
  private volatile BigDecimal flat = P0;
  private volatile boolean running;
  /** The receivedAt (wall clock) of each tick of the last run. */
  private long[] receivedAt = new long[0];
  private long tickCount;

  private TickToExitBench(Mariposa node, VenueWatch venue, int rate, int positions) {
    this.node = node;
    this.venue = venue;
    this.rate = rate;
    this.positions = positions;
    this.desk = node.verticles().signalDesk();
    this.accounts = new AccountRepository(node.services().mongo());
  }

  private void run(int seconds) throws Exception {
    AgentRepository repository = new AgentRepository(node.services().mongo());
    List<Future<Agent>> created = new ArrayList<>();
    for (int i = 0; i < positions; i++) {
      agents.add(agent(String.format("exit-%03d", i), limits(i)));
    }
    List<Agent> all = new ArrayList<>(agents);
    for (String round : List.of("warm", "burst", "quiet")) {
      for (int i = 0; i < positions; i++) {
        all.add(agent(String.format("by-%s-%03d", round, i), new Agent.RiskLimits(1, 200, 600, 1e6, 100, 0, 5, 0, 0, 0)));
      }
    }
    for (Agent agent : all) {
      created.add(repository.create(agent, System.currentTimeMillis()));
      node.vertx().eventBus().<TradeEvent>consumer(Addresses.agentTrades(agent.id()), m -> {
        long now = System.nanoTime();
        JsonObject order = m.body().toJson().getJsonObject("order");
        if ("fill".equals(m.body().type())) {
          settledAt.putIfAbsent(order.getString("clOrdId", order.getString("_id")), now);
          fills.put(order.getString("clOrdId", order.getString("_id")), order.getString("side"));
        }
      });
    }
    Future.all(created).await();
    node.vertx().eventBus().publish(Addresses.AGENTS_CHANGED, new JsonObject().put("change", "created"));
    // The paper venue and the risk gate hear the bus from their first ask: ask before the first tick.
    node.services().market().latestTickerRecord(SYMBOL).await();
    node.services().market().latestOrderBook(SYMBOL, 20).await();
    long heartbeat = node.vertx().setPeriodic(100, id -> {
      if (!running) {
        publishBook(flat);
        publishTicker(flat);
      }
    });
    Thread.sleep(1_500);

    System.out.println("| scenario | ticks/s | positions | exits placed | p50 ms | p99 ms | p99.9 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    open("warm");
    burst("warm", false, rate * 2);
    open("steady");
    steady(seconds);
    open("burst");
    burst("burst", true, rate * 2);
    open("quiet");
    burst("quiet", true, 0);
    node.vertx().cancelTimer(heartbeat);
  }

  /** Stop-loss, take-profit or trailing stop by turns, staggered by 0.1%; every position a stop of at most 4.8%. */
  private static Agent.RiskLimits limits(int i) {
    double level = 0.5 + 0.1 * (i / 3);
    return switch (i % 3) {
      case 0 -> new Agent.RiskLimits(1, 200, 600, 1e6, 100, 0, 5, level, 0, 0);
      case 1 -> new Agent.RiskLimits(1, 200, 600, 1e6, 100, 0, 5, 4.8, level, 0);
      default -> new Agent.RiskLimits(1, 200, 600, 1e6, 100, 0, 5, 4.8, 0, level);
    };
  }

  private static Agent agent(String id, Agent.RiskLimits risk) {
    return new Agent(id, id, List.of(SYMBOL), "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1)), 0.5, 0.6,
        risk, new Agent.Account(Agent.Exchange.PAPER, 100_000), true, 0, 0, 0);
  }

  /** Opens a position for every agent without one, as the system does: a BUY through the queue, filled. */
  private void open(String round) throws InterruptedException {
    List<Account> held = held();
    List<String> waiting = new ArrayList<>();
    for (Agent agent : agents) {
      if (held.stream().noneMatch(a -> a.agentId().equals(agent.id()))) {
        Signal buy = Signals.requested(agent.id(), SYMBOL, Signal.Action.BUY, 1.0, 0, "open-" + round,
            System.currentTimeMillis(), TTL);
        waiting.add(buy.clientOrderId());
        desk.submit(buy);
      }
    }
    awaitFills(waiting, Duration.ofSeconds(30), "opening " + round);
    Thread.sleep(1_000); // the trade role watches each account from its fill on
  }

  private void awaitFills(List<String> clOrdIds, Duration within, String what) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (clOrdIds.stream().anyMatch(id -> !fills.containsKey(id)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long missing = clOrdIds.stream().filter(id -> !fills.containsKey(id)).count();
    if (missing > 0) {
      System.out.printf("NOTE %s: %d of %d orders not filled within %d s%n", what, missing, clOrdIds.size(),
          within.toSeconds());
    }
  }

  /** The bench agents' accounts holding a position now. */
  private List<Account> held() {
    List<Future<Account>> loaded = agents.stream()
        .map(a -> accounts.get(a.id(), BigDecimal.valueOf(a.account().startingBalance()))).toList();
    Future.all(loaded).await();
    return loaded.stream().map(Future::result).filter(a -> a.positions().containsKey(SYMBOL)).toList();
  }

  /** The price at tick n of the steady run: a triangle wave of period PERIOD_TICKS whose amplitude grows to MAX_AMPLITUDE. */
  private static BigDecimal steadyPrice(int n, int ticks) {
    double amplitude = MAX_AMPLITUDE * (n + 1) / ticks;
    double phase = (n % PERIOD_TICKS) / (double) PERIOD_TICKS; // 0 → up to 1 at 0.25, down to -1 at 0.75, back
    double wave = phase < 0.25 ? phase * 4 : phase < 0.75 ? 2 - phase * 4 : phase * 4 - 4;
    return P0.multiply(BigDecimal.valueOf(1 + amplitude * wave)).setScale(2, RoundingMode.HALF_EVEN);
  }

  private void steady(int seconds) throws InterruptedException {
    int ticks = rate * seconds;
    List<BigDecimal> path = new ArrayList<>(ticks);
    for (int n = 0; n < ticks; n++) {
      path.add(steadyPrice(n, ticks));
    }
    Map<String, Crossing> crossings = crossings(held(), path);
    double duplicatesBefore = duplicates();
    Map<String, Long> callsBefore = redisCalls();
    long[] published = publish(path, n -> n % 100 == 0);
    flat = P0;
    awaitFills(crossings.values().stream().map(Crossing::clOrdId).toList(), Duration.ofSeconds(60), "steady exits");
    report("steady", crossings, published);
    resubmitted("steady", duplicatesBefore, callsBefore);
    Map<String, Integer> kinds = new HashMap<>();
    crossings.values().forEach(c -> kinds.merge(c.kind(), 1, Integer::sum));
    System.out.printf("KINDS steady: %s crossed in %.1f s of ticks, %d positions not crossed%n", kinds, ticks / (double) rate,
        positions - crossings.size());
  }

  /**
   * One tick 5% down with, at the same moment, one lower-priority BUY per bystander agent queued
   * (the API's priority, 60, below the exits' 90); then the market goes on at the rate, down there.
   */
  private void burst(String round, boolean reported, int ticksAfter) throws InterruptedException {
    BigDecimal down = P0.multiply(BigDecimal.valueOf(1 - DROP)).setScale(2, RoundingMode.HALF_EVEN);
    List<BigDecimal> path = new ArrayList<>();
    for (int n = 0; n < rate / 5; n++) {
      path.add(P0);
    }
    int crash = path.size();
    path.add(down);
    for (int n = 0; n < ticksAfter; n++) {
      path.add(down);
    }
    Map<String, Crossing> crossings = crossings(held(), path);
    double duplicatesBefore = duplicates();
    Map<String, Long> callsBefore = redisCalls();
    List<String> bystanders = new ArrayList<>();
    long[] published = publish(path, n -> n == crash || n % 100 == 0, n -> {
      if (n == crash) {
        for (int i = 0; i < positions; i++) {
          Signal buy = Signals.requested(String.format("by-%s-%03d", round, i), SYMBOL, Signal.Action.BUY, 1.0, 0,
              "bystander", System.currentTimeMillis(), TTL);
          bystanders.add(buy.clientOrderId());
          desk.submit(buy);
        }
      }
    });
    flat = down; // a quiet market stays down (the heartbeat's ten ticks a second)
    awaitFills(crossings.values().stream().map(Crossing::clOrdId).toList(), Duration.ofSeconds(60), round + " exits");
    flat = P0;
    awaitFills(bystanders, Duration.ofSeconds(60), round + " bystanders");
    if (!reported) {
      return;
    }
    String scenario = ticksAfter > 0 ? "burst (5% drop in one tick)"
        : "burst, then no ticks but the heartbeat's 10/s (diagnostic)";
    report(scenario, crossings, published);
    resubmitted(scenario, duplicatesBefore, callsBefore);
    long lastExit = crossings.values().stream().map(c -> venue.placedAt.get(c.clOrdId())).filter(t -> t != null)
        .mapToLong(Long::longValue).max().orElse(0);
    long firstExit = crossings.values().stream().map(c -> venue.placedAt.get(c.clOrdId())).filter(t -> t != null)
        .mapToLong(Long::longValue).min().orElse(0);
    List<Long> bystanderTimes = bystanders.stream().map(venue.placedAt::get).filter(t -> t != null).sorted().toList();
    long before = bystanderTimes.stream().filter(t -> t < lastExit).count();
    long beforeFirst = bystanderTimes.stream().filter(t -> t < firstExit).count();
    System.out.printf("BURST %s: all %d exits at the venue %.2f ms after the tick; priority: %d of the %d lower-priority"
            + " BUYs queued at the same moment reached the venue before the first exit, %d before the last; the first of"
            + " them %.2f ms, the median %.2f ms after the tick%n",
        scenario, crossings.size(), (lastExit - published[crash]) / 1e6, beforeFirst, bystanders.size(), before,
        bystanderTimes.isEmpty() ? Double.NaN : (bystanderTimes.get(0) - published[crash]) / 1e6,
        bystanderTimes.isEmpty() ? Double.NaN : (bystanderTimes.get(bystanderTimes.size() / 2) - published[crash]) / 1e6);
  }

  /** Which tick crosses each held position's level, and its exit's client order id: what the trade role will decide. */
  private Map<String, Crossing> crossings(List<Account> held, List<BigDecimal> path) {
    if (held.size() < positions) {
      System.out.printf("NOTE %d of %d positions held at the start of the run (an exit of the run before came late,"
          + " or an opening BUY was not filled)%n", held.size(), positions);
    }
    Map<String, Crossing> crossings = new HashMap<>();
    for (Account account : held) {
      Agent agent = agents.stream().filter(a -> a.id().equals(account.agentId())).findFirst().orElseThrow();
      Account watched = account;
      for (int n = 0; n < path.size(); n++) {
        PositionGuard.Watch watch = PositionGuard.onPrice(agent, watched, SYMBOL, bid(path.get(n)), 0, TTL);
        watched = watch.account();
        if (watch.exit().isPresent()) {
          Signal exit = watch.exit().get();
          crossings.put(agent.id(), new Crossing(n, exit.clientOrderId(), exit.reasons().get(0).split(":")[0]));
          break;
        }
      }
    }
    return crossings;
  }

  private record Crossing(int tick, String clOrdId, String kind) {}

  private long[] publish(List<BigDecimal> path, java.util.function.IntPredicate withBook) {
    return publish(path, withBook, n -> { });
  }

  /**
   * Publishes the path at the rate from this thread, each tick at its due time, the book before the
   * tickers it says so; returns each tick's publish time (System.nanoTime()).
   */
  private long[] publish(List<BigDecimal> path, java.util.function.IntPredicate withBook,
                         java.util.function.IntConsumer after) {
    long[] published = new long[path.size()];
    receivedAt = new long[path.size()];
    long interval = 1_000_000_000L / rate;
    running = true;
    long start = System.nanoTime() + 1_000_000;
    for (int n = 0; n < path.size(); n++) {
      long due = start + n * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      BigDecimal price = path.get(n);
      flat = price;
      if (withBook.test(n)) {
        publishBook(price);
      }
      published[n] = System.nanoTime();
      receivedAt[n] = publishTicker(price);
      after.accept(n);
    }
    running = false;
    return published;
  }

  private static BigDecimal bid(BigDecimal price) {
    return price.subtract(HALF_SPREAD);
  }

  private long publishTicker(BigDecimal price) {
    long now = System.currentTimeMillis();
    Ticker ticker = new Ticker(SYMBOL, "bench", null, now, now, bid(price), BigDecimal.ONE, price.add(HALF_SPREAD),
        BigDecimal.ONE, price, ++tickCount, null);
    node.vertx().eventBus().publish(Addresses.ticker(SYMBOL), ticker);
    return now;
  }

  /** Twenty levels a side, a cent apart beyond the touch, ten BTC each: every bench order fills at the touch. */
  private void publishBook(BigDecimal price) {
    long now = System.currentTimeMillis();
    List<BookSnapshot.Level> bids = new ArrayList<>();
    List<BookSnapshot.Level> asks = new ArrayList<>();
    BigDecimal cent = new BigDecimal("0.01");
    for (int level = 0; level < 20; level++) {
      BigDecimal away = cent.multiply(BigDecimal.valueOf(level));
      bids.add(new BookSnapshot.Level(bid(price).subtract(away), BigDecimal.TEN));
      asks.add(new BookSnapshot.Level(price.add(HALF_SPREAD).add(away), BigDecimal.TEN));
    }
    node.vertx().eventBus().publish(Addresses.book(SYMBOL), new BookSnapshot(SYMBOL, "bench", null, now, now, now, bids, asks));
  }

  /** One row: tick → venue per exit; then tick → settled trade event, and where the time went by the stored stamps. */
  private void report(String scenario, Map<String, Crossing> crossings, long[] published) {
    Histogram placed = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    Histogram settled = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    int missing = 0;
    for (Crossing c : crossings.values()) {
      Long at = venue.placedAt.get(c.clOrdId());
      Long told = settledAt.get(c.clOrdId());
      if (at == null) {
        missing++;
        continue;
      }
      placed.recordValue(Math.max(0, at - published[c.tick()]));
      if (told != null) {
        settled.recordValue(Math.max(0, told - published[c.tick()]));
      }
    }
    System.out.printf("| %s | %d | %d | %d of %d | %.2f | %.2f | %.2f | %.2f |%n", scenario, rate, positions,
        placed.getTotalCount(), crossings.size(), ms(placed, 50), ms(placed, 99), ms(placed, 99.9), placed.getMaxValue() / 1e6);
    System.out.printf("SETTLED %s: tick → exit's trade event (after settlement) p50 %.2f ms, p99 %.2f ms, max %.2f ms"
        + " (%d events)%s%n", scenario, ms(settled, 50), ms(settled, 99), settled.getMaxValue() / 1e6,
        settled.getTotalCount(), missing > 0 ? "; " + missing + " exits never reached the venue" : "");
    stages(scenario, crossings);
  }

  /**
   * Median stages by the stored stamps (wall-clock milliseconds): the exit signal's creation (the
   * guard, on the tick), its outcome recorded by the signal role (queue, risk gate, trade stream),
   * the order's intent stored by the trade role.
   */
  private void stages(String scenario, Map<String, Crossing> crossings) {
    var client = node.services().mongo().client();
    List<Long> guard = new ArrayList<>();
    List<Long> gate = new ArrayList<>();
    List<Long> intent = new ArrayList<>();
    for (Crossing c : crossings.values()) {
      JsonObject order = client.findOne("orders", new JsonObject().put("_id", c.clOrdId()), null).await();
      if (order == null) {
        continue;
      }
      JsonObject signal = client.findOne("signals", new JsonObject().put("_id", order.getString("signalId")), null).await();
      if (signal == null) {
        continue;
      }
      guard.add(signal.getLong("createdAt") - receivedAt[c.tick()]);
      gate.add(signal.getLong("updatedAt") - signal.getLong("createdAt"));
      intent.add(order.getLong("createdAt") - signal.getLong("createdAt"));
    }
    System.out.printf("STAGES %s (medians of wall-clock ms stamps): tick → exit signal created by the guard %s;"
        + " from then to sent on the trade stream (claim, agent's turn, risk gate) %s, to the order's intent stored by the"
        + " trade role %s%n", scenario, median(guard), median(gate), median(intent));
  }

  /** The exits the queue refused as already queued: the guard offers an exit again, at most every 250 ms, until the position is closed. */
  private double duplicates() {
    var counter = node.services().registry().find("mariposa.signals").tag("status", "duplicate").counter();
    return counter == null ? 0 : counter.count();
  }

  private void resubmitted(String scenario, double before, Map<String, Long> callsBefore) {
    Map<String, Long> calls = redisCalls();
    long all = calls.values().stream().mapToLong(Long::longValue).sum()
        - callsBefore.values().stream().mapToLong(Long::longValue).sum();
    long scripts = calls.getOrDefault("evalsha", 0L) - callsBefore.getOrDefault("evalsha", 0L);
    System.out.printf("REDIS %s: %d commands, %d of them script calls (EVALSHA); %.0f exit submissions refused by the"
        + " queue as already queued (the guard offers an exit again, at most every 250 ms, until the position is"
        + " closed; submissions that failed on a full connection pool are not counted)%n", scenario, all, scripts,
        duplicates() - before);
  }

  /** Calls per command since the redis-server started (INFO commandstats). */
  private Map<String, Long> redisCalls() {
    String info = node.services().redis().send(Request.cmd(Command.INFO).arg("commandstats")).await().toString();
    Map<String, Long> calls = new HashMap<>();
    Matcher m = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(info);
    while (m.find()) {
      calls.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return calls;
  }

  private static String median(List<Long> values) {
    return values.isEmpty() ? "–" : Long.toString(values.stream().sorted().toList().get(values.size() / 2));
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }
}
