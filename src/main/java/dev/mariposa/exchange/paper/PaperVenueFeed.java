package dev.mariposa.exchange.paper;

import dev.mariposa.bus.Addresses;
import dev.mariposa.events.TradePrint;
import dev.mariposa.exchange.OrderState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the paper exchange's resting orders the market's trade prints: it follows
 * {@code market.trade.<symbol>} for the symbols where paper orders rest (read from
 * {@code paper_orders} every {@code refreshMs}, and at once for an order this instance's exchange
 * rests) and applies each print to the orders it touches ({@link PaperExchange#apply}), one print
 * after the other per symbol, in the order the bus delivers them. Every trade instance runs one and
 * hears every print; the exchange's conditional writes make each print count once. An order that
 * filled or ended is told to {@code changed} (the trade role resumes its stored order). Runs on the
 * context that starts it.
 */
public final class PaperVenueFeed {
  private static final Logger LOG = LoggerFactory.getLogger(PaperVenueFeed.class);

  private final Vertx vertx;
  private final PaperExchange paper;
  private final Consumer<OrderState> changed;
  private final long refreshMs;
  private final Map<String, MessageConsumer<Object>> prints = new HashMap<>();
  /** The open resting orders of each followed symbol, as last read or written here. */
  private final Map<String, Map<String, PaperExchange.Stored>> resting = new HashMap<>();
  /** Per symbol, the print being applied: the next one is applied after it. */
  private final Map<String, Future<Void>> applying = new HashMap<>();
  private long timer = -1;
  private Context context;

  public PaperVenueFeed(Vertx vertx, PaperExchange paper, long refreshMs, Consumer<OrderState> changed) {
    this.vertx = vertx;
    this.paper = paper;
    this.refreshMs = refreshMs;
    this.changed = changed;
  }

  /** Follows the symbols with resting orders now, and from then on. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    paper.onRested(stored -> context.runOnContext(v -> known(stored)));
    timer = vertx.setPeriodic(refreshMs, id -> read()
        .onFailure(t -> LOG.debug("Resting paper orders not read, followed as they were: {}", t.getMessage())));
    return read();
  }

  public void stop() {
    vertx.cancelTimer(timer);
    prints.values().forEach(MessageConsumer::unregister);
    prints.clear();
  }

  /** The symbols followed now. */
  public Set<String> symbols() {
    return Set.copyOf(prints.keySet());
  }

  /** Reads the resting orders again: follows the symbols that have some, leaves those that have none. */
  public Future<Void> refresh() {
    if (Vertx.currentContext() == context) {
      return read();
    }
    Promise<Void> read = Promise.promise();
    context.runOnContext(v -> read().onComplete(read));
    return read.future();
  }

  private Future<Void> read() {
    return paper.resting().compose(all -> {
      Map<String, Map<String, PaperExchange.Stored>> read = new HashMap<>();
      for (PaperExchange.Stored stored : all) {
        PaperExchange.Stored cached = resting.getOrDefault(stored.order().symbol(), Map.of()).get(stored.order().clOrdId());
        // A write of ours newer than the read stands (the read may have left before it).
        read.computeIfAbsent(stored.order().symbol(), s -> new LinkedHashMap<>()).put(stored.order().clOrdId(),
            cached != null && cached.revision() > stored.revision() ? cached : stored);
      }
      resting.clear();
      resting.putAll(read);
      List<Future<Void>> registered = new ArrayList<>();
      read.keySet().forEach(symbol -> registered.add(follow(symbol)));
      prints.keySet().removeIf(symbol -> {
        if (read.containsKey(symbol)) {
          return false;
        }
        prints.get(symbol).unregister();
        return true;
      });
      return Future.all(registered).mapEmpty();
    });
  }

  private void known(PaperExchange.Stored stored) {
    resting.computeIfAbsent(stored.order().symbol(), s -> new LinkedHashMap<>())
        .put(stored.order().clOrdId(), stored);
    follow(stored.order().symbol());
  }

  private Future<Void> follow(String symbol) {
    MessageConsumer<Object> consumer = prints.get(symbol);
    if (consumer == null) {
      consumer = vertx.eventBus().consumer(Addresses.trade(symbol), m -> onPrint(m.body()));
      prints.put(symbol, consumer);
    }
    return consumer.completion();
  }

  // The feed and the bridge deliver the record; a body published as JSON is read into one.
  private void onPrint(Object body) {
    TradePrint print = body instanceof TradePrint p ? p : TradePrint.fromJson((JsonObject) body);
    String symbol = print.symbol();
    boolean touches = resting.getOrDefault(symbol, Map.of()).values().stream().anyMatch(s -> s.order().touchedBy(print));
    if (!touches) {
      return;
    }
    Future<Void> before = applying.getOrDefault(symbol, Future.succeededFuture());
    Future<Void> next = before.eventually(() -> apply(print));
    applying.put(symbol, next);
    next.onComplete(ar -> applying.remove(symbol, next));
  }

  /** The print on every order of its symbol it touches, as they are known when its turn comes. */
  private Future<Void> apply(TradePrint print) {
    Map<String, PaperExchange.Stored> orders = resting.getOrDefault(print.symbol(), new HashMap<>());
    List<PaperExchange.Stored> touched = orders.values().stream().filter(s -> s.order().touchedBy(print)).toList();
    List<Future<PaperExchange.Applied>> applied = touched.stream()
        .map(s -> paper.apply(s, print).onSuccess(result -> {
          String id = s.order().clOrdId();
          result.now().filter(now -> now.order().open()).ifPresentOrElse(now -> orders.put(id, now), () -> orders.remove(id));
          result.now().filter(now -> result.changed()).ifPresent(now -> changed.accept(now.order().state()));
        }).onFailure(t -> LOG.warn("Print {} of {} not applied to paper order {}: {}", print.tradeId(), print.symbol(),
            s.order().clOrdId(), t.getMessage())))
        .toList();
    return Future.join(applied).mapEmpty();
  }
}
