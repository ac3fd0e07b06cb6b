package dev.mariposa.exchange.okx;

import dev.mariposa.exchange.AmendResult;
import dev.mariposa.exchange.CancelResult;
import dev.mariposa.exchange.PlaceResult.Outcome;
import java.util.Map;
import java.util.Optional;

/**
 * The OKX v5 error codes this adapter gives a meaning to: what each means for a placement, and
 * whether it tells of an unhealthy OKX (which counts against the circuit breaker, where a bad
 * parameter or a bad key does not). A code not listed here is a final rejection.
 */
final class OkxCodes {
  /** Every answer's success code, at the top level and per order (sCode). */
  static final String OK = "0";
  /** Rate limited; an HTTP 429 counts as this code too. */
  static final String RATE_LIMITED = "50011";
  /** A lookup's "order does not exist". */
  static final String ORDER_NOT_FOUND = "51603";
  /**
   * A cancel's "Order cancellation failed as the order has been filled, canceled or does not
   * exist" (OKX v5 error code table, 2026): on spot one code for three cases, which only a lookup
   * tells apart. 51401/51402 split them, but OKX documents those for Nitro Spread only today.
   */
  static final String CANCEL_FAILED = "51400";

  /**
   * What a placement answered with a code means, whether the code tells of an unhealthy OKX, and
   * what OKX says, as the words after "OKX" in a message.
   */
  record Meaning(Outcome placement, boolean unhealthy, String says) {}

  private static final Map<String, Meaning> TABLE = Map.of(
      // Refused before anything was created: place again later with the same clOrdId.
      RATE_LIMITED, new Meaning(Outcome.NOT_PLACED, false, "rate limit"),
      "50013", new Meaning(Outcome.NOT_PLACED, true, "is busy"),
      // OKX does not promise that a write answered so was not processed: reconcile by clOrdId.
      "50001", new Meaning(Outcome.UNKNOWN, true, "is temporarily unavailable"),
      "50004", new Meaning(Outcome.UNKNOWN, true, "timed out at the endpoint"),
      "51149", new Meaning(Outcome.UNKNOWN, true, "timed out placing the order"),
      "51016", new Meaning(Outcome.DUPLICATE, false, "already has an order with this clOrdId"));

  private static final Meaning REJECTED = new Meaning(Outcome.REJECTED, false, "rejected the order");

  /** What a cancel answered with a code means, and what OKX says (the words after "OKX"). */
  record CancelMeaning(CancelResult.Outcome outcome, String says) {}

  /**
   * The cancel codes with a meaning for the order (OKX v5 error code table). A code not listed is
   * a refusal that says nothing of the order (51000 parameter, 51001 instrument, 51403 type that
   * cannot be cancelled ...): the cancel fails, as does a config error or a rate limit.
   */
  private static final Map<String, CancelMeaning> CANCEL = Map.of(
      // Resolved by a lookup: filled, cancelled or unknown (see CANCEL_FAILED).
      CANCEL_FAILED, new CancelMeaning(CancelResult.Outcome.NOT_FOUND, "has no open order with this clOrdId"),
      "51401", new CancelMeaning(CancelResult.Outcome.ALREADY_FINAL, "says the order is already canceled"),
      "51402", new CancelMeaning(CancelResult.Outcome.ALREADY_FINAL, "says the order is already completed"),
      // "already in canceling status or pending settlement": not final yet.
      "51410", new CancelMeaning(CancelResult.Outcome.UNKNOWN, "is already cancelling the order"),
      // "Cancellation timed out, please try again later".
      "51412", new CancelMeaning(CancelResult.Outcome.UNKNOWN, "timed out cancelling the order"),
      // As for a placement, OKX does not promise that a write answered so was not processed.
      "50001", new CancelMeaning(CancelResult.Outcome.UNKNOWN, "is temporarily unavailable"),
      "50004", new CancelMeaning(CancelResult.Outcome.UNKNOWN, "timed out at the endpoint"));

  /**
   * An amend's "Your order has already been filled or canceled" (OKX v5 error code table, 2026).
   * The table gives "the order does not exist" for Nitro Spread only and says nothing of amending
   * an unknown spot order: as with a cancel's 51400, a lookup tells the cases apart.
   */
  static final String AMEND_FAILED = "51503";

  /** What an amend answered with a code means for the order, and what OKX says (the words after "OKX"). */
  record AmendMeaning(AmendResult.Outcome outcome, String says) {}

  /**
   * The amend codes with a meaning of their own (OKX v5 error code table). NOT_FOUND is
   * provisional: the adapter settles it with a lookup. Rate limits (50011, 50013) and 51513 (more
   * than 3 amends of the order in progress) did nothing: the amend fails, to be sent again later.
   * Any other refusal (51000 parameter, 51511 post-only price that would take, 51502 balance,
   * 51506 order type ...) is REJECTED with OKX's code and words.
   */
  private static final Map<String, AmendMeaning> AMEND = Map.of(
      AMEND_FAILED, new AmendMeaning(AmendResult.Outcome.NOT_FOUND, "says the order is filled, canceled or unknown"),
      // Not documented for an amend; were OKX to answer it, the lookup says what is so.
      ORDER_NOT_FOUND, new AmendMeaning(AmendResult.Outcome.NOT_FOUND, "does not know the order"),
      // The table gives these two for Nitro Spread only.
      "51509", new AmendMeaning(AmendResult.Outcome.ALREADY_FINAL, "says the order is already canceled"),
      "51510", new AmendMeaning(AmendResult.Outcome.ALREADY_FINAL, "says the order is already completed"),
      "50001", new AmendMeaning(AmendResult.Outcome.UNKNOWN, "is temporarily unavailable"),
      "50004", new AmendMeaning(AmendResult.Outcome.UNKNOWN, "timed out at the endpoint"));

