package dev.mariposa.reconcile;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One difference between the venue and MongoDB, and what was done about it. Its {@link #id()} is
 * the same every time the same difference is seen (kind and order, or kind and asset), so a
 * difference seen on every pass is one record, counted, not a new one each minute.
 */
public record Discrepancy(Kind kind, String exchange, String subject, String agentId, String symbol, String detail,
                          String action) {

  public enum Kind {
    /** An open order of Mariposa's at the venue that MongoDB did not know, given back to its agent. */
    ORPHAN_ADOPTED,
    /** An open order of Mariposa's at the venue that MongoDB did not know, cancelled. */
    ORPHAN_CANCELLED,
    /** An open order not placed by Mariposa (no client id of its form): left alone. */
    FOREIGN_ORDER,
    /** MongoDB holds the order as final while the venue still has it open: cancelled at the venue. */
    OPEN_BUT_SETTLED,
    /** A filled order of Mariposa's that MongoDB did not know: adopted, its fills applied once. */
    FILLS_ADOPTED,
    /** The venue reports more filled than MongoDB holds for an order: the difference applied once. */
    MISSED_FILL,
    /** Fills of an order of Mariposa's form whose agent cannot be found: nothing applied. */
    UNATTRIBUTED_FILL,
    /** MongoDB holds more filled than the venue reports for an order: its agent halted. */
    FILL_EXCESS,
    /** The venue holds less of an asset than the agents' positions in it: those agents halted. */
    BALANCE_SHORT,
    /** The venue holds more of a swap position (symbol and side) than the agents do: one nobody manages. */
    UNKNOWN_POSITION,
    /** The agents hold more of a swap position than the venue does (liquidated, closed by hand): they are halted. */
    POSITION_MISSING;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the difference is one a trader must look at (money may be wrong), not a routine repair. */
    public boolean alert() {
      return this == UNATTRIBUTED_FILL || this == FILL_EXCESS || this == BALANCE_SHORT || this == OPEN_BUT_SETTLED
          || this == UNKNOWN_POSITION || this == POSITION_MISSING;
    }
  }

  /** {@code <kind>:<subject>}, the subject being a client order id, a venue order id or an asset. */
  public String id() {
    return kind.wire() + ":" + exchange + ":" + subject;
  }

  /** The event and the record (without its times and counts, which the repository keeps). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id()).put("kind", kind.wire()).put("exchange", exchange)
        .put("subject", subject).put("detail", detail).put("action", action).put("alert", kind.alert());
    if (agentId != null) {
      json.put("agentId", agentId);
    }
    if (symbol != null) {
      json.put("symbol", symbol);
    }
    return json;
  }
}
