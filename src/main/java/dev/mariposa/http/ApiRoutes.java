package dev.mariposa.http;

import io.vertx.ext.web.Router;

/** A part of the HTTP API: mounts its routes on the HTTP verticle's router. */
public interface ApiRoutes {
  void mount(Router router);
}
