package dev.mariposa.reconcile;

import dev.mariposa.agent.Account;
import dev.mariposa.agent.AccountRepository;
import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.config.MariposaConfig;
import dev.mariposa.exchange.Fill;
import dev.mariposa.exchange.FundingBill;
import dev.mariposa.exchange.VenueAccount;
import dev.mariposa.exchange.VenueFill;
import dev.mariposa.exchange.VenueOrder;
import dev.mariposa.exchange.VenuePosition;
import dev.mariposa.kernel.ExecutionEngine;
import dev.mariposa.reconcile.Discrepancy.Kind;
import dev.mariposa.signal.ClientOrderIds;
import dev.mariposa.trade.FillRepository;
import dev.mariposa.trade.OrderRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One venue's reconciliation pass: its open orders, its fills of the last
 * reconciliation.fillWindowMs and its balances, compared with MongoDB.
 * <ul>
 *   <li>An open order of Mariposa's (by its client id's form) that MongoDB does not know is
 *       adopted by the agent its id names (stored, then finished like any order) or cancelled; one
 *       MongoDB holds as final is cancelled; an order not of Mariposa's form is left alone.</li>
 *   <li>Fills of an order MongoDB does not know are adopted: the order stored, then settled by the
 *       {@link ExecutionEngine} (looked up, its fills applied to the account once, a trade event).
 *       A settled order the venue reports more filled than MongoDB holds gets the difference
 *       applied once (keyed, so a crash half-way applies nothing twice); one it reports less
 *       filled halts its agent.</li>
 *   <li>An asset the venue holds less of than the agents' spot positions in it (beyond the
 *       tolerance) halts the agents holding it: their exits would be refused for balance.</li>
 *   <li>A perpetual swap position (symbol and side) the venue holds more of than the agents is
 *       reported as unknown: nobody manages it, a trader must; one the agents hold more of than
 *       the venue (liquidated or closed at the venue) halts the agents holding it when the next
 *       pass sees it too: their reduce-only exits would be refused.</li>
 *   <li>The venue's funding payments of the last reconciliation.fillWindowMs are booked to the
 *       swap agents holding the position since before the payment, in proportion to what each
 *       holds, once per bill (its id is the key the account remembers).</li>
 * </ul>
 * Each difference is recorded with what was done ({@link DiscrepancyRepository}) and published
 * when first seen. The pass is safe to run again at any moment: a second pass finds nothing
 * left to do. It never places an order.
 */
