package dev.mariposa.exchange;

import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.paper.PaperExchange;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * The exchanges of one verticle, by the agent account's kind: the paper exchange always; OKX when
 * EXCHANGE=okx (credentials are then required by the config); otherwise an OKX account is refused
 * with a message that says how to enable it.
 */
public final class Exchanges {
  private final PaperExchange paper;
  private final Exchange okx;

  /** {@code okx} is the OKX adapter when EXCHANGE=okx, {@link #okxDisabled()} otherwise. */
  public Exchanges(PaperExchange paper, Exchange okx) {
    this.paper = paper;
    this.okx = okx;
  }

  /** The OKX account kind when OKX is not configured: every order is refused with how to enable it. */
  public static Exchange okxDisabled() {
    return new Disabled("okx",
        "OKX is not enabled: set EXCHANGE=okx with OKX_API_KEY, OKX_API_SECRET and OKX_PASSPHRASE");
  }

  public Exchange of(Agent.Exchange kind) {
    return kind == Agent.Exchange.OKX ? okx : paper;
  }

  /** The venue account of this kind, where the venue can be reconciled with (OKX when configured). */
  public Optional<VenueAccount> venueAccount(Agent.Exchange kind) {
    return of(kind) instanceof VenueAccount account ? Optional.of(account) : Optional.empty();
  }

  public PaperExchange paper() {
    return paper;
  }

  /** An exchange that is not configured: every call fails with the reason (nothing is ever sent). */
  private record Disabled(String name, String reason) implements Exchange {
    @Override
    public Future<PlaceResult> place(OrderRequest request) {
      return Future.succeededFuture(PlaceResult.rejected("disabled", reason));
    }

    @Override
    public Future<Optional<OrderState>> lookup(String symbol, String clOrdId) {
      return Future.failedFuture(reason);
    }

    @Override
    public Future<Instrument> instrument(String symbol) {
      return Future.failedFuture(reason);
    }

    @Override
    public Future<CancelResult> cancel(String symbol, String clOrdId) {
      return Future.failedFuture(reason);
    }
  }
}
