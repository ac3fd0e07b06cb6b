package dev.mariposa.analysis;

/** One symbol at one bar interval: the unit of shared indicator work. */
record SeriesKey(String symbol, String interval) {
  @Override
  public String toString() {
    return symbol + "@" + interval;
  }
}
