/**
 * Role session: browser sessions and their subscriptions in Redis.
 *
 * <p>Every instance with the http role records its own SockJS sockets ({@link
 * dev.mariposa.session.SessionRecorder}); the session role ({@link
 * dev.mariposa.session.SessionVerticle}) removes what dead instances left behind and turns what
 * browsers listen to into market demand. {@link dev.mariposa.session.SessionStore} reads it all.
 */
package dev.mariposa.session;
