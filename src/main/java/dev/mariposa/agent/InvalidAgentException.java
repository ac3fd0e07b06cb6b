package dev.mariposa.agent;

import java.util.List;

/** An agent definition that breaks a rule; {@link #problems()} names every field at fault. */
public final class InvalidAgentException extends RuntimeException {
  private final List<String> problems;

  public InvalidAgentException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
