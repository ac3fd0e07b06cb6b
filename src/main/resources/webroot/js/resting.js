// Resting orders: limit and post-only entries live at the venue. The open ones come from
// GET /api/orders?open=true; trade.<agentId> events tell their fills as they come (order.resting,
// not settled) and their end (settled). Their placement and their reprices are no event: the page
// reads the list again now and then, and soon after one of its agents' signals is sent.

import { num, fmtQty } from './format.js';

const MAX_ENDED = 500;

export class RestingOrders {
  constructor() {
    this.orders = new Map(); // clOrdId -> order, as the API and the bus send it
    // Orders seen ending: a list read before they ended must not bring them back.
    this.ended = new Set();
  }

  get size() {
    return this.orders.size;
  }

  /** The open orders of GET /api/orders?open=true; true when anything shown changed. */
  replace(list) {
    const next = new Map();
    for (const o of list) {
      const id = idOf(o);
      if (id && o.resting === true && o.settled !== true && !this.ended.has(id)) next.set(id, o);
    }
    const changed = next.size !== this.orders.size ||
      [...next].some(([id, o]) => !this.orders.has(id) || signature(this.orders.get(id)) !== signature(o));
    this.orders = next;
    return changed;
  }

  /** The order of a trade event; true when anything shown changed. */
  apply(order) {
    const id = idOf(order);
    if (!id) return false;
    if (order.settled === true) {
      this.end(id);
      return this.orders.delete(id);
    }
    if (order.resting !== true || this.ended.has(id)) return false;
    const before = this.orders.get(id);
    const merged = { ...before, ...order };
    this.orders.set(id, merged);
    return !before || signature(before) !== signature(merged);
  }

  /** The open resting orders, newest first; of {@code symbol} only when given. */
  list(symbol) {
    const all = [...this.orders.values()].filter((o) => !symbol || o.symbol === symbol);
    return all.sort((a, b) => (num(b.createdAt) || 0) - (num(a.createdAt) || 0));
  }

  end(id) {
    this.ended.add(id);
    if (this.ended.size > MAX_ENDED) this.ended.delete(this.ended.values().next().value);
  }
}

export function idOf(order) {
  return order ? order.clOrdId || order.id || order._id : undefined;
}

/** What the panel and the chart's line show of an order; a change of it redraws them. */
function signature(o) {
  return [o.limitPrice, o.filledQuantity, o.status, o.reprices, o.restUntil, o.cancelRequested, o.quantity].join('|');
}

/** post-only, limit (the order's type in the words of an agent's execution). */
export function typeLabel(order) {
  const type = String(order.orderType || '').toLowerCase();
  return type === 'post_only' ? 'post-only' : type.replace('_', ' ') || 'limit';
}

/** What is still resting: the quantity less what filled. */
export function remaining(order) {
  const left = num(order.quantity) - (num(order.filledQuantity) || 0);
  return isFinite(left) ? Math.max(0, left) : NaN;
}

/** The chart's label of its price line, such as "BUY 0.01 post-only". */
export function lineTitle(order) {
  return `${order.side} ${shortQty(remaining(order))} ${typeLabel(order)}`;
}

/** A quantity in its own digits (0.01, not 0.01000), at most 8 significant. */
export function shortQty(value) {
  const n = num(value);
  return isFinite(n) ? String(parseFloat(n.toPrecision(8))) : fmtQty(value);
}
