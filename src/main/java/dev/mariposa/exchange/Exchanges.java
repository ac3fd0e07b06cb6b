package dev.mariposa.exchange;

import dev.mariposa.Platform;
import dev.mariposa.agent.Agent;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.paper.PaperExchange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * The exchanges of one verticle, by the agent account's kind: the paper exchange always; OKX when
 * EXCHANGE=okx (credentials are then required by the config); otherwise an OKX account is refused
 * with a message that says how to enable it.
 */
public final class Exchanges {
  private final PaperExchange paper;
  private final Exchange okx;

  public Exchanges(Vertx vertx, Platform platform) {
    this.paper = new PaperExchange(platform.market(), platform.mongo(), platform.clock());
    MariposaConfig.Exchange config = platform.config().exchange();
    this.okx = config.kind() == MariposaConfig.ExchangeKind.OKX
        ? OkxExchanges.create(vertx, platform)
        : new Disabled("okx", "OKX is not enabled: set EXCHANGE=okx with OKX_API_KEY, OKX_API_SECRET and OKX_PASSPHRASE");
  }

  public Exchange of(Agent.Exchange kind) {
    return kind == Agent.Exchange.OKX ? okx : paper;
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
  }
}
