package dev.mariposa.market.swap;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The settled fundings of one swap, oldest first, one per funding time: what a backtest applies
 * at each funding time. Kept in a file in OKX's own shape, the answer of
 * {@code /api/v5/public/funding-rate-history} ({@code {"code":"0","msg":"","data":[rows, newest
 * first]}}, numbers as strings), so an answer saved as it came loads too; {@link #download} pages
 * that endpoint backwards to a start time.
 */
public final class FundingHistory {
  /** One page of history older than {@code after} (all the newest when empty), newest first, as OKX answers. */
  @FunctionalInterface
  public interface Pages {
    Future<List<FundingRow>> before(OptionalLong after);
  }

  private final String instId;
  private final List<FundingRow> rows;

  private FundingHistory(String instId, List<FundingRow> rows) {
    this.instId = instId;
    this.rows = rows;
  }

  /** {@code rows} in any order; a funding time given twice keeps its last row. */
  public static FundingHistory of(String instId, Collection<FundingRow> rows) {
    Objects.requireNonNull(instId, "instId");
    TreeMap<Long, FundingRow> byTime = new TreeMap<>();
    rows.forEach(r -> byTime.put(r.fundingTime(), r));
    return new FundingHistory(instId, List.copyOf(byTime.values()));
  }

  public String instId() {
    return instId;
  }

  /** Oldest first. */
  public List<FundingRow> rows() {
    return rows;
  }

  /** The fundings settled in {@code (fromExclusive, toInclusive]}: those a position held over that span pays. */
  public List<FundingRow> between(long fromExclusive, long toInclusive) {
    return rows.stream().filter(r -> r.fundingTime() > fromExclusive && r.fundingTime() <= toInclusive).toList();
  }

  public Optional<FundingRow> at(long fundingTime) {
    return rows.stream().filter(r -> r.fundingTime() == fundingTime).findFirst();
  }

  /** OKX's answer shape: code, msg and the rows newest first. */
  public JsonObject toJson() {
    JsonArray data = new JsonArray();
    for (int i = rows.size() - 1; i >= 0; i--) {
      data.add(rows.get(i).toRow(instId));
    }
    return new JsonObject().put("code", "0").put("msg", "").put("data", data);
  }

  /**
   * An answer of the history endpoint (or a file of {@link #toJson}); throws IllegalArgumentException
   * when it is an error answer, has no rows, mixes instruments or has a malformed row.
   */
  public static FundingHistory fromJson(JsonObject json) {
    String code = json.getValue("code") == null ? "" : json.getValue("code").toString();
    if (!code.equals("0")) {
      throw new IllegalArgumentException("not a funding history: code '" + code + "' " + json.getValue("msg", ""));
    }
    if (!(json.getValue("data") instanceof JsonArray data) || data.isEmpty()) {
      throw new IllegalArgumentException("a funding history without rows");
    }
    String instId = null;
    List<FundingRow> rows = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      if (!(data.getValue(i) instanceof JsonObject row)) {
        throw new IllegalArgumentException("funding history row " + i + " is not an object");
      }
      String id = OkxRows.text(row, "instId");
      if (instId == null) {
        instId = id;
      } else if (!instId.equals(id)) {
        throw new IllegalArgumentException("funding history mixes " + instId + " and " + id);
      }
      rows.add(FundingRow.fromRow(row));
    }
    return of(instId, rows);
  }

  /** Reads a file of OKX's shape (blocking: not on an event loop). */
  public static FundingHistory load(Path file) throws IOException {
    try {
      return fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes it in OKX's shape (blocking). */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson().encodePrettily(), StandardCharsets.UTF_8);
  }

  /**
   * The history back to {@code since} (rows settled at or after it), paging backwards from the
   * newest with each page's oldest time as the next {@code after}, until a page is empty or reaches
   * {@code since}. Fails when a page does not go back in time (a pager that would loop) or
   * after {@code maxPages} pages.
   */
  public static Future<FundingHistory> download(String instId, long since, int maxPages, Pages pages) {
    List<FundingRow> found = new ArrayList<>();
    return page(pages, OptionalLong.empty(), since, maxPages, found)
        .map(v -> of(instId, found.stream().filter(r -> r.fundingTime() >= since).toList()));
  }

  private static Future<Void> page(Pages pages, OptionalLong after, long since, int left, List<FundingRow> found) {
    if (left <= 0) {
      return Future.failedFuture(new IllegalStateException("funding history: still not back to " + since
          + " after the page limit"));
    }
    return pages.before(after).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      found.addAll(page);
      long oldest = page.stream().mapToLong(FundingRow::fundingTime).min().getAsLong();
      if (after.isPresent() && oldest >= after.getAsLong()) {
        return Future.failedFuture(new IllegalStateException("funding history: a page after " + after.getAsLong()
            + " did not go back in time (oldest " + oldest + ")"));
      }
      return oldest <= since ? Future.succeededFuture() : page(pages, OptionalLong.of(oldest), since, left - 1, found);
    });
  }
}
