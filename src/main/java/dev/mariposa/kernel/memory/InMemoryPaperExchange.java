package dev.mariposa.kernel.memory;

import dev.mariposa.events.BookSnapshot;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.Exchange;
import dev.mariposa.exchange.Instrument;
import dev.mariposa.exchange.OrderRequest;
import dev.mariposa.exchange.OrderState;
import dev.mariposa.exchange.PlaceResult;
import dev.mariposa.exchange.paper.Fees;
import dev.mariposa.exchange.paper.PaperMatching;
import io.vertx.core.Future;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The paper exchange in memory, answering at once: a placement is matched by {@link PaperMatching}
 * against the book of the moment (the live paper exchange's matching), its fills stamped with
 * {@code clock}; the outcome is kept by client order id, so a second placement with the same id is
 * refused as a duplicate and a lookup finds it. Nothing rests: what a limit order does not fill
 * when it is placed is never matched later.
 */
public final class InMemoryPaperExchange implements Exchange {
  private final Function<String, Optional<BookSnapshot>> books;
  private final InstantSource clock;
  private final Fees fees;
  private final Map<String, OrderState> orders = new HashMap<>();

  /** {@code books}: a symbol's book now, empty when there is none; {@code fees}: the paper exchange's. */
  public InMemoryPaperExchange(Function<String, Optional<BookSnapshot>> books, Fees fees, InstantSource clock) {
    this.fees = fees;
    this.books = books;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public Future<PlaceResult> place(OrderRequest request) {
    if (orders.containsKey(request.clOrdId())) {
      return Future.succeededFuture(PlaceResult.duplicate("51016", "duplicated clOrdId " + request.clOrdId()));
    }
    PaperMatching.Match match = PaperMatching.place(books.apply(request.symbol()), request, fees, clock.millis());
    orders.put(request.clOrdId(), PaperMatching.state(request.clOrdId(), match.status(), match.fills()));
    return Future.succeededFuture(match.result());
  }

  @Override
  public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
    return Future.succeededFuture(Optional.ofNullable(orders.get(clOrdId)));
  }

  /** Cancels what rests of the order; a final or unknown order is answered as such. */
  @Override
  public Future<CancelResult> cancel(String symbol, String clOrdId) {
    OrderState order = orders.get(clOrdId);
    if (order == null) {
      return Future.succeededFuture(CancelResult.of(CancelResult.Outcome.NOT_FOUND, "51400", "no order " + clOrdId));
    }
    if (order.status().isFinal()) {
      return Future.succeededFuture(CancelResult.of(CancelResult.Outcome.ALREADY_FINAL, "51400",
          "order " + clOrdId + " is " + order.status() + " already"));
    }
    orders.put(clOrdId, PaperMatching.state(clOrdId, OrderState.Status.CANCELED, order.fills()));
    return Future.succeededFuture(CancelResult.of(CancelResult.Outcome.CANCELED, "0", "cancelled " + clOrdId));
  }

  @Override
  public Future<Instrument> instrument(String symbol) {
    return Future.succeededFuture(PaperMatching.instrument(symbol));
  }
}
