/**
 * The kernel's ports: what its engines need from the world, as interfaces answering with
 * {@link io.vertx.core.Future}, so one engine runs on both kinds of adapter (the live ones answer
 * asynchronously from Redis and MongoDB, the in-memory ones with completed futures). A
 * sub-package of the kernel rather than a top-level one: the kernel owns its ports and the
 * adapters depend on them (the signal role's Redis classes implement them), never the other way.
 */
package dev.mariposa.kernel.port;
