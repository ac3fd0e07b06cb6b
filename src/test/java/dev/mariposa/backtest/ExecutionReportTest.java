package dev.mariposa.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentJson;
import dev.mariposa.agent.DefaultAgents;
import dev.mariposa.agent.Execution;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.config.ConfigLoader;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.Latency;
import dev.mariposa.market.replay.ReplayFiles;
import dev.mariposa.metrics.TradeFill;
import dev.mariposa.signal.RestingPlan;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.testing.RecordedVenue;
import dev.mariposa.testing.SharedData;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report's execution section, worked out again by hand from the orders it lists, the run's
 * fills and the recorded quotes: an IOC agent and a market agent on the same data, the recorded
 * 2021-04-05 books (adverse selection measured on the quotes) and a real day of bars (where it is
 * "n/a (bars)").
 */
class ExecutionReportTest {
  private static final String CAPTURE = "binance/ws/combined_2021-04-05_10sym_bookTicker_depth100ms_aggTrade.jsonl";
  private static final String DAY = "binance/klines/BTCUSDT-1m-2024-09-21.csv";
  private static final Path ORDERFLOW_AGENT = Path.of("examples/backtest/orderflow-agent.json");
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final BigDecimal BPS = BigDecimal.valueOf(10_000);

  record Run(JsonObject report, TradeList trades) {
    JsonObject agent(String id) {
      return report.getJsonArray("agents").stream().map(JsonObject.class::cast)
          .filter(a -> a.getJsonObject("agent").getString("id").equals(id)).findFirst().orElseThrow();
    }
  }

  @Test
  void onRecordedBooksTheFiguresAddUpAndTheMidsAfterEachFillAreTheRecordedOnes() throws Exception {
    List<Path> data = new ArrayList<>(List.of(SharedData.require(CAPTURE)));
    try (Stream<Path> rest = Files.list(SharedData.require("binance/rest"))) {
      rest.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).sorted().forEach(data::add);
    }
    JsonObject market = new JsonObject(Files.readString(ORDERFLOW_AGENT));
    JsonObject ioc = market.copy().put("id", "orderflow-ioc")
        .put("execution", new JsonObject().put("type", "ioc").put("maxSlippageBps", 10));
    Run run = backtest(data, List.of(parse(market), parse(ioc)));
    Quotes quotes = Quotes.read(SharedData.require(CAPTURE));

    JsonObject marketAgent = run.agent("orderflow");
    JsonObject iocAgent = run.agent("orderflow-ioc");
    for (JsonObject agent : List.of(marketAgent, iocAgent)) {
      checkAgainstTheOrdersAndFills(agent, run.trades());
    }
    JsonObject iocExecution = iocAgent.getJsonObject("execution");
    assertThat(total(iocExecution.getJsonObject("orders").getJsonObject("ioc"))).as("the IOC agent's entries").isPositive();
    assertThat(iocExecution.getJsonObject("orders").getJsonObject("ioc").getInteger("filled")).isPositive();
    assertThat(iocExecution.getJsonObject("limitOrders").getValue("fillRatio")).isNotNull();
    assertThat(total(marketAgent.getJsonObject("execution").getJsonObject("orders").getJsonObject("ioc"))).isZero();
    assertThat(marketAgent.getJsonObject("execution").getJsonObject("limitOrders").getValue("fillRatio"))
        .as("no limit orders, no ratio").isNull();

