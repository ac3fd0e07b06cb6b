// The SockJS event-bus bridge at /eventbus, through the official client (vertx-eventbus.js, on the
// global SockJS). The client wipes its handlers on every reconnect, so this keeps the wanted
// subscriptions itself and registers them all again in onopen.

/* global EventBus */

export class Bus {
  /**
   * @param url the bridge URL, e.g. '/eventbus'
   * @param listeners {onState(state, info), onOpen(first), onError(address, err)}
   */
  constructor(url, listeners) {
    this.url = url;
    this.listeners = listeners;
    this.wanted = new Map(); // address -> handler(body, message)
    this.registered = new Map(); // address -> the callback given to the client on this socket
    this.eb = null;
    this.state = 'connecting';
    this.opens = 0;
    this.received = 0;
    this.closedAt = 0;
  }

  start() {
    if (typeof EventBus === 'undefined' || typeof SockJS === 'undefined') {
      this.setState('failed', 'the event-bus client did not load');
      return;
    }
    const eb = new EventBus(this.url, {
      vertxbus_ping_interval: 5000,
      vertxbus_reconnect_delay_min: 500,
      vertxbus_reconnect_delay_max: 5000,
    });
    eb.enableReconnect(true);
    eb.onopen = () => {
      this.opens++;
      this.registered.clear();
      // Handlers are gone after a reconnect: register everything wanted again.
      for (const [address, handler] of this.wanted) this.register(address, handler);
      this.setState('connected');
      this.listeners.onOpen?.(this.opens === 1);
    };
    eb.onclose = () => {
      this.closedAt = this.closedAt || Date.now();
      this.setState('reconnecting');
    };
    eb.onerror = (err) => this.listeners.onError?.(null, err);
    this.eb = eb;
  }

  setState(state, info) {
    if (state === 'connected') this.closedAt = 0;
    this.state = state;
    this.listeners.onState?.(state, info);
  }

  get open() {
    return this.eb && this.eb.state === EventBus.OPEN;
  }

  /** Wants {@code address}: registered now if open, and again after every reconnect. */
  subscribe(address, handler) {
    if (this.wanted.has(address)) return;
    this.wanted.set(address, handler);
    if (this.open) this.register(address, handler);
  }

  unsubscribe(address) {
    const handler = this.wanted.get(address);
    if (!handler) return;
    this.wanted.delete(address);
    const wrapped = this.registered.get(address);
    this.registered.delete(address);
    if (this.open && wrapped) {
      try {
        this.eb.unregisterHandler(address, wrapped);
      } catch (e) {
        // closing: the handlers are dropped anyway
      }
    }
  }

  register(address, handler) {
    const wrapped = (err, message) => {
      if (err) {
        this.listeners.onError?.(address, err);
        return;
      }
      this.received++;
      handler(message.body, message);
    };
    this.registered.set(address, wrapped);
    try {
      this.eb.registerHandler(address, wrapped);
    } catch (e) {
      // The socket closed meanwhile: onopen registers it again.
    }
  }
}