  /** "Number of modification requests that are currently in progress for an order cannot exceed 3 times." */
  static final String AMENDS_IN_PROGRESS = "51513";

  /** A placement's "Parameter {param0} error": with posSide named, the order disagrees with the account's position mode. */
  static final String PARAMETER_ERROR = "51000";

  /**
   * The refusals of a swap order or of its set-leverage, in plain words (what a final REJECTED
   * result says before OKX's own message). Codes and their meanings from OKX's v5 error code table
   * (REST API: Trade class 51xxx and Account class 59xxx, docs-v5 #error-code-rest-api, as of
   * 2026-06); 51008 and 51000 posSide as recorded in ../shared/data/okx/swap
   * error_responses_samples.json; 51169's words also as OKX sent them in an answer quoted in a
   * public trading bot. ccxt's okx exceptions map (js/src/okx.js) lists 51004, 51008, 51112, 51119,
   * 51127, 51131, 51205 and 59102 but not 51169 or 51170, and an older ccxt map words 51148 "ReduceOnly
   * cannot increase the position quantity" where OKX's table now speaks of an opposite direction:
   * the table of OKX is the source here, 51148 read as either. OKX may add a sub-code after
   * an underscore (51008_1001 "Insufficient {ccy} margin"): {@link #swapRejection} reads the code
   * before it.
   */
  private static final Map<String, String> SWAP_REJECTIONS = Map.ofEntries(
      Map.entry("51008", "insufficient margin: the account's available balance does not cover this order's margin"),
      Map.entry("51119", "insufficient balance for this order's margin"),
      Map.entry("51127", "no available balance for margin"),
      Map.entry("51131", "insufficient balance for this order's margin"),
      // "the sum of current order size, position ... can't be more than {n} (contracts) which is the
      // maximum position amount under current leverage. Please lower the leverage"
      Map.entry("51004", "leverage too high for this position size: the position would exceed the largest OKX allows "
          + "at this leverage (its position tier); lower the leverage or the size"),
      Map.entry("51186", "leverage above the platform's limit for this instrument and margin mode"),
      Map.entry("59102", "leverage above the maximum OKX allows"),
      Map.entry("51169", "reduce-only violation: there is no position in this direction to reduce or close"),
      Map.entry("51170", "reduce-only violation: a reduce-only order cannot trade in the direction of the position "
          + "(it would add to it)"),
      Map.entry("51148", "reduce-only violation: the order would do more than reduce the position (add to it, or "
          + "open the opposite side)"),
      Map.entry("51112", "reduce-only violation: the close is larger than the position available to close"),
      Map.entry("51205", "reduce-only is not available for this order"));

  /** The plain reason of a swap refusal with this code (a sub-code after "_" ignored), if it has one. */
  static Optional<String> swapRejection(String code) {
    if (code == null) {
      return Optional.empty();
    }
    int sub = code.indexOf('_');
    return Optional.ofNullable(SWAP_REJECTIONS.get(sub > 0 ? code.substring(0, sub) : code));
  }

  /** Whether a refusal says the order's posSide disagrees with the account's position mode (51000 naming posSide). */
  static boolean positionModeMismatch(String code, String message) {
    return PARAMETER_ERROR.equals(code) && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("posside");
  }

  private OkxCodes() {}

  /** The meaning of a non-zero code; REJECTED for every code not in the table. */
  static Meaning meaning(String code) {
    return code == null ? REJECTED : TABLE.getOrDefault(code, REJECTED);
  }

  /** What a cancel answered with this non-zero code means for the order; empty for a refusal that says nothing of it. */
  static Optional<CancelMeaning> cancelMeaning(String code) {
    return Optional.ofNullable(code == null ? null : CANCEL.get(code));
  }

  /** What an amend answered with this non-zero code means for the order; empty for a refusal of the amend. */
  static Optional<AmendMeaning> amendMeaning(String code) {
    return Optional.ofNullable(code == null ? null : AMEND.get(code));
  }

  /** Whether an answer with this code (or an HTTP status of 500 and above) tells of an unhealthy OKX. */
  static boolean unhealthy(int status, String code) {
    return status >= 500 || meaning(code).unhealthy();
  }

  /** The 501xx family is authentication: nothing a retry fixes, a configuration to correct. */
  static boolean isConfigError(String code) {
    return code != null && code.length() == 5 && code.startsWith("501");
  }

  /** A configuration error's message, naming what to check (and never a credential). */
  static String configError(String code, String okxMessage) {
    String why = switch (code) {
      case "50101" -> "the API key does not match the environment (demo keys need OKX_SIMULATED, live keys must not)";
      case "50102" -> "the request timestamp expired (check this host's clock)";
      case "50111" -> "invalid API key";
      case "50113" -> "invalid signature (check the API secret)";
      case "50105" -> "wrong passphrase";
      default -> "authentication failed";
    };
    return "OKX configuration error " + code + ": " + why + (okxMessage.isEmpty() ? "" : " (" + okxMessage + ")");
  }
}
