package dev.mariposa.analysis.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.RandomAccess;

/**
 * The reasons a model or an ensemble gives, each formatted only when read: a year of bars in a
 * backtest asks for a million of them and reads the few behind its orders, while formatting one
 * costs more than the decision it explains. Appended to while the decision is made, never after;
 * reading it formats the same text every time (nothing is cached, so sharing it is safe).
 */
public final class Reasons extends AbstractList<String> implements RandomAccess {
  private final List<Object> items = new ArrayList<>(8);

  private record Pending(String pattern, Object[] args) {
    String text() {
      return String.format(Locale.ROOT, pattern, args);
    }
  }

  /** Appends a reason as it is. */
  public Reasons text(String reason) {
    items.add(reason);
    return this;
  }

  /** Appends a reason to be formatted as {@code String.format(Locale.ROOT, pattern, args)} when read. */
  public Reasons format(String pattern, Object... args) {
    items.add(args.length == 0 ? pattern : new Pending(pattern, args));
    return this;
  }

  @Override
  public String get(int index) {
    Object item = items.get(index);
    return item instanceof Pending pending ? pending.text() : (String) item;
  }

  @Override
  public int size() {
    return items.size();
  }
}
