package dev.mariposa.http;

import java.util.Locale;

/**
 * Every code the API answers in {@code {"error":{"code":...}}}, with its status and what it means.
 * The one list: {@link ApiError} and {@link ApiException} take nothing else, and README.md's
 * "Errors" table and openapi.yaml's Error schema are checked against it (ErrorCodesTest).
 */
public enum ErrorCode {
  BAD_REQUEST(400, "The request is not valid HTTP/1.1, or the router could not read it"),
  INVALID_PATH(400, "The path is not correctly percent-encoded, or climbs above the root (`/..%2f..`)"),
  INVALID_PARAMETER(400, "A path or query parameter breaks its rule; the message names it and the rule"),
  INVALID_REQUEST(400, "The JSON body breaks its schema in openapi.yaml; the message names the field"),
  INVALID_JSON(400, "The body is not a JSON object"),
  INVALID_AGENT(400, "The agent definition is invalid; `error.problems` lists every problem at once"),
  INVALID_SIGNAL(400, "The signal asked for is invalid: its action, a symbol the agent does not trade, its confidence"
      + " or its requestId"),
  INVALID_BACKTEST(400, "The backtest asked for cannot be run: its data, agents, period or options; `error.problems` lists every problem at once"),
  UNAUTHORIZED(401, "No bearer token, or not one of API_TOKENS (with `WWW-Authenticate: Bearer`)"),
  FORBIDDEN(403, "The request is not allowed"),
  SCOPE_REQUIRED(403, "The bearer token lacks the scope the action needs (API_TOKENS gives each token its scopes);"
      + " the message names the action and the token's scopes"),
  MUTATIONS_DISABLED(403, "The endpoint changes state and API_TOKENS is not set, so it is off"),
  ORIGIN_NOT_ALLOWED(403, "A browser request from a web origin that is neither the dashboard's nor in CORS_ORIGINS"),
  NOT_FOUND(404, "No resource at this path"),
  AGENT_NOT_FOUND(404, "No agent with this id"),
  ORDER_NOT_FOUND(404, "No order with this client order id"),
  JOB_NOT_FOUND(404, "No built-in job of this name"),
  BACKTEST_NOT_FOUND(404, "No backtest run with this id, or (its report) the run has no report: it did not finish"),
  SCHEMA_NOT_FOUND(404, "No event schema of this name"),
  UNKNOWN_SYMBOL(404, "The market venue does not list the symbol"),
  NO_MARKET_DATA(404, "The symbol is not fed here (its source does not serve it), or not yet"),
  NO_ANALYSIS(404, "The agent has no analysis yet"),
  NO_SIGNAL(404, "The agent has no signal in the last hour"),
  METHOD_NOT_ALLOWED(405, "The path has no operation for this method"),
  CONFLICT(409, "An agent with this id exists already"),
  VERSION_CONFLICT(409, "The agent changed since the version the request names (`version` in the body, or"
      + " If-Match); `error.currentVersion` and the ETag header give the current one"),
  MARKET_NOT_LIVE(409, "The agent's OKX account would trade real money while an instance of the cluster feeds"
      + " synthetic or replayed prices: real money trades only on live Binance prices"),
  BACKTEST_FINISHED(409, "The backtest run has ended already (done, failed or cancelled): there is nothing to cancel"),
  ORDER_NOT_RESTING(409, "The order cannot be cancelled here: it is settled already, or it is not a resting order"
      + " (market orders settle on their own)"),
  PAYLOAD_TOO_LARGE(413, "The body is larger than `http.bodyLimitBytes`"),
  URI_TOO_LONG(414, "The request line is longer than 4096 bytes; the connection closes"),
  UNSUPPORTED_MEDIA_TYPE(415, "The body is not JSON"),
  SYMBOL_NOT_SERVED(422, "No market source of this instance serves the symbol; `error.symbols` lists those it serves"),
  RATE_LIMITED(429, "Past the rate limit; retry after `Retry-After` seconds"),
  HEADERS_TOO_LARGE(431, "The headers are larger than 8 KB; the connection closes"),
  /** The router refused the request with a client status none of the above covers; the answer keeps it. */
  REQUEST_REFUSED(400, "Another refusal of the HTTP layer, with the 4xx status it chose"),
  INTERNAL_ERROR(500, "The server failed to handle the request (logged with its cause)"),
  UPSTREAM_UNAVAILABLE(502, "The market venue (named in the message) cannot be reached, did not answer in time, or"
      + " failed (5xx)"),
  UPSTREAM_REFUSED(502, "The market venue (named in the message) refused the request: rate limited or banned (with"
      + " `Retry-After`), or another 4xx"),
  REDIS_UNAVAILABLE(503, "Redis, which keeps what the endpoint reads or writes, is not answering"),
  MONGODB_UNAVAILABLE(503, "MongoDB, which stores what the endpoint reads or writes, is not answering"),
  RATE_LIMITER_UNAVAILABLE(503, "Redis, which keeps the shared rate limits, is not answering, and the policy refuses"
      + " without it"),
  ANALYSIS_TIMEOUT(504, "The analysis run for the request took longer than the model timeout");

  private final int status;
  private final String meaning;

  ErrorCode(int status, String meaning) {
    this.status = status;
    this.meaning = meaning;
  }

  /** The code as the answer spells it, e.g. {@code agent_not_found}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status it is answered with ({@link #REQUEST_REFUSED}: the router's own 4xx, else 400). */
  public int status() {
    return status;
  }

  /** The status as the README's table writes it: a number, or {@code 4xx} for {@link #REQUEST_REFUSED}. */
  public String statusText() {
    return this == REQUEST_REFUSED ? "4xx" : Integer.toString(status);
  }

  public String meaning() {
    return meaning;
  }

  @Override
  public String toString() {
    return code();
  }
}
