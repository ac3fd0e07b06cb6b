package dev.mariposa.backtest.runs;

import java.util.List;

/** A run request that cannot be run: every problem found, each a sentence naming the field. */
public final class InvalidRequest extends Exception {
  private final List<String> problems;

  public InvalidRequest(String problem) {
    this(List.of(problem));
  }

  public InvalidRequest(List<String> problems) {
    super(String.join("; ", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