    int measured = 0;
    for (JsonObject agent : List.of(marketAgent, iocAgent)) {
      measured += checkAgainstTheRecordedQuotes(agent, quotes);
    }
    assertThat(measured).as("fills whose mids 1 s and 10 s later were worked out from the capture").isPositive();
  }

  @Test
  void withALatencyEachOrderMeetsTheBookOfItsArrivalTheSameEveryRun() throws Exception {
    List<Path> data = capture();
    JsonObject json = new JsonObject(Files.readString(ORDERFLOW_AGENT)).put("id", "orderflow-ioc")
        .put("execution", new JsonObject().put("type", "ioc").put("maxSlippageBps", 10));
    List<Agent> agents = List.of(parse(json));
    Run run = backtest(data, agents, 40, 20);
    JsonObject agent = run.agent("orderflow-ioc");
    checkAgainstTheOrdersAndFills(agent, run.trades());
    assertThat(run.report().getJsonObject("settings").getInteger("latencyMs")).isEqualTo(40);
    List<JsonObject> orders = orders(agent);
    assertThat(orders).isNotEmpty().allSatisfy(order -> assertThat(order.getLong("at") - order.getLong("sentAt"))
        .as("%s reached the venue 40 ms + 0..20 ms after its approval", order).isBetween(40L, 60L));
    assertThat(orders.stream().map(o -> o.getLong("at") - o.getLong("sentAt")).distinct().count())
        .as("the jitter varies").isGreaterThan(1);
    // Its fills are stamped with its arrival, each taken at or through the best of the book then.
    run.trades().fills().get("orderflow-ioc").forEach(fill -> assertThat(orders).anySatisfy(o ->
        assertThat(o.getLong("at")).isEqualTo(fill.at())));
    assertThat(backtest(data, agents, 40, 20).agent("orderflow-ioc").getJsonArray("orders"))
        .as("seeded: the same delays, the same orders").isEqualTo(agent.getJsonArray("orders"));
    checkAgainstTheRecordedQuotes(agent, Quotes.read(SharedData.require(CAPTURE)));
  }

  @Test
  void restingOrdersFillAsMakersAndTheirWaitInTheQueueIsMeasured() throws Exception {
    ExecutionFigures figures = new ExecutionFigures();
    RecordedVenue dent = new RecordedVenue("DENTUSDT", Fees.binanceSpot(), Latency.none());
    // An IOC buy at the best ask takes 1000 at once (taker), after u 148624033 (E 1617647604773),
    // and a LIMIT sell of 100000 rests at that ask, 0.020956, behind 22750: it fills 59717 at
    // E 1617647606094, 2024 at 606936, 38259 at 607143 (InMemoryPaperExchangeTest works it out).
    dent.untilDepth(148624033L);
    BigDecimal ask = new BigDecimal("0.020956");
    ExecutionFigures.Placement first = placement(dent);
    dent.place("ioc", Side.BUY, OrderRequest.Type.IOC, "1000", ask);
    dent.place("full", Side.SELL, OrderRequest.Type.LIMIT, "100000", ask);
    // A LIMIT sell of 50000 at 0.021019 after u 148627812 (E 1617647698613): 605 ahead, then one
    // print of 2754 (E 1617647702348) gives it 2149, and nothing more: cancelled at the end.
    dent.untilDepth(148627812L);
    ExecutionFigures.Placement second = placement(dent);
    dent.place("partial", Side.SELL, OrderRequest.Type.LIMIT, "50000", new BigDecimal("0.021019"));
    dent.toTheEnd();
    dent.venue.cancel("DENTUSDT", "partial");

    settle(figures, dent, "ioc", Side.BUY, OrderRequest.Type.IOC, "1000", ask, first);
    settle(figures, dent, "full", Side.SELL, OrderRequest.Type.LIMIT, "100000", ask, first);
    settle(figures, dent, "partial", Side.SELL, OrderRequest.Type.LIMIT, "50000", new BigDecimal("0.021019"), second);
    JsonObject json = figures.toJson();

    JsonObject liquidity = json.getJsonObject("liquidity");
    assertThat(liquidity.getInteger("takerFills")).as("the IOC's").isEqualTo(1);
    assertThat(liquidity.getInteger("makerFills")).as("3 + 1 from the queue").isEqualTo(4);
    // Notional: taker 1000 x 0.020956 = 20.956; maker 100000 x 0.020956 + 2149 x 0.021019 = 2095.6 + 45.169831
    assertThat(number(liquidity, "takerNotional")).isCloseTo(20.956, within(1e-9));
    assertThat(number(liquidity, "makerNotional")).isCloseTo(2140.769831, within(1e-9));
    // Waits from reaching the venue to the first maker fill: 1617647606094 - 1617647604773 = 1321 ms,
    // 1617647702348 - 1617647698613 = 3735 ms; median (1321 + 3735) / 2 = 2528.
    JsonObject wait = json.getJsonObject("queueWait");
    assertThat(wait.getInteger("orders")).isEqualTo(2);
    assertThat(number(wait, "medianMs")).isEqualTo(2528);
    assertThat(wait.getLong("maxMs")).isEqualTo(3735);
    JsonObject limit = json.getJsonObject("orders").getJsonObject("limit");
    assertThat(limit.getInteger("filled")).isEqualTo(1);
    assertThat(limit.getInteger("partiallyFilledThenCancelled")).isEqualTo(1);
    // Limit orders filled: (1000 + 100000 + 2149) over (1000 + 100000 + 50000) asked, per symbol.
    assertThat(number(json.getJsonObject("limitOrders").getJsonObject("bySymbol").getJsonObject("DENTUSDT"), "fillRatio"))
        .isCloseTo(103149.0 / 151000, within(1e-6));
  }

  private static ExecutionFigures.Placement placement(RecordedVenue venue) {
    BookSnapshot book = venue.book().orElseThrow();
    return new ExecutionFigures.Placement(venue.now(), book.mid(), Optional.of(book), true);
  }

  private static void settle(ExecutionFigures figures, RecordedVenue venue, String id, Side side, OrderRequest.Type type,
                             String quantity, BigDecimal price, ExecutionFigures.Placement placement) {
    OrderState state = venue.state(id);
    Signal signal = new Signal(id, "agent", venue.symbol, side == Side.BUY ? Signal.Action.BUY : Signal.Action.SELL, 1,
        0, price.doubleValue(), placement.at(), Signal.Source.API, placement.at(), placement.at() + 60_000, List.of());
    Optional<RestingPlan> plan = type.rests()
        ? Optional.of(new RestingPlan(new Execution(Execution.Type.LIMIT, 10), price, Duration.ofSeconds(5)))
        : Optional.empty();
    TradeTicket ticket = new TradeTicket(signal, side, new BigDecimal(quantity), Agent.Exchange.PAPER, placement.at(), type,
        Optional.of(price), plan);
    figures.settled(new JsonObject(), ticket, state.status().name(), state.fills(), placement);
  }

  private static List<Path> capture() throws Exception {
    List<Path> data = new ArrayList<>(List.of(SharedData.require(CAPTURE)));
    try (Stream<Path> rest = Files.list(SharedData.require("binance/rest"))) {
      rest.filter(f -> f.getFileName().toString().startsWith("depth_snapshot_2021-04-05_")).sorted().forEach(data::add);
    }
    return data;
  }

  @Test
  void onBarsAdverseSelectionIsNotMadeUp() throws Exception {
    Path day = SharedData.require(DAY);
    MariposaConfig config = ConfigLoader.load(Map.of("SYMBOLS", "BTCUSDT"));
    Agent momentum = DefaultAgents.of(config).get(0);
    Agent ioc = parse(AgentJson.toJson(momentum).put("id", "momentum-ioc")
        .put("execution", new JsonObject().put("type", "ioc").put("maxSlippageBps", 10)));
    Run run = backtest(List.of(day), List.of(momentum, ioc));

    for (String id : List.of(momentum.id(), "momentum-ioc")) {
      JsonObject agent = run.agent(id);
      checkAgainstTheOrdersAndFills(agent, run.trades());
      assertThat(agent.getJsonObject("execution").getValue("adverseSelection")).as(id).isEqualTo("n/a (bars)");
      assertThat(orders(agent).stream().filter(o -> o.containsKey("filledQuantity")).map(o -> o.getValue("adverseBps")))
          .isNotEmpty().containsOnly("n/a (bars)");
      // A bar's mid is its close: the slippage is the half spread and more, never better.
      assertThat(number(agent.getJsonObject("execution").getJsonObject("slippage"), "bps")).isGreaterThan(0);
    }
    JsonObject iocOrders = run.agent("momentum-ioc").getJsonObject("execution").getJsonObject("orders").getJsonObject("ioc");
    assertThat(iocOrders.getInteger("filled")).as("IOC buys 10 bps above the mid fill at bar quotes 0.5 bp wide").isPositive();
  }

  /** The section's counts, fill ratio, fees, liquidity and slippage, worked out again from the orders and fills. */
  private static void checkAgainstTheOrdersAndFills(JsonObject agent, TradeList trades) {
    String id = agent.getJsonObject("agent").getString("id");
    JsonObject execution = agent.getJsonObject("execution");
    List<JsonObject> orders = orders(agent);
    assertThat(orders).as("%s orders", id).isNotEmpty();

    // Orders by type and outcome: every order once.
    Map<String, Map<String, Integer>> counted = new TreeMap<>();
    for (JsonObject order : orders) {
      String outcome = switch (order.getString("status")) {
        case "FILLED" -> "filled";
        case "CANCELED" -> order.containsKey("filledQuantity") ? "partiallyFilledThenCancelled" : "cancelledUnfilled";
        case "REJECTED" -> "rejected";
        default -> order.getString("status").toLowerCase(Locale.ROOT);
      };
      counted.computeIfAbsent(order.getString("type"), t -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }
    JsonObject byType = execution.getJsonObject("orders");
    int counts = 0;
    for (String type : byType.fieldNames()) {
      JsonObject outcomes = byType.getJsonObject(type);
      counts += total(outcomes);
      for (String outcome : outcomes.fieldNames()) {
        assertThat(outcomes.getInteger(outcome)).as("%s %s %s", id, type, outcome)
            .isEqualTo(counted.getOrDefault(type, Map.of()).getOrDefault(outcome, 0));
      }
    }
    assertThat(counts).as("%s: the counts add up to the orders", id).isEqualTo(orders.size());

    // The limit orders' fill ratio: filled over asked, per symbol, and over all of them at their mids.
    BigDecimal asked = BigDecimal.ZERO;
    BigDecimal filled = BigDecimal.ZERO;
    Map<String, BigDecimal[]> bySymbol = new TreeMap<>();
    for (JsonObject order : orders) {
      if (!order.getString("type").equals("market")) {
        assertThat(order.getValue("limitPrice")).as("a limit order's price").isNotNull();
        BigDecimal quantity = decimal(order, "quantity");
        BigDecimal got = order.containsKey("filledQuantity") ? decimal(order, "filledQuantity") : BigDecimal.ZERO;
        asked = asked.add(quantity.multiply(decimal(order, "sizingMid")));
        filled = filled.add(got.multiply(decimal(order, "sizingMid")));
        BigDecimal[] sum = bySymbol.computeIfAbsent(order.getString("symbol"), s -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[0] = sum[0].add(quantity);
        sum[1] = sum[1].add(got);
      }
    }
    JsonObject limit = execution.getJsonObject("limitOrders");
    assertThat(limit.getJsonObject("bySymbol").fieldNames()).isEqualTo(bySymbol.keySet());
    bySymbol.forEach((symbol, sum) -> {
      JsonObject of = limit.getJsonObject("bySymbol").getJsonObject(symbol);
      assertThat(decimal(of, "asked")).isEqualByComparingTo(sum[0]);
      assertThat(decimal(of, "filled")).isEqualByComparingTo(sum[1]);
      assertThat(number(of, "fillRatio")).isLessThanOrEqualTo(1).isCloseTo(sum[1].divide(sum[0], MC).doubleValue(), within(1e-6));
    });
    if (asked.signum() > 0) {
      assertThat(number(limit, "fillRatio")).as("%s fill ratio", id).isLessThanOrEqualTo(1)
          .isCloseTo(filled.divide(asked, MC).doubleValue(), within(1e-6));
    }

    // Fees: the fills' own, over the traded notional.
    List<TradeFill> fills = trades.fills().get(id);
    BigDecimal fees = fills.stream().map(TradeFill::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal notional = fills.stream().map(f -> f.quantity().multiply(f.price())).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(notional.signum()).as("%s traded", id).isPositive();
    JsonObject paid = execution.getJsonObject("fees");
    assertThat(decimal(paid, "total")).as("%s fees", id).isEqualByComparingTo(JsonDecimals.number(fees));
    assertThat(number(paid, "bps")).isCloseTo(fees.multiply(BPS).divide(notional, MC).doubleValue(), within(1e-4));

    // Every fill took liquidity when its order was placed: all taker, worked out by the section, not assumed.
    JsonObject liquidity = execution.getJsonObject("liquidity");
    assertThat(number(liquidity, "takerNotional")).isCloseTo(notional.doubleValue(), within(1e-6));
    assertThat(number(liquidity, "takerPct")).isEqualTo(100);
    assertThat(number(liquidity, "makerPct")).isZero();
    assertThat(liquidity.getInteger("takerFills")).isEqualTo(fills.size());
    assertThat(liquidity.getInteger("makerFills")).isZero();
    assertThat(execution.getValue("queueWait")).as("nothing rested").isNull();

    // Slippage: each order's average price against the mid it was sized at, worse positive.
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal atMid = BigDecimal.ZERO;
    for (JsonObject order : orders) {
      if (!order.containsKey("filledQuantity")) {
        assertThat(order.containsKey("slippageBps")).isFalse();
        continue;
      }
      BigDecimal mid = decimal(order, "sizingMid");
      BigDecimal quantity = decimal(order, "filledQuantity");
      BigDecimal worse = decimal(order, "averagePrice").subtract(mid).multiply(sign(order));
      assertThat(number(order, "slippageBps")).as("%s", order)
          .isCloseTo(worse.multiply(BPS).divide(mid, MC).doubleValue(), within(1e-3));
      assertThat(decimal(order, "takerQuantity")).isEqualByComparingTo(quantity);
      cost = cost.add(worse.multiply(quantity));
      atMid = atMid.add(mid.multiply(quantity));
    }
    assertThat(number(execution.getJsonObject("slippage"), "bps")).as("%s slippage", id)
        .isCloseTo(cost.multiply(BPS).divide(atMid, MC).doubleValue(), within(1e-3));
  }

  /**
   * Each fill's adverse selection, from the capture's own quotes: the mid it was sized at is one the
   * capture quoted at that moment, and the mids 1 s and 10 s later are the last quoted by then.
   * Returns how many fills were measured.
   */
  private static int checkAgainstTheRecordedQuotes(JsonObject agent, Quotes quotes) {
    int measured = 0;
    Map<String, BigDecimal[]> sums = new TreeMap<>();
    for (JsonObject order : orders(agent)) {
      if (!order.containsKey("filledQuantity")) {
        continue;
      }
      String symbol = order.getString("symbol");
      long at = order.getLong("at");
      BigDecimal mid = decimal(order, "sizingMid");
      assertThat(quotes.midsAt(symbol, order.getLong("sentAt", at))).as("the mid %s sized at", order).anySatisfy(m -> assertThat(m).isEqualByComparingTo(mid));
      JsonObject adverse = order.getJsonObject("adverseBps");
      for (long horizon : List.of(1_000L, 10_000L)) {
        String label = horizon / 1000 + "s";
        if (at + horizon > quotes.last(symbol)) {
          assertThat(adverse.containsKey(label)).as("%s after the capture's end", label).isFalse();
          continue;
        }
        BigDecimal then = quotes.midAt(symbol, at + horizon);
        BigDecimal lost = mid.subtract(then).multiply(sign(order));
        assertThat(number(adverse, label)).as("%s %s", label, order)
            .isCloseTo(lost.multiply(BPS).divide(mid, MC).doubleValue(), within(1e-4));
        BigDecimal quantity = decimal(order, "filledQuantity");
        BigDecimal[] sum = sums.computeIfAbsent(label, l -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        sum[0] = sum[0].add(lost.multiply(quantity));
        sum[1] = sum[1].add(mid.multiply(quantity));
        measured++;
      }
    }
    JsonObject section = agent.getJsonObject("execution").getJsonObject("adverseSelection");
    sums.forEach((label, sum) -> assertThat(number(section.getJsonObject(label), "bps")).as("%s averaged", label)
        .isCloseTo(sum[0].multiply(BPS).divide(sum[1], MC).doubleValue(), within(1e-3)));
    return measured;
  }

  /** One symbol's bookTicker mids of the capture, timed as the replay times them (the last event time before). */
  record Quotes(Map<String, List<long[]>> times, Map<String, List<BigDecimal>> mids, Map<String, Long> lastEvent) {
    static Quotes read(Path capture) throws Exception {
      Map<String, List<long[]>> times = new TreeMap<>();
      Map<String, List<BigDecimal>> mids = new TreeMap<>();
      Map<String, Long> last = new TreeMap<>();
      Map<String, List<JsonObject>> bySymbol = new TreeMap<>();
      for (String line : Files.readAllLines(capture)) {
        JsonObject message = new JsonObject(line);
        bySymbol.computeIfAbsent(message.getString("stream").split("@")[0].toUpperCase(Locale.ROOT), s -> new ArrayList<>())
            .add(message);
      }
      bySymbol.forEach((symbol, messages) -> {
        long known = messages.stream().map(m -> m.getJsonObject("data").getLong("E")).filter(e -> e != null)
            .findFirst().orElseThrow();
        for (JsonObject message : messages) {
          Long time = message.getJsonObject("data").getLong("E");
          known = time != null ? time : known;
          if (message.getString("stream").endsWith("@bookTicker")) {
            JsonObject data = message.getJsonObject("data");
            times.computeIfAbsent(symbol, s -> new ArrayList<>()).add(new long[] {known});
            mids.computeIfAbsent(symbol, s -> new ArrayList<>())
                .add(new BigDecimal(data.getString("b")).add(new BigDecimal(data.getString("a"))).divide(BigDecimal.valueOf(2)));
          }
        }
        last.put(symbol, known);
      });
      return new Quotes(times, mids, last);
    }

    long last(String symbol) {
      return lastEvent.get(symbol);
    }

    /** The mid of the last quote at or before {@code t}. */
    BigDecimal midAt(String symbol, long t) {
      BigDecimal mid = null;
      for (int i = 0; i < times.get(symbol).size() && times.get(symbol).get(i)[0] <= t; i++) {
        mid = mids.get(symbol).get(i);
      }
      return mid;
    }

    /** The mids in force during {@code t}: the last one before it, and those quoted at it. */
    List<BigDecimal> midsAt(String symbol, long t) {
      List<BigDecimal> during = new ArrayList<>();
      during.add(midAt(symbol, t - 1));
      for (int i = 0; i < times.get(symbol).size(); i++) {
        if (times.get(symbol).get(i)[0] == t) {
          during.add(mids.get(symbol).get(i));
        }
      }
      return during.stream().filter(m -> m != null).toList();
    }
  }

  private static Run backtest(List<Path> data, List<Agent> agents) throws Exception {
    return backtest(data, agents, 0, 0);
  }

  private static Run backtest(List<Path> data, List<Agent> agents, int latencyMs, int jitterMs) throws Exception {
    ReplayFiles files = ReplayFiles.read(data);
    JsonObject json = ConfigLoader.defaults();
    json.getJsonObject("exchange").getJsonObject("paper").put("latencyMs", latencyMs).put("latencyJitterMs", jitterMs);
    MariposaConfig config = ConfigLoader.from(json, Map.of("SYMBOLS", String.join(",", files.symbols())));
    Timeline timeline = Timeline.of(files, Long.MAX_VALUE, Timeline.wanted(agents));
    BacktestEngine.Settings settings = BacktestEngine.Settings.of(config, Long.MIN_VALUE, Long.MAX_VALUE);
    BacktestEngine.Result result = new BacktestEngine(timeline, agents, settings).run((done, total, orders) -> {});
    // As the report file has it: numbers read back as a JSON reader reads them
    return new Run(new JsonObject(BacktestReport.json(result, settings).encode()), ParityCheck.trades(result));
  }

  private static Agent parse(JsonObject json) throws Exception {
    return AgentJson.parse(json, null, Set.of());
  }

  private static List<JsonObject> orders(JsonObject agent) {
    return agent.getJsonArray("orders").stream().map(JsonObject.class::cast).toList();
  }

  private static int total(JsonObject outcomes) {
    return outcomes.fieldNames().stream().mapToInt(outcomes::getInteger).sum();
  }

  private static BigDecimal sign(JsonObject order) {
    return order.getString("side").equals("BUY") ? BigDecimal.ONE : BigDecimal.ONE.negate();
  }

  private static BigDecimal decimal(JsonObject json, String field) {
    return JsonDecimals.read(json.getValue(field));
  }

  private static double number(JsonObject json, String field) {
    return ((Number) json.getValue(field)).doubleValue();
  }
}
