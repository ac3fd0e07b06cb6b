package dev.mariposa.bench;

import io.vertx.core.Vertx;

/**
 * The floor for the market API benchmark: a bare Vert.x HTTP server answering every request with
 * a constant JSON ticker of the same size, on as many event loops as Mariposa's HTTP verticles.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/mariposa.jar dev.mariposa.bench.BareHandlerServer PORT [INSTANCES]}
 */
public final class BareHandlerServer {
  private static final String BODY = "{\"symbol\":\"BTCUSDT\",\"source\":\"synthetic\",\"exchangeTime\":1795657386487,"
      + "\"receivedAt\":1795657386487,\"bid\":63012.45,\"bidQty\":0.123456,\"ask\":63013.51,\"askQty\":0.234567,"
      + "\"last\":63013.51}";

  private BareHandlerServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Vertx vertx = Vertx.vertx();
    for (int i = 0; i < instances; i++) {
      vertx.createHttpServer().requestHandler(req -> req.response()
          .putHeader("Content-Type", "application/json").end(BODY)).listen(port).await();
    }
    System.out.println("bare handler listening on " + port);
  }
}
