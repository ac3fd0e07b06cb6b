package dev.mariposa.notify;

import dev.mariposa.agent.Account;
import dev.mariposa.events.TradeEvent;
import dev.mariposa.exchange.Fill;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of every notification and answer: plain text (the bot sends no parse_mode, so an
 * agent's id, a symbol or a reason is never read as markup), one line per fact, decimals as
 * exact as the event holds them.
 */
final class Messages {
  private Messages() {}

  /**
   * A settled order or a resting entry's fills: {@code exitReason} when it closed a position on a
   * stop (the exit signal's reason), else empty.
   */
  static String trade(String agentId, TradeEvent event, Optional<String> exitReason) {
    JsonObject order = new JsonObject(event.orderJson());
    String side = order.getString("side", "?");
    StringBuilder text = new StringBuilder();
    if (event.fills().isEmpty()) {
      text.append("ORDER ").append(order.getString("status", "?")).append(' ').append(agentId).append(' ')
          .append(side).append(' ').append(event.symbol());
      Optional.ofNullable(order.getString("reason")).ifPresent(r -> text.append(": ").append(r));
      return text.toString();
    }
    BigDecimal quantity = BigDecimal.ZERO;
    BigDecimal notional = BigDecimal.ZERO;
    BigDecimal fee = BigDecimal.ZERO;
    for (Fill fill : event.fills()) {
      quantity = quantity.add(fill.quantity());
      notional = notional.add(fill.quantity().multiply(fill.price()));
      fee = fee.add(fill.fee());
    }
    BigDecimal average = notional.divide(quantity, 8, RoundingMode.HALF_EVEN).stripTrailingZeros();
    text.append(exitReason.isPresent() ? "EXIT " : "FILL ").append(agentId).append(' ').append(side).append(' ')
        .append(plain(quantity)).append(' ').append(event.symbol()).append(" @ ").append(plain(average))
        .append(" (fee ").append(plain(fee)).append(')');
    exitReason.ifPresent(reason -> text.append("\nReason: ").append(reason));
    if (event.positionJson() == null) {
      text.append("\nPosition: none");
    } else {
      JsonObject position = new JsonObject(event.positionJson());
      text.append("\nPosition: ").append(position.getValue("quantity")).append(" @ ").append(position.getValue("averagePrice"));
    }
    text.append("; cash ").append(plain(event.cash()));
    return text.toString();
  }

  /** The kill switch pulled or released ({@code system.status} with component trading). */
  static String halt(JsonObject status) {
    boolean halted = "HALTED".equals(status.getString("state"));
    return (halted ? "HALTED: trading stopped" : "RESUMED: trading again") + "\nReason: "
        + status.getString("reason", "none given") + "\nBy: " + status.getString("by", "?");
  }

  /** A difference reconciliation found between the venue and the records. */
  static String reconciliation(JsonObject discrepancy) {
    StringBuilder text = new StringBuilder(discrepancy.getBoolean("alert", false) ? "RECONCILIATION ALERT: " : "Reconciliation: ")
        .append(discrepancy.getString("kind", "?")).append(" on ").append(discrepancy.getString("exchange", "?"));
    Optional.ofNullable(discrepancy.getString("agentId")).ifPresent(a -> text.append(", agent ").append(a));
    Optional.ofNullable(discrepancy.getString("symbol")).ifPresent(s -> text.append(", ").append(s));
    Optional.ofNullable(discrepancy.getValue("detail")).ifPresent(d -> text.append("\n").append(d));
    Optional.ofNullable(discrepancy.getString("action")).ifPresent(a -> text.append("\nAction: ").append(a));
    return text.toString();
  }

  /** {@code /status}: the halt, and the agents. */
  static String status(Optional<JsonObject> halt, List<String> agents) {
    StringBuilder text = new StringBuilder();
    if (halt.isPresent() && halt.get().getBoolean("halted", false)) {
      text.append("Trading: HALTED (").append(halt.get().getString("reason", "")).append(", by ")
          .append(halt.get().getString("by", "?")).append(", ").append(when(halt.get())).append(')');
    } else {
      text.append("Trading: RUNNING");
      halt.ifPresent(h -> text.append(" (resumed ").append(when(h)).append(" by ").append(h.getString("by", "?")).append(')'));
    }
    text.append("\nAgents: ").append(agents.size());
    if (!agents.isEmpty()) {
      text.append(" (").append(String.join(", ", agents)).append(')');
    }
    return text.toString();
  }

  /** {@code /positions}: every open position of every agent. */
  static String positions(List<Account> accounts) {
    StringBuilder text = new StringBuilder("Positions:");
    int open = 0;
    for (Account account : accounts) {
      for (Account.Position position : account.positions().values()) {
        open++;
        text.append('\n').append(account.agentId()).append(' ').append(position.symbol()).append(' ')
            .append(position.isShort() ? "short " : "").append(plain(position.quantity().abs())).append(" @ ")
            .append(plain(position.averagePrice()));
      }
    }
    return open == 0 ? "Positions: none open" : text.toString();
  }

  /** {@code /profit} and the daily summary: each agent's figures (metrics.Performance), then the total. */
  static String profit(String title, Map<String, Optional<JsonObject>> figures) {
    StringBuilder text = new StringBuilder(title);
    BigDecimal equity = BigDecimal.ZERO;
    BigDecimal pnl = BigDecimal.ZERO;
    for (Map.Entry<String, Optional<JsonObject>> agent : figures.entrySet()) {
      text.append('\n').append(agent.getKey()).append(": ");
      if (agent.getValue().isEmpty()) {
        text.append("no figures yet");
        continue;
      }
      JsonObject f = agent.getValue().get();
      BigDecimal realized = decimal(f, "realized");
      BigDecimal unrealized = decimal(f, "unrealized");
      BigDecimal agentPnl = realized.add(unrealized);
      equity = equity.add(decimal(f, "equity"));
      pnl = pnl.add(agentPnl);
      text.append("P/L ").append(signed(agentPnl)).append(" (").append(signed(decimal(f, "returnPct"))).append("%)")
          .append(", equity ").append(plain(decimal(f, "equity")))
          .append(", realized ").append(signed(realized)).append(", unrealized ").append(signed(unrealized))
          .append(", fills ").append(f.getValue("fills", 0));
    }
    if (figures.isEmpty()) {
      return text.append("\nNo agents").toString();
    }
    return text.append("\nTotal: P/L ").append(signed(pnl)).append(", equity ").append(plain(equity)).toString();
  }

  static String help() {
    return String.join("\n", "Commands:", "/status: trading halted or running, the agents",
        "/positions: open positions", "/profit: each agent's P/L and equity", "/halt <reason>: stop all trading",
        "/resume: trade again", "/close <agent> <symbol>: close the agent's position");
  }

  private static String when(JsonObject state) {
    Object at = state.getValue("at");
    return at instanceof Number n ? Instant.ofEpochMilli(n.longValue()).toString() : String.valueOf(at);
  }

  private static BigDecimal decimal(JsonObject json, String field) {
    Object value = json.getValue(field);
    return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
  }

  private static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  private static String signed(BigDecimal value) {
    BigDecimal rounded = value.setScale(2, RoundingMode.HALF_EVEN);
    return (rounded.signum() > 0 ? "+" : "") + rounded.toPlainString();
  }
}
