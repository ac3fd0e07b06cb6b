package dev.mariposa.kernel.port;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The fills: one document per execution, {@code <clOrdId>:<n>}, so writing one twice is harmless. */
public interface FillStorePort {
  /** Writes the fills of one order; each replaces its own id, so a repeat is harmless. */
  Future<Void> saveAll(List<JsonObject> fills);
}
