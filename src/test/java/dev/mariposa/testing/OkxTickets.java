package dev.mariposa.testing;

import dev.mariposa.agent.Agent;
import dev.mariposa.agent.AgentRepository;
import dev.mariposa.exchange.Side;
import dev.mariposa.signal.Signal;
import dev.mariposa.signal.Signals;
import dev.mariposa.signal.TradeTicket;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The exactly-once fixture: agents trading on OKX that nothing but the test makes trade, and
 * tickets for them put straight on the trade stream (past the signal role), buying 0.001 of the
 * four instruments the fake OKX lists by default.
 */
public final class OkxTickets {
  public static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "ETHBTC", "BTCUSDC");
  /** What the tickets say they pay, and what FakeOkx should fill them at. */
  public static final BigDecimal PRICE = new BigDecimal("30000");
  private static final BigDecimal QUANTITY = new BigDecimal("0.001");

  private OkxTickets() {}

  /** Creates {@code count} agents {@code prefix-0 …}; their ids. */
  public static List<String> createAgents(AgentRepository agents, String prefix, int count, long now) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + "-" + i);
      agents.create(agent(prefix + "-" + i), now).await();
    }
    return ids;
  }

  /** {@code count} buy tickets, spread round-robin over the agents and the symbols, with distinct client order ids. */
  public static List<TradeTicket> tickets(List<String> agentIds, String prefix, int count, long now) {
    List<TradeTicket> tickets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Signal signal = Signals.requested(agentIds.get(i % agentIds.size()), SYMBOLS.get(i % SYMBOLS.size()),
          Signal.Action.BUY, 1.0, PRICE.doubleValue(), prefix + "-" + i, now, Duration.ofMinutes(10));
      tickets.add(new TradeTicket(signal, Side.BUY, QUANTITY, Agent.Exchange.OKX, now));
    }
    return tickets;
  }

  private static Agent agent(String id) {
    // Limits far above what a test sends, no stops: nothing but the tickets may place orders.
    Agent.RiskLimits risk = new Agent.RiskLimits(100, 1e9, 600, 1e9, 100, 0, 300, 0, 0, 0);
    return new Agent(id, id, SYMBOLS, "1m", List.of(new Agent.ModelWeight(Agent.TECHNICAL, 1.0)), 0.6, 0.6, risk,
        new Agent.Account(Agent.Exchange.OKX, 1_000_000), true, 0, 0, 0);
  }
}