public final class VenueReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(VenueReconciler.class);
  static final String SEEN_ONCE = "seen once: halted if the next pass sees it too";

  /** Where a pass tells what it found: the bus, in the running process. */
  public interface Outlet {
    /** A difference seen for the first time. */
    void discrepancy(JsonObject event);

    /** An agent was halted (disabled) by the pass. */
    void agentHalted(String agentId);
  }

  /** The stores a pass reads and repairs. */
  public record Stores(OrderRepository orders, FillRepository fills, AccountRepository accounts, AgentRepository agents,
                       DiscrepancyRepository discrepancies) {}

  private final VenueAccount venue;
  private final String exchange;
  private final Agent.Exchange kind;
  private final Stores stores;
  private final Function<List<Agent>, ExecutionEngine> engines;
  private final MariposaConfig.Reconciliation settings;
  private final Outlet outlet;
  private final LongSupplier wallClock;

  /**
   * {@code engines} gives the engine that settles adopted orders, for the agents of the pass (their
   * starting balances); {@code wallClock} stamps records and bounds the fills asked for.
   */
  public VenueReconciler(VenueAccount venue, Agent.Exchange kind, Stores stores,
                         Function<List<Agent>, ExecutionEngine> engines,
                         MariposaConfig.Reconciliation settings, Outlet outlet, LongSupplier wallClock) {
    this.venue = venue;
    this.kind = kind;
    this.exchange = kind.name().toLowerCase(java.util.Locale.ROOT);
    this.stores = stores;
    this.engines = engines;
    this.settings = settings;
    this.outlet = outlet;
    this.wallClock = wallClock;
  }

  /** One pass; completes with what it compared and found, fails only when the venue could not be read. */
  public Future<JsonObject> run() {
    long now = wallClock.getAsLong();
    long since = now - settings.fillWindow().toMillis();
    Future<List<VenueOrder>> open = venue.openOrders();
    Future<List<VenueFill>> fills = venue.fillsSince(since);
    Future<Map<String, BigDecimal>> balances = venue.balances();
    Future<List<VenuePosition>> positions = venue.swapPositions();
    Future<List<FundingBill>> funding = venue.fundingBills(since);
    Future<List<Agent>> agents = stores.agents().all();
    return Future.all(List.of(open, fills, balances, positions, funding, agents)).compose(read -> {
      Pass pass = new Pass(now, since, agents.result(), engines.apply(agents.result()));
      Map<String, List<VenueFill>> fillsByOrder = byOrder(fills.result());
      return pass.openOrders(open.result())
          .compose(v -> pass.fills(fillsByOrder))
          .compose(v -> pass.balances(balances.result()))
          .compose(v -> pass.swapPositions(positions.result()))
          .compose(v -> pass.funding(funding.result()))
          .map(v -> pass.summary(open.result().size(), fills.result().size(), balances.result().size()));
    });
  }

  /** The fills of Mariposa's orders, by client order id, oldest first within each. */
  private static Map<String, List<VenueFill>> byOrder(List<VenueFill> fills) {
    Map<String, List<VenueFill>> byOrder = new LinkedHashMap<>();
    fills.stream().filter(f -> ClientOrderIds.isOurs(f.clOrdId())).sorted(java.util.Comparator.comparingLong(VenueFill::at))
        .forEach(f -> byOrder.computeIfAbsent(f.clOrdId(), id -> new ArrayList<>()).add(f));
    return byOrder;
  }

  private static BigDecimal sum(List<BigDecimal> values) {
    return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
  }

  /** The state of one pass: the agents by their ids' tags, what was found, what failed. */
  private final class Pass {
    private final long now;
    private final long since;
    private final Map<String, Agent> byId = new LinkedHashMap<>();
    private final Map<String, List<Agent>> byTag = new LinkedHashMap<>();
    private final Map<Kind, Integer> found = new EnumMap<>(Kind.class);
    private final List<String> errors = new ArrayList<>();
    private final ExecutionEngine engine;
    private int fresh;
    private int fundingBooked;

    Pass(long now, long since, List<Agent> agents, ExecutionEngine engine) {
      this.now = now;
      this.since = since;
      this.engine = engine;
      for (Agent agent : agents) {
        byId.put(agent.id(), agent);
        byTag.computeIfAbsent(ClientOrderIds.agentTag(agent.id()), t -> new ArrayList<>()).add(agent);
      }
    }

    /** Each item in turn; one that fails is noted and the others still run. */
    private <T> Future<Void> each(List<T> items, Function<T, Future<?>> step) {
      Future<Void> chain = Future.succeededFuture();
      for (T item : items) {
        chain = chain.compose(v -> step.apply(item).transform(ar -> {
          if (ar.failed()) {
            errors.add(item + ": " + ar.cause().getMessage());
          }
          return Future.<Void>succeededFuture();
        }));
      }
      return chain;
    }

    /** The one agent of this venue whose tag the id carries; empty for none, another venue's, or two. */
    Optional<Agent> agentOf(String clOrdId) {
      return ClientOrderIds.agentTagOf(clOrdId).map(tag -> byTag.getOrDefault(tag, List.of()))
          .filter(agents -> agents.size() == 1).map(agents -> agents.get(0))
          .filter(agent -> agent.account().exchange() == kind);
    }

    /** The venue's open orders, those of Mariposa's form looked up in MongoDB in one query. */
    Future<Void> openOrders(List<VenueOrder> open) {
      List<String> ours = open.stream().map(VenueOrder::clOrdId).filter(ClientOrderIds::isOurs).toList();
      return stores.orders().byIds(ours).compose(known -> each(open, order -> openOrder(order, known)));
    }

    private Future<Void> openOrder(VenueOrder order, Map<String, JsonObject> known) {
      if (!ClientOrderIds.isOurs(order.clOrdId())) {
        return record(Kind.FOREIGN_ORDER, "ord" + order.state().exchangeOrderId(), null, order.symbol(),
            describe(order) + " was not placed by Mariposa", "left alone");
      }
      JsonObject stored = known.get(order.clOrdId());
      if (stored == null) {
        return orphan(order);
      }
      if (!stored.getBoolean("settled", false)) {
        return Future.succeededFuture(); // under way: its handler, or the order reconciliation, finishes it
      }
      return cancel(order, Kind.OPEN_BUT_SETTLED, stored.getString("agentId"), describe(order) + " is "
          + order.state().status() + " at the venue, while MongoDB holds it " + stored.getString("status") + " (settled)");
    }

    private Future<Void> orphan(VenueOrder order) {
      Optional<Agent> agent = agentOf(order.clOrdId());
      if (agent.isPresent() && settings.orphans() == MariposaConfig.Reconciliation.Orphans.ADOPT) {
        JsonObject document = new JsonObject().put("_id", order.clOrdId()).put("clOrdId", order.clOrdId())
            .put("agentId", agent.get().id()).put("symbol", order.symbol()).put("side", order.side().name())
            .put("quantity", order.quantity().toPlainString()).put("exchange", exchange)
            .put("status", order.state().status().name()).put("exchangeOrderId", order.state().exchangeOrderId())
            .put("createdAt", order.createdAt());
        order.limitPrice().ifPresent(px -> document.put("limitPrice", px.toPlainString()));
        return stores.orders().adopt(document).compose(created -> record(Kind.ORPHAN_ADOPTED, order.clOrdId(),
            agent.get().id(), order.symbol(), describe(order) + " was unknown to MongoDB",
            "adopted by " + agent.get().id() + ": tracked until final, its fills applied once"));
      }
      String why = agent.isPresent() ? "reconciliation.orphans is cancel" : "no agent of this venue has its id's tag";
      return cancel(order, Kind.ORPHAN_CANCELLED, agent.map(Agent::id).orElse(null),
          describe(order) + " was unknown to MongoDB, and " + why);
    }

    private Future<Void> cancel(VenueOrder order, Kind kind, String agentId, String detail) {
      return venue.cancel(order.symbol(), order.clOrdId())
          .map(result -> switch (result.outcome()) {
            case CANCELED -> "cancelled at the venue";
            case ALREADY_FINAL -> "already final at the venue (" + result.message() + ")";
            case NOT_FOUND -> "the venue no longer knows it";
            case UNKNOWN -> "cancel outcome unknown (" + result.code() + " " + result.message() + "): tried again next pass";
          })
          .otherwise(t -> "cancel not sent (" + t.getMessage() + "): tried again next pass")
          .compose(action -> record(kind, order.clOrdId(), agentId, order.symbol(), detail, action));
    }

    /**
     * The venue's fills by order, the orders and their stored fills read in two queries (after the
     * open orders' step, so orders it adopted are known).
     */
    Future<Void> fills(Map<String, List<VenueFill>> byOrder) {
      Future<Map<String, JsonObject>> orders = stores.orders().byIds(byOrder.keySet());
      Future<Map<String, List<JsonObject>>> held = stores.fills().ofOrders(byOrder.keySet());
      return Future.all(orders, held).compose(read -> each(List.copyOf(byOrder.entrySet()),
          e -> fillsOf(e.getKey(), e.getValue(), orders.result().get(e.getKey()),
              held.result().getOrDefault(e.getKey(), List.of()))));
    }

    private Future<Void> fillsOf(String clOrdId, List<VenueFill> venueFills, JsonObject order, List<JsonObject> held) {
      if (order == null) {
        return adoptFilled(clOrdId, venueFills);
      }
      if (!order.getBoolean("settled", false)) {
        return Future.succeededFuture(); // under way: settled with its fills by its handler
      }
      return compare(order, held, venueFills);
    }

    private Future<Void> adoptFilled(String clOrdId, List<VenueFill> venueFills) {
      VenueFill first = venueFills.get(0);
      BigDecimal quantity = sum(venueFills.stream().map(VenueFill::quantity).toList());
      String detail = "the venue reports " + quantity.toPlainString() + " " + first.symbol() + " filled ("
          + venueFills.size() + " fills, " + first.side() + ") of an order MongoDB did not know";
      Optional<Agent> agent = agentOf(clOrdId);
      if (agent.isEmpty()) {
        return record(Kind.UNATTRIBUTED_FILL, clOrdId, null, first.symbol(), detail,
            "nothing applied: no agent of this venue has its id's tag");
      }
      JsonObject document = new JsonObject().put("_id", clOrdId).put("clOrdId", clOrdId)
          .put("agentId", agent.get().id()).put("symbol", first.symbol()).put("side", first.side().name())
          .put("quantity", quantity.toPlainString()).put("exchange", exchange).put("status", "UNKNOWN")
          .put("exchangeOrderId", first.exchangeOrderId()).put("createdAt", first.at());
      return stores.orders().adopt(document)
          .compose(created -> engine.resume(document.copy().put("adopted", true).put("settled", false)))
          .map(settled -> "adopted by " + agent.get().id() + ", settled " + settled.getString("status")
              + ": its fills applied to the account once")
          .otherwise(t -> "adopted by " + agent.get().id() + "; not settled yet (" + t.getMessage()
              + "): the order reconciliation finishes it")
          .compose(action -> record(Kind.FILLS_ADOPTED, clOrdId, agent.get().id(), first.symbol(), detail, action));
    }

    /** A settled order's stored fills against the venue's. */
    private Future<Void> compare(JsonObject order, List<JsonObject> held, List<VenueFill> venueFills) {
      String clOrdId = order.getString("_id");
      String agentId = order.getString("agentId");
      BigDecimal heldQuantity = sum(held.stream().map(f -> new BigDecimal(f.getString("quantity"))).toList());
      BigDecimal venueQuantity = sum(venueFills.stream().map(VenueFill::quantity).toList());
      int difference = venueQuantity.compareTo(heldQuantity);
      String detail = "the venue reports " + venueQuantity.toPlainString() + " filled, MongoDB holds "
          + heldQuantity.toPlainString();
      if (difference > 0) {
        return applyMissed(order, held.size(), beyond(venueFills, heldQuantity))
            .compose(applied -> record(Kind.MISSED_FILL, clOrdId, agentId, order.getString("symbol"), detail,
                "applied " + venueQuantity.subtract(heldQuantity).toPlainString() + " to " + agentId + "'s account once"));
      }
      if (difference < 0 && order.getLong("createdAt", 0L) >= since) { // older: its first fills may precede the window
        return confirmed(Kind.FILL_EXCESS, clOrdId)
            .compose(confirmed -> confirmed ? halt(agentId) : Future.succeededFuture(SEEN_ONCE))
            .compose(action -> record(Kind.FILL_EXCESS, clOrdId, agentId, order.getString("symbol"), detail, action));
      }
      return Future.succeededFuture();
    }

    /** The venue's fills past the first {@code heldQuantity} of them (oldest first): what MongoDB lacks. */
    private List<Fill> beyond(List<VenueFill> venueFills, BigDecimal heldQuantity) {
      List<Fill> missing = new ArrayList<>();
      BigDecimal skip = heldQuantity;
      for (VenueFill f : venueFills) {
        if (skip.compareTo(f.quantity()) >= 0) {
          skip = skip.subtract(f.quantity());
          continue;
        }
        BigDecimal part = f.quantity().subtract(skip);
        BigDecimal fee = skip.signum() == 0 ? f.fee()
            : f.fee().multiply(part).divide(f.quantity(), java.math.MathContext.DECIMAL64);
        missing.add(new Fill(part, f.price(), fee, f.at()));
        skip = BigDecimal.ZERO;
      }
      return missing;
    }

    /**
     * Applies fills MongoDB lacks under a key of their own ({@code <clOrdId>:r<n>}, n the fills held
     * before): the account first (it refuses a key applied before), then the fills, whose ids are the
     * same key. A crash between the two leaves the account applied and the fills to be written by
     * the next pass, which finds the same n and the account refusing the key.
     */
    private Future<Void> applyMissed(JsonObject order, int heldCount, List<Fill> missing) {
      String agentId = order.getString("agentId");
      String key = order.getString("_id") + ":r" + heldCount;
      BigDecimal startingBalance = Optional.ofNullable(byId.get(agentId))
          .map(a -> BigDecimal.valueOf(a.account().startingBalance())).orElse(BigDecimal.valueOf(10_000));
      return stores.accounts().update(agentId, startingBalance,
              account -> ExecutionEngine.applyFills(account, key, order, missing))
          .compose(account -> stores.fills().saveAll(ExecutionEngine.fillDocuments(order, key, missing)));
    }

    Future<Void> balances(Map<String, BigDecimal> venueBalances) {
      List<String> onVenue = byId.values().stream().filter(a -> a.account().exchange() == kind).map(Agent::id).toList();
      return stores.accounts().stored(onVenue).compose(accounts -> {
        Map<String, BigDecimal> held = new TreeMap<>();
        Map<String, TreeSet<String>> holders = new TreeMap<>();
        accounts.forEach(account -> account.positions().values().stream().filter(p -> !p.isSwap()).forEach(position -> {
          try {
            String asset = venue.baseAsset(position.symbol());
            held.merge(asset, position.quantity(), BigDecimal::add);
            holders.computeIfAbsent(asset, a -> new TreeSet<>()).add(account.agentId());
          } catch (IllegalArgumentException e) { // a symbol the venue cannot name: its balance not compared
            errors.add(account.agentId() + " " + position.symbol() + ": " + e.getMessage());
          }
        }));
        List<Map.Entry<String, BigDecimal>> shortAssets = held.entrySet().stream().filter(e -> {
          BigDecimal has = venueBalances.getOrDefault(e.getKey(), BigDecimal.ZERO);
          return e.getValue().subtract(has).compareTo(e.getValue().multiply(settings.balanceTolerance())) > 0;
        }).toList();
        return each(shortAssets, e -> {
          String asset = e.getKey();
          BigDecimal has = venueBalances.getOrDefault(asset, BigDecimal.ZERO);
          String detail = "agents " + holders.get(asset) + " hold " + e.getValue().stripTrailingZeros().toPlainString()
              + " " + asset + ", the venue's balance is " + has.stripTrailingZeros().toPlainString();
          return confirmed(Kind.BALANCE_SHORT, asset).compose(confirmed -> {
            if (!confirmed) {
              return record(Kind.BALANCE_SHORT, asset, null, null, detail, SEEN_ONCE);
            }
            List<Future<String>> halted = holders.get(asset).stream().map(this::halt).toList();
            return Future.join(halted).transform(ar -> record(Kind.BALANCE_SHORT, asset, null, null, detail,
                String.join("; ", halted.stream().map(f -> f.succeeded() ? f.result() : "halt failed: "
                    + f.cause().getMessage()).toList())));
          });
        });
      });
    }

    /** The venue's funding bills booked to the agents whose swap positions they were paid on, once per bill. */
    Future<Void> funding(List<FundingBill> bills) {
      if (bills.isEmpty()) {
        return Future.succeededFuture();
      }
      List<Agent> swapAgents = byId.values().stream().filter(a -> a.account().exchange() == kind && a.tradesSwaps()).toList();
      return stores.accounts().stored(swapAgents.stream().map(Agent::id).toList()).compose(accounts -> each(bills, bill -> {
        List<Account> holding = accounts.stream().filter(a -> {
          Account.Position p = a.positions().get(bill.symbol());
          return p != null && p.isSwap() && p.openedAt() < bill.ts();
        }).toList();
        if (holding.isEmpty()) { // a position nobody holds: told as unknown_position
          return Future.succeededFuture();
        }
        BigDecimal total = holding.stream().map(a -> a.positions().get(bill.symbol()).quantity())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal left = bill.amount();
        List<Future<Account>> booked = new ArrayList<>();
        for (int i = 0; i < holding.size(); i++) {
          Account.Position p = holding.get(i).positions().get(bill.symbol());
          BigDecimal share = i == holding.size() - 1 ? left
              : bill.amount().multiply(p.quantity()).divide(total, 8, RoundingMode.HALF_EVEN);
          left = left.subtract(share);
          String key = "funding-bill:" + bill.billId();
          Agent agent = byId.get(holding.get(i).agentId());
          boolean[] applied = {false}; // the change may run again on a conflict: counted once, after
          BigDecimal received = share;
          booked.add(stores.accounts().update(agent.id(), BigDecimal.valueOf(agent.account().startingBalance()),
              a -> {
                applied[0] = !a.hasApplied(key);
                return a.applyFundingPayment(key, bill.symbol(), received, p.averagePrice(), bill.ts());
              }).compose(a -> stores.fills().saveAll(List.of(FillRepository.fundingDocument(agent.id(), bill.symbol(),
                  key, received, bill.ts(), exchange))).map(a))
              .onSuccess(a -> fundingBooked += applied[0] ? 1 : 0));
        }
        return Future.all(booked);
      }));
    }

    /** The venue's swap positions against the swap positions of this venue's agents, by symbol and side. */
    Future<Void> swapPositions(List<VenuePosition> venuePositions) {
      List<String> onVenue = byId.values().stream().filter(a -> a.account().exchange() == kind && a.tradesSwaps())
          .map(Agent::id).toList();
      return stores.accounts().stored(onVenue).compose(accounts -> {
        Map<String, BigDecimal> held = new TreeMap<>();
        Map<String, TreeSet<String>> holders = new TreeMap<>();
        accounts.forEach(account -> account.positions().values().stream().filter(Account.Position::isSwap)
            .forEach(p -> {
              String key = p.symbol() + " " + p.side().venueName();
              held.merge(key, p.quantity(), BigDecimal::add);
              holders.computeIfAbsent(key, k -> new TreeSet<>()).add(account.agentId());
            }));
        Map<String, BigDecimal> atVenue = new TreeMap<>();
        venuePositions.forEach(p -> atVenue.merge(p.symbol() + " " + p.side().venueName(), p.quantity(), BigDecimal::add));
        TreeSet<String> keys = new TreeSet<>(held.keySet());
        keys.addAll(atVenue.keySet());
        return each(List.copyOf(keys), key -> {
          BigDecimal ours = held.getOrDefault(key, BigDecimal.ZERO);
          BigDecimal theirs = atVenue.getOrDefault(key, BigDecimal.ZERO);
          BigDecimal tolerance = ours.max(theirs).multiply(settings.balanceTolerance());
          String symbol = key.substring(0, key.indexOf(' '));
          if (theirs.subtract(ours).compareTo(tolerance) > 0) {
            return record(Kind.UNKNOWN_POSITION, key, null, symbol, "the venue holds a " + key + " of "
                + plain(theirs) + ", the agents " + plain(ours) + (holders.containsKey(key) ? " (" + holders.get(key) + ")" : ""),
                "none: Mariposa never trades a position it does not know; close or adopt it by hand");
          }
          if (ours.subtract(theirs).compareTo(tolerance) <= 0) {
            return Future.succeededFuture();
          }
          String detail = "agents " + holders.get(key) + " hold a " + key + " of " + plain(ours) + ", the venue "
              + plain(theirs);
          return confirmed(Kind.POSITION_MISSING, key).compose(confirmed -> {
            if (!confirmed) {
              return record(Kind.POSITION_MISSING, key, null, symbol, detail, SEEN_ONCE);
            }
            List<Future<String>> halted = holders.get(key).stream().map(this::halt).toList();
            return Future.join(halted).transform(ar -> record(Kind.POSITION_MISSING, key, null, symbol, detail,
                String.join("; ", halted.stream().map(f -> f.succeeded() ? f.result() : "halt failed: "
                    + f.cause().getMessage()).toList())));
          });
        });
      });
    }

    /**
     * Whether the previous pass saw this difference too (within three intervals). One sighting
     * halts nobody: the venue and MongoDB are read at different moments, so a fill settling in
     * between can look like a shortfall once; a real one is still there at the next pass.
     */
    private Future<Boolean> confirmed(Kind kind, String subject) {
      long recent = now - 3 * settings.interval().toMillis();
      return stores.discrepancies().get(new Discrepancy(kind, exchange, subject, null, null, "", "").id())
          .map(previous -> previous.filter(p -> p.getLong("lastSeenAt", 0L) >= recent).isPresent());
    }

    /** Disables the agent (it trades nothing, exits included, until a user enables it again). */
    private Future<String> halt(String agentId) {
      Agent agent = byId.get(agentId);
      if (agent == null) {
        return Future.succeededFuture("agent " + agentId + " no longer exists");
      }
      if (!agent.enabled()) {
        return Future.succeededFuture(agentId + " halted");
      }
      return stores.agents().update(agent.disabled(), now).map(updated -> {
        byId.put(agentId, updated);
        outlet.agentHalted(agentId);
        LOG.warn("Reconciliation halted agent {}", agentId);
        return agentId + " halted";
      });
    }

    private Future<Void> record(Kind kind, String subject, String agentId, String symbol, String detail, String action) {
      Discrepancy discrepancy = new Discrepancy(kind, exchange, subject, agentId, symbol, detail, action);
      found.merge(kind, 1, Integer::sum);
      return stores.discrepancies().record(discrepancy, now).map(previous -> {
        if (previous.isEmpty()) {
          fresh++;
        }
        // Told when first seen, and again when what was done about it changes (a halt after a first sighting).
        if (previous.isEmpty() || !action.equals(previous.get().getString("action"))) {
          outlet.discrepancy(discrepancy.toJson().put("at", now));
          if (kind.alert()) {
            LOG.warn("Reconciliation ({}): {}: {}", exchange, detail, action);
          } else {
            LOG.info("Reconciliation ({}): {}: {}", exchange, detail, action);
          }
        }
        return null;
      });
    }

    JsonObject summary(int openOrders, int fills, int balances) {
      JsonObject byKind = new JsonObject();
      found.forEach((k, n) -> byKind.put(k.wire(), n));
      if (!errors.isEmpty()) {
        LOG.warn("Reconciliation ({}) could not finish {} item(s): {}", exchange, errors.size(), errors);
      }
      return new JsonObject().put("exchange", exchange).put("openOrders", openOrders).put("fills", fills)
          .put("assets", balances).put("fundingBooked", fundingBooked).put("discrepancies", byKind).put("new", fresh).put("errors", new JsonArray(errors));
    }
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  private static String describe(VenueOrder order) {
    return "open " + order.side() + " " + order.quantity().toPlainString() + " " + order.symbol()
        + order.limitPrice().map(px -> " at " + px.toPlainString()).orElse("") + " (client id '" + order.clOrdId()
        + "', ordId " + order.state().exchangeOrderId() + ")";
  }
}
