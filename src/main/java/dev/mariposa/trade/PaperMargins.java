package dev.mariposa.trade;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.paper.PaperMatching;
import dev.mariposa.kernel.FundingRates;
import dev.mariposa.kernel.MarginEngine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paper exchange's swap margins, live, as the backtest settles them ({@link MarginEngine}):
 * a paper swap position is liquidated when a ticker's mid (the spot price stands for the mark, as
 * in backtests) reaches its liquidation price, and pays or receives funding at each funding time
 * it is held across, at the last mid. Every trade role watches every position, so each booking is
 * keyed (the account applies a key once) and worked out again on the account as stored; its fill
 * document has a deterministic id, so two instances write the same one. OKX liquidates and funds
 * its own positions: its bills and positions tell (reconciliation).
 */
final class PaperMargins {
  private static final Logger LOG = LoggerFactory.getLogger(PaperMargins.class);
  /** How many past funding times a pass books at most. */
  static final int CATCH_UP = 3;

  private final AccountRepository accounts;
  private final FillRepository fills;
  private final FundingRates rates;

  PaperMargins(AccountRepository accounts, FillRepository fills, FundingRates rates) {
    this.accounts = accounts;
    this.fills = fills;
    this.rates = rates;
  }

  /** Whether {@code agent}'s positions are this class's to settle: a paper swap account. */
  static boolean settles(Agent agent) {
    return agent.tradesSwaps() && agent.account().exchange() == Agent.Exchange.PAPER;
  }

  /** The position in {@code symbol} liquidated if {@code mark} reached its liquidation price; the account after. */
  Future<Optional<Account>> onMark(Agent agent, Account known, String symbol, BigDecimal mark, long now) {
    BigDecimal mmr = PaperMatching.swapInstrument(symbol).maintenanceMarginRate();
    if (!settles(agent) || MarginEngine.liquidation(agent, known, symbol, mark, mmr, now).isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    List<MarginEngine.Liquidated> done = new ArrayList<>(1);
    return accounts.update(agent.id(), startingBalance(agent), stored -> {
      Optional<MarginEngine.Liquidated> liquidated = MarginEngine.liquidation(agent, stored, symbol, mark, mmr, now);
      liquidated.ifPresent(done::add);
      return liquidated.map(MarginEngine.Liquidated::account).orElse(stored);
    }).compose(after -> done.isEmpty() ? Future.succeededFuture(Optional.of(after))
        : fills.saveAll(List.of(liquidationFill(agent, symbol, done.get(0)))).map(v -> {
          LOG.warn("Paper swap position of {} liquidated: {}", agent.id(), done.get(0).reason());
          return Optional.of(after);
        }));
  }

  /**
   * The funding times of the last day (at most {@value #CATCH_UP} of them: an instance down longer
   * does not book older ones) each held swap position was held across, applied once each at the
   * mark {@code marks} gives (positions without one wait for it). Bounded because the account
   * remembers a bounded number of applied keys: an older time could be forgotten and paid twice.
   */
  Future<Optional<Account>> fund(Agent agent, Account known, Function<String, Optional<BigDecimal>> marks, long now) {
    if (!settles(agent) || !due(known, marks, now)) {
      return Future.succeededFuture(Optional.empty());
    }
    List<JsonObject> booked = new ArrayList<>();
    return accounts.update(agent.id(), startingBalance(agent), stored -> {
      booked.clear();
      Account next = stored;
      for (Account.Position held : stored.positions().values()) {
        Optional<BigDecimal> mark = marks.apply(held.symbol());
        if (!held.isSwap() || mark.isEmpty()) {
          continue;
        }
        long oldest = FundingRates.nextFundingTime(now) - CATCH_UP * FundingRates.INTERVAL_MS;
        for (long t = Math.max(oldest, FundingRates.nextFundingTime(held.openedAt())); t <= now; t += FundingRates.INTERVAL_MS) {
          Account after = MarginEngine.funding(next, held.symbol(), rates, mark.get(), t);
          if (after != next) {
            booked.add(FillRepository.fundingDocument(agent.id(), held.symbol(), Account.fundingKey(held.symbol(), t),
                after.fundingTotal().subtract(next.fundingTotal()), t, "paper"));
            next = after;
          }
        }
      }
      return next;
    }).compose(after -> fills.saveAll(List.copyOf(booked)).map(v -> Optional.of(after)));
  }

  /** Whether a funding time has passed that some held swap position has not paid yet. */
  private static boolean due(Account account, Function<String, Optional<BigDecimal>> marks, long now) {
    for (Account.Position held : account.positions().values()) {
      long last = Math.floorDiv(now, FundingRates.INTERVAL_MS) * FundingRates.INTERVAL_MS;
      if (held.isSwap() && held.openedAt() < last && marks.apply(held.symbol()).isPresent()
          && !account.hasApplied(Account.fundingKey(held.symbol(), last))) {
        return true;
      }
    }
    return false;
  }

  private static BigDecimal startingBalance(Agent agent) {
    return BigDecimal.valueOf(agent.account().startingBalance());
  }

  /** A liquidation as the fills collection keeps it: its fee holds the margin the venue kept, as in backtests. */
  private static JsonObject liquidationFill(Agent agent, String symbol, MarginEngine.Liquidated liquidation) {
    Fill f = liquidation.fill();
    return new JsonObject().put("_id", liquidation.id() + ":0").put("clOrdId", liquidation.id())
        .put("agentId", agent.id()).put("symbol", symbol).put("side", liquidation.buy() ? "BUY" : "SELL")
        .put("quantity", f.quantity().toPlainString()).put("price", f.price().toPlainString())
        .put("fee", f.fee().add(liquidation.kept()).toPlainString()).put("at", f.at()).put("exchange", "paper")
        .put("swap", true).put("liquidation", liquidation.reason());
  }


}
