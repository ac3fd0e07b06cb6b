package dev.mariposa.backtest;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.Agent;
import dev.mariposa.analysis.BatchAnalyzer;
import dev.mariposa.analysis.ModelRegistry;
import dev.mariposa.analysis.indicators.BookFeatures;
import dev.mariposa.analysis.indicators.IndicatorSnapshot;
import dev.mariposa.analysis.indicators.MarketSeries;
import dev.mariposa.analysis.model.ModelInput;
import dev.mariposa.analysis.orderflow.OrderFlowParams;
import dev.mariposa.analysis.orderflow.OrderFlowSnapshot;
import dev.mariposa.analysis.orderflow.OrderFlowTracker;
import dev.mariposa.bus.Addresses;
import dev.mariposa.bus.JsonDecimals;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.events.BookSnapshot;
import dev.mariposa.events.Ticker;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.Side;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.Latency;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.kernel.ExitEngine;
import dev.mariposa.kernel.FundingRates;
import dev.mariposa.kernel.MarginEngine;
import dev.mariposa.kernel.MarketClock;
import dev.mariposa.kernel.RestingOrderEngine;
import dev.mariposa.kernel.RiskEngine;
import dev.mariposa.kernel.memory.ImmediateScheduler;
import dev.mariposa.kernel.memory.InMemoryAccountStore;
import dev.mariposa.kernel.memory.InMemoryFillStore;
import dev.mariposa.kernel.memory.InMemoryOrderRate;
import dev.mariposa.kernel.memory.InMemoryOrderStore;
import dev.mariposa.kernel.memory.InMemoryPaperExchange;
import dev.mariposa.kernel.memory.InMemorySignalQueue;
import dev.mariposa.kernel.port.RestingOrderPort;
import dev.mariposa.kernel.port.SignalQueuePort;
import dev.mariposa.kernel.port.TradeEventPort;
import dev.mariposa.market.Kline;
import dev.mariposa.market.KlineAggregator;
import dev.mariposa.market.replay.BarQuotes;
import dev.mariposa.market.replay.RecordedStream;
import dev.mariposa.signal.InFlightOrder;
import dev.mariposa.signal.RiskRules;
import dev.mariposa.signal.RiskRules.Verdict;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import dev.mariposa.trade.PositionGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs agents over a {@link Timeline} on simulated time (the clock is the event being played),
 * one event after the other, with the decisions of the live pipeline: each closed bar goes into
 * the agents' indicator series and through {@link BatchAnalyzer} (models and ensemble); BUY and
 * SELL results become signals ({@link Signals}) on the kernel's in-memory signal queue
 * ({@link InMemorySignalQueue}: the live queue's order and deduplication per (agent, symbol, bar));
 * each is checked by the kernel's {@link RiskEngine}, the live one, over {@link BacktestRiskState}
 * and the in-memory order rate ({@link InMemoryOrderRate}, the live GCRA), and is executed by the
 * kernel's {@link ExecutionEngine}, the live one, over in-memory orders, fills and accounts and
 * the paper matching at the book of the moment the ticket reaches the venue ({@link InMemoryPaperExchange}:
 * {@code exchange.paper.latencyMs} plus a seeded jitter after its approval, at once by default;
 * LIMIT and POST_ONLY orders rest on the venue's queue model, fed the recorded prints and book
 * changes, or the bars of a symbol known only by bars); every ticker
 * checks the stops ({@link PositionGuard}). The kernel's ports answer at once here: a future left
 * pending is a bug, and fails the run. Quotes
 * come from the recorded stream of a symbol, or from its bars ({@link BarQuotes}) as in a live
 * kline replay. LLM and remote models are not asked (an agent's LLMs are left out, as on an
 * instance without AI). Agents using {@code orderflow} also decide on the recorded books and trades
 * of their symbols, when the {@link OrderFlowTracker} says a decision is due, as the analysis role
 * does. Not thread-safe: one run, one thread.
 */
final class BacktestEngine {
  /** How many points the equity curves and price lines keep (the drawdown is measured on every mark). */
  private static final int CURVE_POINTS = 4_000;
  private static final int BOOK_DEPTH = 20;
  /** Nothing dies in one run: a taken signal is acknowledged before the next is taken. */
  private static final Duration VISIBILITY = Duration.ofMinutes(1);
  /** Nobody listens to a backtest's trade events: its orders and fills are the report already. */
  private static final TradeEventPort TRADE_EVENTS = (agentId, event) -> { };
  static final String NO_LLMS = "LLMs and remote models are not asked in backtests";

  /** {@code funding}: the swaps' funding rates (recorded, or modelled: {@link FundingRates#MODELLED}). */
  record Settings(long from, long to, int seriesBars, Duration signalTtl, double barSpreadBps, Fees fees,
                  OrderFlowParams orderFlow, int latencyMs, int latencyJitterMs, FundingRates funding) {
    /** As an instance with {@code config} would trade, from {@code from} to {@code to}, funding modelled. */
    static Settings of(MariposaConfig config, long from, long to) {
      MariposaConfig.Paper paper = config.exchange().paper();
      return new Settings(from, to, config.analysis().seriesBars(), config.trade().signalTtl(),
          config.market().replayBarSpreadBps(), Fees.of(paper), OrderFlowParams.of(config.analysis().orderFlow()),
          paper.latencyMs(), paper.latencyJitterMs(), FundingRates.constant(FundingRates.MODELLED));
    }

    Settings withFunding(FundingRates rates) {
      return new Settings(from, to, seriesBars, signalTtl, barSpreadBps, fees, orderFlow, latencyMs, latencyJitterMs, rates);
    }

    /** The venue's latency, its draws seeded: a run gives the same delays every time. */
    Latency latency() {
      return new Latency(latencyMs, latencyJitterMs, Latency.BACKTEST_SEED);
    }
  }

  /** Told of the run's progress every 1,024 events (and at the end); it may throw to stop the run there. */
  interface Progress {
    void update(int done, int total, int orders);
  }

  record Result(Timeline timeline, long from, long to, List<AgentRun> runs, List<SeriesUse> series,
                Map<String, List<Kline>> bars, Map<String, List<double[]>> prices, long events, long barsAnalysed,
                long flowDecisions, long malformed, long wallNanos) {}

  private final Settings settings;
  private final Timeline timeline;
  private final Map<String, AgentRun> runs = new LinkedHashMap<>();
  private final Map<String, Quotes> quotes = new HashMap<>();
  private final Map<String, List<SeriesFeed>> seriesBySymbol = new HashMap<>();
  private final BatchAnalyzer analyzer;
  private final OrderFlowTracker orderFlow;
  /** The symbols some agent using {@code orderflow} trades: only their books and trades feed the tracker. */
  private final Set<String> orderFlowSymbols;
  private final BarQuotes barQuotes;
  private final SignalQueuePort queue;
  private final RiskEngine risk;
  private final ExitEngine exits;
  private final InMemoryAccountStore accounts = new InMemoryAccountStore();
  private final InMemoryFillStore fills = new InMemoryFillStore();
  private final ExecutionEngine execution;
  private final RestingOrderEngine resting;
  /** The resting entries placed and not settled yet, by client order id. */
  private final Map<String, RestingTicket> restingTickets = new LinkedHashMap<>();
  /** The venue: resting orders fed with the recorded prints and books, cancels and amends on their way. */
  private final InMemoryPaperExchange paper;
  private final Latency latency;
  /** Approved tickets on their way to the venue, by the time they reach it (then approval order). */
  private final PriorityQueue<InTransit> inTransit = new PriorityQueue<>(Comparator.comparingLong(InTransit::due)
      .thenComparingLong(InTransit::sequence));
  /**
   * Signals of an agent whose ticket is on its way, taken meanwhile: checked once it has reached the
   * venue, as live postpones an agent's signals while its order is in flight.
   */
  private final Map<String, List<Signal>> waiting = new HashMap<>();
  private long sequence;
  /** The mid 1 s and 10 s after each fill on recorded quotes (adverse selection). */
  private final Markouts markouts = new Markouts();
  private final long sampleEvery;
  private long now;
  private long nextSample;
  private long nextFunding;
  /** Whether some agent trades perpetual swaps: only then are margins watched (nothing on a spot run's path). */
  private final boolean swaps;
  private long barsAnalysed;
  private long flowDecisions;
  private int orders;

  /**
   * The latest quote of a symbol, the book it can be traded on, and its price line. A symbol known
   * by its bars only is quoted by its last bar, its ticker and book derived when first read: most
   * bars are read by nobody (no order, no position), and deriving exact decimal quotes costs more
   * than the rest of the bar.
   */
  private final class Quotes {
    final Optional<RecordedStream> stream;
    private Ticker ticker;
    private BookSnapshot derivedBook;
    /** The bar whose quotes are not derived yet, and when it was played. */
    private Kline quotedBar;
    private long quotedAt;
    private double mid = Double.NaN;
    /** The time of the symbol's last recorded message: how far its quotes are known. */
    long lastMessage;
    final List<Kline> bars = new ArrayList<>();
    final List<double[]> line = new ArrayList<>();

    Quotes(String symbol) {
      this.stream = timeline.recordsQuotes(symbol)
          ? Optional.of(RecordedStream.of(symbol, timeline.snapshot(symbol))) : Optional.empty();
    }

    /** The last quote; null before the first. */
    Ticker ticker() {
      derive();
      return ticker;
    }

    /** The mid of the last quote, exact (a double sum of the quotes is not); NaN before the first. */
    double mid() {
      if (Double.isNaN(mid) && ticker() != null) {
        mid = ticker.mid().doubleValue();
      }
      return mid;
    }

    void quote(Ticker next) {
      ticker = next;
      quotedBar = null;
      mid = Double.NaN;
    }

    /** Quoted by {@code bar}'s close from now, its ticker and book derived when read. */
    void quote(Kline bar, long at) {
      quotedBar = bar;
      quotedAt = at;
      mid = Double.NaN;
    }

    private void derive() {
      if (quotedBar != null) {
        BarQuotes.Quote quote = barQuotes.quote(quotedBar, quotedAt);
        ticker = quote.ticker();
        derivedBook = quote.book();
        quotedBar = null;
      }
    }

    Optional<BookSnapshot> book() {
      if (stream.isEmpty()) {
        derive();
        return Optional.ofNullable(derivedBook);
      }
      if (!usableBook()) {
        return Optional.empty(); // the live replay publishes neither
      }
      return Optional.of(stream.get().book().book().snapshot(BOOK_DEPTH, now, now, "replay"));
    }

    /** A recorded stream's book that is synced and not crossed: what the live replay would publish. */
    boolean usableBook() {
      return stream.isPresent() && stream.get().book().isSynced() && !stream.get().book().book().isCrossed();
    }
  }

  /**
   * One (symbol, interval) series some agents trade, fed by the symbol's bars of its interval as
   * they are and by finer ones aggregated; {@code sources} counts the bars taken per interval.
   */
  private static final class SeriesFeed {
    final MarketSeries series;
    final List<Agent> agents = new ArrayList<>();
    final KlineAggregator aggregator;
    final Map<String, Integer> sources = new TreeMap<>();
    int bars;

    SeriesFeed(MarketSeries series, KlineAggregator aggregator) {
      this.series = series;
      this.aggregator = aggregator;
    }

    /** The bar of the series {@code bar} makes: itself, the aggregate it completes, or none. */
    Optional<Kline> take(Kline bar) {
      boolean same = series.interval().equals(bar.interval());
      if (!same && !aggregator.builds(bar.interval())) {
        return Optional.empty(); // coarser (or not a divisor): it cannot serve this series
      }
      sources.merge(bar.interval(), 1, Integer::sum);
      return same ? Optional.of(bar) : aggregator.add(bar);
    }
  }

  /** A ticket approved at {@code approvedAt}, sized at {@code sizingMid}, reaching the venue at {@code due}. */
  private record InTransit(long due, long sequence, TradeTicket ticket, BigDecimal sizingMid, long approvedAt) {}

  /** What fed one series: the bars it got ({@code bars}) and how many bars of each interval made them. */
  record SeriesUse(String symbol, String interval, List<String> agents, int bars, Map<String, Integer> sources) {}

  BacktestEngine(Timeline timeline, List<Agent> agents, Settings settings) {
    this(timeline, agents, settings, ModelRegistry.builtInOnly(NO_LLMS, settings.orderFlow()));
  }

  /** With {@code models} in place of the built-in ones only (research runs that bring a model of their own). */
  BacktestEngine(Timeline timeline, List<Agent> agents, Settings settings, ModelRegistry models) {
    this.timeline = timeline;
    this.settings = settings;
    this.barQuotes = new BarQuotes(settings.barSpreadBps());
    this.analyzer = new BatchAnalyzer(models, "backtest", () -> now);
    this.orderFlow = new OrderFlowTracker(settings.orderFlow());
    this.orderFlowSymbols = agents.stream().filter(Agent::usesOrderFlow).flatMap(a -> a.symbols().stream())
        .collect(Collectors.toSet());
    this.swaps = agents.stream().anyMatch(Agent::tradesSwaps);
    this.queue = new InMemorySignalQueue(() -> now);
    this.exits = new ExitEngine(ExitEngine.PriceGate.always(), settings.signalTtl());
    this.risk = new RiskEngine(new BacktestRiskState(runs, symbol -> Optional.ofNullable(quotes(symbol).ticker()), this::restingEntries),
        new InMemoryOrderRate());
    MarketClock clock = () -> Instant.ofEpochMilli(now);
    this.latency = settings.latency();
    this.paper = new InMemoryPaperExchange(symbol -> quotes(symbol).book(), settings.fees(), clock, latency);
    InMemoryOrderStore orderStore = new InMemoryOrderStore(() -> now);
    this.execution = ExecutionEngine.isolated(new ExecutionEngine.Stores(orderStore, fills, accounts),
        name -> paper, agentId -> runs.get(agentId).startingBalance(), TRADE_EVENTS, new ImmediateScheduler(), clock,
        new SimpleMeterRegistry());
    this.resting = new RestingOrderEngine(execution, orderStore, name -> paper, new BacktestVenueWorld(), clock);
    this.sampleEvery = Math.max(1_000, (timeline.last() - Math.max(timeline.first(), settings.from())) / CURVE_POINTS);
    for (Agent agent : agents) {
      runs.put(agent.id(), new AgentRun(agent, accounts));
      for (String symbol : agent.symbols()) {
        feed(symbol, agent).agents.add(agent);
      }
    }
  }

  /** The series of {@code symbol} that {@code agent} reads: its interval and its indicator periods. */
  private SeriesFeed feed(String symbol, Agent agent) {
    String interval = agent.interval();
    List<SeriesFeed> feeds = seriesBySymbol.computeIfAbsent(symbol, s -> new ArrayList<>());
    for (SeriesFeed feed : feeds) {
      if (feed.series.interval().equals(interval) && feed.series.periods().equals(agent.indicatorPeriods())) {
        return feed;
      }
    }
    SeriesFeed feed = new SeriesFeed(new MarketSeries(symbol, interval, settings.seriesBars(), agent.indicatorPeriods()),
        new KlineAggregator(interval));
    feeds.add(feed);
    return feed;
  }

  Result run(Progress progress) {
    long started = System.nanoTime();
    List<Timeline.Event> events = timeline.events();
    nextSample = Math.max(timeline.first(), settings.from());
    nextFunding = FundingRates.nextFundingTime(nextSample);
    int total = events.size();
    for (int i = 0; i < total; i++) {
      Timeline.Event event = events.get(i);
      arrive(event.time());
      while (swaps && event.time() >= nextFunding) {
        fund(nextFunding); // at the quotes before the funding time: the last known marks
        nextFunding += FundingRates.INTERVAL_MS;
      }
      now = event.time();
      if (event instanceof Timeline.BarEvent bar) {
        onBar(bar.bar());
      } else if (event instanceof Timeline.MessageEvent message) {
        onMessage(message);
      }
      drain();
      stepResting();
      if (now >= nextSample) {
        sample(true);
        nextSample = now + sampleEvery;
      }
      if ((i & 0x3ff) == 0) { // every 1,024 events: a cancel (RequestedBacktest) waits no longer
        progress.update(i, total, orders);
      }
    }
    arrive(Long.MAX_VALUE); // what is on its way when the data ends reaches the venue's last book
    stepResting();
    endResting();
    sample(true);
    markouts.end(symbol -> quotes(symbol).lastMessage, symbol -> quotes(symbol).ticker().mid());
    progress.update(total, total, orders);
    Map<String, List<Kline>> bars = new LinkedHashMap<>();
    Map<String, List<double[]>> prices = new LinkedHashMap<>();
    quotes.forEach((symbol, q) -> {
      bars.put(symbol, q.bars);
      prices.put(symbol, q.line);
    });
    long malformed = quotes.values().stream().flatMap(q -> q.stream.stream()).mapToLong(RecordedStream::malformed).sum();
    List<SeriesUse> series = seriesBySymbol.values().stream().flatMap(List::stream)
        .map(f -> new SeriesUse(f.series.symbol(), f.series.interval(), f.agents.stream().map(Agent::id).toList(), f.bars,
            new TreeMap<>(f.sources)))
        .sorted(Comparator.comparing(SeriesUse::symbol).thenComparing(u -> Kline.intervalLength(u.interval()).orElseThrow()))
        .toList();
    return new Result(timeline, Math.max(timeline.first(), settings.from()), timeline.last(), List.copyOf(runs.values()),
        series, bars, prices, total, barsAnalysed, flowDecisions, malformed, System.nanoTime() - started);
  }

  private boolean trading() {
    return now >= settings.from();
  }

  private Quotes quotes(String symbol) {
    return quotes.computeIfAbsent(symbol, Quotes::new);
  }

  private void onBar(Kline bar) {
    Quotes q = quotes(bar.symbol());
    if (q.stream.isEmpty()) {
      paper.onBar(bar.symbol(), bar.low(), bar.high(), bar.openTime(), bar.closeTime()); // its only prints
      Ticker before = markouts.watching(bar.symbol()) ? q.ticker() : null;
      if (swaps) {
        margins(bar.symbol(), bar.low(), bar.high(), bar.close());
      }
      q.quote(bar, now);
      onQuote(bar.symbol(), before);
    }
    onClosedBar(q, bar);
  }

  private void onMessage(Timeline.MessageEvent event) {
    Quotes q = quotes(event.symbol());
    q.lastMessage = now;
    RecordedStream.Decoded decoded = q.stream.orElseThrow().play(event.message());
    boolean followed = orderFlowSymbols.contains(event.symbol());
    if (decoded.bookChanged() && q.usableBook() && paper.rests(event.symbol())) {
      paper.onBook(q.book().orElseThrow());
    }
    if (decoded.bookChanged() && followed && q.usableBook() && orderFlow.onBook(q.stream.get().book().book(), now)) {
      analyseFlow(q, event.symbol());
    }
    if (decoded.event().isEmpty()) {
      return;
    }
    String address = decoded.event().get().address();
    Object body = decoded.event().get().body();
    if (body instanceof Ticker ticker) {
      onTicker(event.symbol(), q, ticker);
    } else if (body instanceof TradePrint trade) {
      paper.onTrade(trade);
      if (followed && orderFlow.onTrade(trade)) {
        analyseFlow(q, event.symbol());
      }
    } else if (address.startsWith(Addresses.kline(event.symbol(), "")) && body instanceof JsonObject bar
        && bar.getBoolean("closed", false)) {
      onClosedBar(q, Kline.fromJson(bar));
    }
  }

  /** A recorded ticker. */
  private void onTicker(String symbol, Quotes q, Ticker ticker) {
    if (swaps) {
      BigDecimal mid = ticker.mid();
      margins(symbol, mid, mid, mid);
    }
    Ticker before = q.ticker();
    q.quote(ticker);
    onQuote(symbol, before);
  }

  /**
   * A new quote of {@code symbol} replaced {@code before}: the markouts due saw the mid before, and
   * every position in the symbol checks its stops at the bid.
   */
  private void onQuote(String symbol, Ticker before) {
    if (before != null && markouts.watching(symbol)) {
      markouts.quote(symbol, now, before.mid());
    }
    if (!trading()) {
      return;
    }
    List<ExitEngine.Holder> holders = new ArrayList<>(1);
    for (AgentRun run : runs.values()) {
      Account account = run.account();
      if (account.positions().containsKey(symbol)) { // only holders are watched: no quote derived for the others
        holders.add(new ExitEngine.Holder(run.agent, account));
      }
    }
    if (holders.isEmpty()) {
      return;
    }
    for (PositionGuard.Watch watch : exits.onTicker(quotes(symbol).ticker(), holders, now)) {
      AgentRun run = runs.get(watch.account().agentId());
      completed(accounts.update(run.agent.id(), run.startingBalance(), held -> watch.account()));
      watch.exit().ifPresent(this::submit);
    }
  }

  private void onClosedBar(Quotes q, Kline bar) {
    if (trading()) {
      q.bars.add(bar);
    }
    for (SeriesFeed feed : seriesBySymbol.getOrDefault(bar.symbol(), List.of())) {
      Optional<Kline> closed = feed.take(bar);
      if (closed.isPresent() && add(feed.series, closed.get())) {
        feed.bars++;
        if (trading()) {
          analyse(q, feed);
        }
      }
    }
  }

  private static boolean add(MarketSeries series, Kline bar) {
    return series.add(bar.openTime(), bar.closeTime(), bar.open().doubleValue(), bar.high().doubleValue(),
        bar.low().doubleValue(), bar.close().doubleValue(), bar.volume().doubleValue());
  }

  private void analyse(Quotes q, SeriesFeed feed) {
    IndicatorSnapshot snapshot = feed.series.snapshot().orElseThrow();
    ModelInput input = new ModelInput(snapshot, q.book().flatMap(BookFeatures::of),
        feed.series.recentCloses(ModelInput.RECENT_CLOSES), snapshot.close(), ModelInput.Trigger.BAR,
        orderFlow.snapshot(snapshot.symbol()));
    decide(input, feed.agents);
    barsAnalysed++;
  }

  /**
   * A flow decision is due for {@code symbol}: the agents using {@code orderflow} on each of its
   * series decide at the mid, on the bar indicators as they are (none before the first bar).
   */
  private void analyseFlow(Quotes q, String symbol) {
    Optional<OrderFlowSnapshot> flow = orderFlow.snapshot(symbol);
    if (!trading() || flow.isEmpty()) {
      return;
    }
    for (SeriesFeed feed : seriesBySymbol.getOrDefault(symbol, List.of())) {
      List<Agent> deciding = feed.agents.stream().filter(Agent::usesOrderFlow).toList();
      if (deciding.isEmpty()) {
        continue;
      }
      IndicatorSnapshot bars = feed.series.snapshot()
          .orElseGet(() -> IndicatorSnapshot.beforeFirstBar(symbol, feed.series.interval()));
      decide(new ModelInput(bars, q.book().flatMap(BookFeatures::of), feed.series.recentCloses(ModelInput.RECENT_CLOSES),
          flow.get().mid(), ModelInput.Trigger.FLOW, flow), deciding);
      flowDecisions++;
    }
  }

  /** The agents' results on {@code input}, their BUYs and SELLs queued as signals. */
  private void decide(ModelInput input, List<Agent> agents) {
    Future<List<BatchAnalyzer.AgentVerdict>> verdicts = analyzer.verdicts(input, agents);
    if (!verdicts.isComplete()) {
      throw new IllegalStateException("a model answered asynchronously: backtests run built-in models only");
    }
    for (BatchAnalyzer.AgentVerdict v : verdicts.result()) {
      Signals.fromVerdict(v.agent().id(), input, v.verdict(), now, settings.signalTtl()).ifPresent(this::submit);
    }
  }

  /** Queued unless its (agent, symbol, bar) was queued before, as live. */
  private void submit(Signal signal) {
    completed(queue.offer(signal));
  }

  /**
   * Takes the queue's signals in its order, each acknowledged once processed; those of an agent
   * whose ticket is on its way to the venue wait for it to arrive.
   */
  private void drain() {
    for (var next = completed(queue.take(VISIBILITY)); next.isPresent(); next = completed(queue.take(VISIBILITY))) {
      Signal signal = next.get().signal();
      List<Signal> held = waiting.get(signal.agentId());
      if (held != null) {
        held.add(signal);
      } else {
        process(signal);
      }
      completed(queue.ack(signal.id()));
    }
  }

  /**
   * The tickets that reach the venue by {@code upTo}, each at its own time on the books of then
   * (nothing else happens in between), with the agent's signals that waited for it; then the
   * venue's cancels and amends due by then.
   */
  private void arrive(long upTo) {
    while (!inTransit.isEmpty() && inTransit.peek().due() <= upTo) {
      InTransit next = inTransit.poll();
      now = next.due();
      paper.advanceTo(now);
      execute(next);
      String agentId = next.ticket().signal().agentId();
      List<Signal> held = waiting.remove(agentId);
      for (int i = 0; i < held.size(); i++) {
        if (waiting.containsKey(agentId)) { // on its way again: the rest wait for that one
          waiting.get(agentId).addAll(held.subList(i, held.size()));
          break;
        }
        process(held.get(i));
      }
    }
    paper.advanceTo(upTo);
  }

  private void process(Signal signal) {
    AgentRun run = runs.get(signal.agentId());
    if (signal.expired(now)) {
      run.count("expired");
      return;
    }
    Verdict verdict = completed(risk.check(signal, run.agent, now));
    if (!verdict.approved()) {
      run.count("rejected:" + verdict.check());
      return;
    }
    run.count("sent");
    // The gate sized the order at this ticker's mid; it reaches the venue after the latency drawn.
    long delay = latency.next();
    InTransit sent = new InTransit(now + delay, sequence++, verdict.ticket().orElseThrow(),
        RiskRules.mid(quotes(signal.symbol()).ticker()), now);
    if (delay == 0) {
      execute(sent);
    } else {
      inTransit.add(sent);
      waiting.put(signal.agentId(), new ArrayList<>());
    }
  }

  /** The ticket reaches the venue now: executed against the book of now. */
  private void execute(InTransit sent) {
    TradeTicket ticket = sent.ticket();
    Signal signal = ticket.signal();
    AgentRun run = runs.get(signal.agentId());
    if (ticket.side() == Side.SELL) { // as the trade role does: the position is being closed
      completed(resting.cancelEntries(signal.agentId(), signal.symbol(), "its position is being closed ("
          + signal.source().name().toLowerCase(Locale.ROOT) + " " + signal.action() + ")"));
    }
    JsonObject order = completed(execution.execute(ticket));
    Quotes q = quotes(signal.symbol());
    ExecutionFigures.Placement placement = new ExecutionFigures.Placement(now, sent.sizingMid(), q.book(),
        q.stream.isPresent());
    orders++;
    if (order.getBoolean("settled", false)) {
      report(run, ticket, order, placement, sent.approvedAt());
    } else {
      restingTickets.put(ticket.clOrdId(), new RestingTicket(run, ticket, placement, sent.approvedAt()));
    }
  }

  /** The agent's resting entries, counted in flight by the risk gate as live (see InFlightOrder#resting). */
  private List<InFlightOrder> restingEntries(String agentId) {
    if (restingTickets.isEmpty()) {
      return List.of();
    }
    return restingTickets.values().stream().filter(r -> r.run().agent.id().equals(agentId))
        .map(r -> new InFlightOrder(r.ticket().clOrdId(), r.ticket().signal().symbol(), r.ticket().side(),
            r.ticket().quantity(), BigDecimal.valueOf(r.ticket().signal().referencePrice()), r.ticket().approvedAt(), true))
        .toList();
  }

  /** A resting entry's ticket and placement, reported once its life cycle settles it. */
  private record RestingTicket(AgentRun run, TradeTicket ticket, ExecutionFigures.Placement placement, long approvedAt) {}

  /** One step of every resting entry's life cycle (the trade role's, on the clock of the run); the settled reported. */
  private void stepResting() {
    if (restingTickets.isEmpty()) {
      return;
    }
    for (JsonObject order : completed(resting.stepAll())) {
      RestingTicket placed = order.getBoolean("settled", false) ? restingTickets.remove(order.getString("_id")) : null;
      if (placed != null) {
        report(placed.run(), placed.ticket(), order, placed.placement(), placed.approvedAt());
      }
    }
  }

  /** The entries still resting when the data ends are cancelled there, and reported so. */
  private void endResting() {
    List<RestingTicket> left = List.copyOf(restingTickets.values());
    for (RestingTicket entry : left) {
      Signal signal = entry.ticket().signal();
      completed(resting.cancelEntries(signal.agentId(), signal.symbol(), "the data ended"));
    }
    paper.advanceTo(Long.MAX_VALUE); // the cancels on their way arrive
    stepResting();
  }

  /**
   * A settled order in the run's report: its line (placed at the venue at {@code placement}'s time,
   * approved at {@code approvedAt}), its fills, and their markouts from now.
   */
  private void report(AgentRun run, TradeTicket ticket, JsonObject order, ExecutionFigures.Placement placement,
                      long approvedAt) {
    Signal signal = ticket.signal();
    List<Fill> executions = fills.of(ticket.clOrdId());
    JsonObject line = run.order(ticket, order.getString("status"), order.getString("reason", ""), executions, placement);
    if (approvedAt != placement.at()) {
      line.put("sentAt", approvedAt); // approved then, at the venue at "at"
    }
    if (order.getInteger("reprices", 0) > 0) { // a resting entry moved: its last price beside its first
      line.put("reprices", order.getInteger("reprices"))
          .put("lastLimitPrice", JsonDecimals.number(new BigDecimal(order.getString("limitPrice"))));
    }
    if (!executions.isEmpty()) {
      sample(false);
      if (placement.recordedQuotes()) {
        BigDecimal filled = executions.stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        markouts.watch(signal.symbol(), now, ExecutionFigures.HORIZONS, (horizon, midThen) -> run.execution.markedOut(
            line, ticket.side() == Side.BUY, filled, placement.sizingMid(), horizon, midThen));
      }
    }
  }

  /** What the resting entries' life cycle reads in a backtest: the quote being played, no halt, no disabled agent. */
  private final class BacktestVenueWorld implements RestingOrderPort {
    @Override
    public Future<Optional<Ticker>> liveQuote(String symbol, Duration maxAge, boolean realMoney) {
      return Future.succeededFuture(Optional.ofNullable(quotes(symbol).ticker()));
    }

    @Override
    public Future<Optional<Double>> bookImbalance(String symbol) {
      return Future.succeededFuture(quotes(symbol).book().flatMap(BookFeatures::of).map(BookFeatures::imbalance));
    }

    @Override
    public Future<Optional<String>> cancelReason(String agentId) {
      return Future.succeededFuture(Optional.empty());
    }
  }

  /** The result of a kernel port's future, which the in-memory adapters complete at once. */
  private static <T> T completed(Future<T> future) {
    if (!future.isComplete()) {
      throw new IllegalStateException("a kernel port answered asynchronously: backtests run on in-memory ports only");
    }
    if (future.failed()) {
      throw new IllegalStateException("the kernel failed in a backtest", future.cause());
    }
    return future.result();
  }

  /**
   * The swap positions in {@code symbol} at a new mark: liquidated where the worst of it ({@code low}
   * for a long, {@code high} for a short; the spot price stands for the mark) reached the
   * liquidation price, else their distance to it at {@code mark} noted (the closest is reported).
   */
  private void margins(String symbol, BigDecimal low, BigDecimal high, BigDecimal mark) {
    if (!trading()) {
      return;
    }
    for (AgentRun run : runs.values()) {
      if (!run.agent.tradesSwaps()) {
        continue;
      }
      Account account = run.account();
      Account.Position held = account.positions().get(symbol);
      if (held == null || !held.isSwap()) {
        continue;
      }
      BigDecimal mmr = PaperMatching.swapInstrument(symbol).maintenanceMarginRate();
      Optional<MarginEngine.Liquidated> liquidated = MarginEngine.liquidation(run.agent, account, symbol,
          held.isShort() ? high : low, mmr, now);
      if (liquidated.isPresent()) {
        completed(accounts.update(run.agent.id(), run.startingBalance(), a -> liquidated.get().account()));
        run.liquidated(symbol, liquidated.get());
      } else {
        run.nearLiquidation(MarginEngine.distancePct(run.agent, account, held, mark, mmr));
      }
    }
  }

  /** Every swap position's funding at {@code fundingTime}, at the marks of then. */
  private void fund(long fundingTime) {
    if (fundingTime < settings.from()) {
      return;
    }
    for (AgentRun run : runs.values()) {
      if (!run.agent.tradesSwaps()) {
        continue;
      }
      for (Account.Position held : List.copyOf(run.account().positions().values())) {
        double mid = quotes(held.symbol()).mid();
        if (!held.isSwap() || !Double.isFinite(mid)) {
          continue;
        }
        Account before = run.account();
        Account after = MarginEngine.funding(before, held.symbol(), settings.funding(), BigDecimal.valueOf(mid), fundingTime);
        if (after != before) {
          completed(accounts.update(run.agent.id(), run.startingBalance(), a -> after));
          run.funded(fundingTime, held.symbol(), after.fundingTotal().subtract(before.fundingTotal()));
        }
      }
    }
  }

  /** Marks every agent's equity at the quotes of now; {@code keepPoint}: also a point of the curves. */
  private void sample(boolean keepPoint) {
    Map<String, BigDecimal> marks = new HashMap<>();
    for (Map.Entry<String, Quotes> e : quotes.entrySet()) {
      double mid = e.getValue().mid();
      if (Double.isFinite(mid)) {
        marks.put(e.getKey(), BigDecimal.valueOf(mid));
        if (keepPoint && trading()) {
          e.getValue().line.add(new double[] {now, mid});
        }
      }
    }
    if (!trading()) {
      return;
    }
    for (AgentRun run : runs.values()) {
      run.mark(now, run.account().equity(marks).doubleValue(), keepPoint);
    }
  }
}
