package dev.mariposa.market.book;

import java.util.Arrays;

/**
 * One side of an {@link OrderBook}: price levels in two parallel arrays, ordered from the worst
 * price to the best, so that the updates, which mostly land near the best, move few levels.
 * Prices compare as {@link Double#compare} does (the order a {@code TreeMap<Double, Double>} keeps).
 */
final class BookSide {
  private final boolean bids;
  private double[] prices = new double[64];
  private double[] quantities = new double[64];
  private int size;

  BookSide(boolean bids) {
    this.bids = bids;
  }

  int size() {
    return size;
  }

  /**
   * The side becomes {@code price, quantity} pairs (a snapshot's): as if set one by one on an
   * empty side. A REST snapshot lists its levels best first, each once: those are laid in directly.
   */
  void replace(double[] levels) {
    size = 0;
    int count = levels.length / 2;
    for (int i = 0; i < count; i++) {
      if (levels[2 * i + 1] == 0 || i > 0 && worseFirst(levels[2 * i], levels[2 * i - 2]) >= 0) {
        set(levels); // not best first, or a level removed: one by one
        return;
      }
    }
    if (prices.length < count) {
      prices = new double[count];
      quantities = new double[count];
    }
    for (int i = 0; i < count; i++) {
      prices[count - 1 - i] = levels[2 * i];
      quantities[count - 1 - i] = levels[2 * i + 1];
    }
    size = count;
  }

  /** The price {@code rank} levels away from the best (0: the best). */
  double price(int rank) {
    return prices[size - 1 - rank];
  }

  double quantity(int rank) {
    return quantities[size - 1 - rank];
  }

  /** Applies {@code price, quantity} pairs: a quantity replaces the level's, zero removes it. */
  void set(double[] levels) {
    for (int i = 0; i < levels.length; i += 2) {
      set(levels[i], levels[i + 1]);
    }
  }

  private void set(double price, double quantity) {
    int at = find(price);
    if (quantity == 0) {
      if (at >= 0) {
        System.arraycopy(prices, at + 1, prices, at, size - at - 1);
        System.arraycopy(quantities, at + 1, quantities, at, size - at - 1);
        size--;
      }
    } else if (at >= 0) {
      quantities[at] = quantity;
    } else {
      insert(-at - 1, price, quantity);
    }
  }

  private void insert(int at, double price, double quantity) {
    if (size == prices.length) {
      prices = Arrays.copyOf(prices, 2 * size);
      quantities = Arrays.copyOf(quantities, 2 * size);
    }
    System.arraycopy(prices, at, prices, at + 1, size - at);
    System.arraycopy(quantities, at, quantities, at + 1, size - at);
    prices[at] = price;
    quantities[at] = quantity;
    size++;
  }

  /** The index of {@code price}, or {@code -(where it would go) - 1}. */
  private int find(double price) {
    if (size > 0) { // most updates touch the best level or one better: decided without a search
      int c = worseFirst(prices[size - 1], price);
      if (c == 0) {
        return size - 1;
      }
      if (c < 0) {
        return -size - 1;
      }
    }
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = worseFirst(prices[mid], price);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -low - 1;
  }

  /** Negative when {@code a} is the worse price: a lower bid, a higher ask. */
  private int worseFirst(double a, double b) {
    return bids ? Double.compare(a, b) : Double.compare(b, a);
  }
}
