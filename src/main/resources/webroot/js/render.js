// DOM rendering of the dashboard's panels from the state kept by app.js. Every function is called
// at most once per animation frame, and only for the panels whose data changed.

import { h, setText, fmtPrice, fmtQty, fmtFixed, fmtPct, fmtTime, fmtAge, sign, agentColor, priceDecimals, num } from './format.js';
import { idOf, typeLabel, shortQty } from './resting.js';
import { allows } from './auth.js';

const BOOK_LEVELS = 10;

// ---- Tickers -------------------------------------------------------------------------------

const tickerRows = new Map(); // symbol -> {tr, cells}

export function tickers(tbody, state, onSelect) {
  const symbols = state.symbols;
  if (tickerRows.size !== symbols.length || symbols.some((s) => !tickerRows.has(s))) {
    tickerRows.clear();
    tbody.replaceChildren(...symbols.map((symbol) => {
      const name = h('button', { type: 'button', 'aria-label': 'Chart ' + symbol, onclick: () => onSelect(symbol) }, symbol);
      const src = h('span', { class: 'src' });
      const cells = {
        price: h('td', { class: 'num', dataset: { field: 'price' } }, '—'),
        change: h('td', { class: 'num', dataset: { field: 'change' } }, '—'),
        bid: h('span', { class: 'sub bid', dataset: { field: 'bid' } }, '—'),
        ask: h('span', { class: 'sub ask', dataset: { field: 'ask' } }, '—'),
        src,
      };
      const tr = h('tr', { dataset: { symbol }, onclick: () => onSelect(symbol) },
        h('td', { dataset: { field: 'symbol' } }, name, src), cells.price, cells.change,
        h('td', { class: 'num', dataset: { field: 'quote' } }, cells.bid, cells.ask));
      tickerRows.set(symbol, { tr, cells });
      return tr;
    }));
    if (!symbols.length) tbody.replaceChildren(emptyRow(4, 'no symbols: no agents yet'));
  }
  const now = Date.now();
  for (const symbol of symbols) {
    const row = tickerRows.get(symbol);
    const t = state.tickers.get(symbol);
    if (symbol === state.selected) row.tr.setAttribute('aria-current', 'true');
    else row.tr.removeAttribute('aria-current');
    if (!t) continue;
    const d = priceDecimals(t.price);
    setText(row.cells.price, fmtPrice(t.price, d));
    row.cells.price.dataset.dir = t.dir || 'flat';
    row.cells.price.dataset.value = String(t.price);
    const change = isFinite(t.ref) && t.ref ? ((t.price - t.ref) / t.ref) * 100 : NaN;
    setText(row.cells.change, fmtPct(change));
    row.cells.change.dataset.dir = sign(change);
    row.cells.change.title = t.refLabel ? 'since ' + t.refLabel : '';
    setText(row.cells.bid, fmtPrice(t.bid, d));
    setText(row.cells.ask, fmtPrice(t.ask, d));
    const age = now - (t.receivedAt || 0);
    setText(row.cells.src, (t.from === 'kline' ? 'bar close · ' : '') + (t.source || '') + (t.stale || age > 10000 ? ' · stale' : ''));
  }
}

// ---- Order book ------------------------------------------------------------------------------

let bookRows = null;

export function book(container, asksEl, bidsEl, spreadEl, book) {
  if (!bookRows) {
    const row = () => {
      const spans = [h('span'), h('span'), h('span')];
      const el = h('div', { class: 'book-row' }, ...spans);
      return { el, spans };
    };
    bookRows = { asks: Array.from({ length: BOOK_LEVELS }, row), bids: Array.from({ length: BOOK_LEVELS }, row) };
    asksEl.replaceChildren(...bookRows.asks.map((r) => r.el));
    bidsEl.replaceChildren(...bookRows.bids.map((r) => r.el));
  }
  const asks = (book && book.asks ? book.asks : []).slice(0, BOOK_LEVELS);
  const bids = (book && book.bids ? book.bids : []).slice(0, BOOK_LEVELS);
  container.dataset.symbol = book ? book.symbol : '';
  container.dataset.levels = String(asks.length + bids.length);
  const ref = num((bids[0] || asks[0] || [])[0]);
  const d = priceDecimals(ref);
  const cum = (levels) => {
    let total = 0;
    return levels.map(([p, q]) => {
      total += num(q);
      return [num(p), num(q), total];
    });
  };
  const a = cum(asks);
  const b = cum(bids);
  const max = Math.max(a.length ? a[a.length - 1][2] : 0, b.length ? b[b.length - 1][2] : 0) || 1;
  // Asks: best at the bottom, next to the spread.
  bookRows.asks.forEach((r, i) => fillRow(r, a[BOOK_LEVELS - 1 - i], max, d));
  bookRows.bids.forEach((r, i) => fillRow(r, b[i], max, d));
  if (a.length && b.length) {
    const spread = a[0][0] - b[0][0];
    const mid = (a[0][0] + b[0][0]) / 2;
    spreadEl.replaceChildren(h('b', null, fmtPrice(mid, d)), '  spread ', fmtPrice(spread, d),
      ' (' + fmtFixed((spread / mid) * 10000, 1) + ' bp)');
  } else {
    spreadEl.textContent = book ? 'one side empty' : 'no book for this symbol';
  }
}

function fillRow(r, level, max, d) {
  if (!level) {
    r.spans.forEach((s) => setText(s, ''));
    r.el.style.setProperty('--depth', '0%');
    return;
  }
  setText(r.spans[0], fmtPrice(level[0], d));
  setText(r.spans[1], fmtQty(level[1]));
  setText(r.spans[2], fmtQty(level[2]));
  r.el.style.setProperty('--depth', ((level[2] / max) * 100).toFixed(1) + '%');
}

// ---- Signals ---------------------------------------------------------------------------------

export function signals(list, countEl, state) {
  const items = [...state.signals.values()].sort((x, y) => (y.createdAt || 0) - (x.createdAt || 0));
  const seen = state.renderedSignals || (state.renderedSignals = new Set());
  list.replaceChildren(...items.map((s) => {
    const isNew = !seen.has(s.id + '|' + s.status);
    const li = h('li', {
      class: isNew && state.signalsPrimed ? 'new' : '',
      dataset: { signalId: s.id, agentId: s.agentId, symbol: s.symbol, action: s.action, status: s.status, source: s.source },
    },
    h('span', { class: 'when' }, fmtTime(s.createdAt)),
    h('span', { class: 'what' }, agentDot(s.agentId), s.agentId, ' ',
      h('span', { class: 'action-' + s.action }, s.action), ' ', s.symbol,
      h('span', { class: 'muted' }, ' ' + fmtFixed(s.confidence, 2))),
    h('span', { class: 'status', dataset: { status: s.status } }, s.status),
    h('span', { class: 'why', title: explain(s) }, explain(s)));
    return li;
  }));
  seen.clear();
  items.forEach((s) => seen.add(s.id + '|' + s.status));
  state.signalsPrimed = true;
  if (!items.length) list.replaceChildren(h('li', { class: 'muted' }, 'no signals yet'));
  setText(countEl, items.length ? '(' + items.length + ')' : '');
}

function explain(s) {
  const parts = [];
  parts.push(s.source || '');
  if (num(s.referencePrice) > 0) parts.push('@ ' + fmtPrice(s.referencePrice));
  if (s.check && s.check !== 'approved') parts.push(s.check + ':');
  if (s.reason) parts.push(s.reason);
  else if (Array.isArray(s.reasons) && s.reasons.length) parts.push(s.reasons.join('; '));
  return parts.filter(Boolean).join(' ');
}

// ---- Trades ----------------------------------------------------------------------------------

export function trades(tbody, state) {
  const rows = [...state.trades.values()].sort((x, y) => (y.at || 0) - (x.at || 0));
  if (!rows.length) {
    tbody.replaceChildren(emptyRow(9, 'no trades yet'));
    return;
  }
  tbody.replaceChildren(...rows.map((t) => h('tr', {
    dataset: { tradeId: t.id, clordid: t.clOrdId, agentId: t.agentId, symbol: t.symbol, side: t.side, liquidity: t.liquidity },
  },
  h('td', { class: 'num' }, fmtTime(t.at)),
  h('td', null, agentDot(t.agentId), t.agentId),
  h('td', { class: 'side-' + t.side }, t.side),
  h('td', null, t.symbol),
  h('td', { class: 'num' }, fmtQty(t.quantity)),
  h('td', { class: 'num' }, fmtPrice(t.price)),
  h('td', { class: 'num' }, fmtFixed(t.fee, 4)),
  liquidityCell(t.liquidity),
  h('td', null, t.exchange || ''))));
}

const LIQUIDITY = {
  maker: ['M', 'maker: the order rested and was hit'],
  taker: ['T', 'taker: the order took from the book'],
};

/** M or T; nothing when the venue did not say. */
function liquidityCell(liquidity) {
  const known = LIQUIDITY[liquidity];
  return h('td', { class: 'liq', dataset: { field: 'liquidity' }, title: known ? known[1] : 'not known' }, known ? known[0] : '');
}

// ---- Resting orders --------------------------------------------------------------------------

// Rows by client order id: rebuilt when the set of orders changes, else their cells rewritten in
// place (the time left changes every second).
const restingRows = new Map(); // clOrdId -> {tr, cells}

/**
 * {@code orders}: the open resting orders to list, newest first; {@code clock(symbol)}: the time
 * their restUntil is measured in (a replay's own time); {@code scope}: the symbol shown, or null.
 */
export function resting(tbody, countEl, orders, clock, scope) {
  if (!orders.length) {
    restingRows.clear();
    const text = scope ? 'no resting orders in ' + scope : 'no resting orders';
    if (tbody.textContent !== text) tbody.replaceChildren(emptyRow(9, text));
    setText(countEl, '');
    return;
  }
  const ids = orders.map(idOf);
  const same = ids.length === tbody.rows.length && ids.every((id, i) => restingRows.has(id) && tbody.rows[i] === restingRows.get(id).tr);
  if (!same) {
    restingRows.clear();
    tbody.replaceChildren(...orders.map((o) => {
      const cells = {
        qty: h('td', { class: 'num', dataset: { field: 'quantity' } }),
        type: h('td', { dataset: { field: 'type' } }),
        price: h('td', { class: 'num', dataset: { field: 'limitPrice' } }),
        filled: h('td', { class: 'num', dataset: { field: 'filled' } }),
        left: h('td', { class: 'num', dataset: { field: 'left' } }),
        cancel: h('button', { type: 'button', class: 'act', dataset: { action: 'cancel', needsScope: 'trade' } }, 'Cancel'),
      };
      const tr = h('tr', { dataset: { clordid: idOf(o), agentId: o.agentId, symbol: o.symbol, side: o.side } },
        h('td', { title: o.agentId }, agentDot(o.agentId), o.agentId),
        h('td', { class: 'side-' + o.side }, o.side),
        h('td', null, o.symbol),
        cells.qty, cells.type, cells.price, cells.filled, cells.left, h('td', null, cells.cancel));
      restingRows.set(idOf(o), { tr, cells });
      return tr;
    }));
  }
  for (const o of orders) {
    const { tr, cells } = restingRows.get(idOf(o));
    tr.dataset.status = o.status || '';
    tr.dataset.limitPrice = String(num(o.limitPrice));
    setText(cells.qty, shortQty(o.quantity));
    setText(cells.type, typeLabel(o) + (o.cancelRequested ? ' · cancelling' : ''));
    setText(cells.price, fmtPrice(o.limitPrice));
    setText(cells.filled, num(o.filledQuantity) > 0 ? shortQty(o.filledQuantity) : '0');
    cells.filled.title = num(o.filledQuantity) > 0 ? 'at ' + fmtPrice(o.averagePrice) + ' on average' : 'nothing filled yet';
    const left = timeLeft(o, clock(o.symbol));
    setText(cells.left, left.text);
    cells.left.title = left.title;
    cells.cancel.disabled = !allows('trade') || o.cancelRequested === true;
    cells.cancel.title = allows('trade') ? (o.cancelRequested ? 'cancel requested' : 'Cancel this order at the venue')
      : 'needs a token with the "trade" scope';
  }
  setText(countEl, orders.length ? '(' + orders.length + ')' : '');
}

/** "42 s · 1/3": time left at this price, and reprices so far of the most its plan allows. */
function timeLeft(o, now) {
  const plan = o.plan || {};
  const reprices = o.reprices ?? 0;
  const of = plan.maxReprices === undefined ? '' : reprices + '/' + plan.maxReprices;
  const until = num(o.restUntil);
  // Without a plan an order rests until the venue ends it (restUntil is then the largest long).
  if (!isFinite(until) || until > 4e15) return { text: 'until it ends', title: 'rests until it fills, is cancelled or trading halts' };
  const left = until - now;
  const text = (left > 0 ? fmtAge(left) : 'due') + (of ? ' · ' + of : '');
  const then = plan.maxReprices !== undefined && reprices >= plan.maxReprices
    ? (plan.onExpiry === 'cross' ? 'then crossed' : 'then cancelled') : 'then repriced';
  return { text, title: 'at this price until ' + fmtTime(until) + ', ' + then + ' (repriced ' + reprices + ' times so far)' };
}

// ---- Leaderboard -----------------------------------------------------------------------------

export function leaderboard(tbody, state) {
  const rows = state.leaderboard || [];
  if (!rows.length) {
    tbody.replaceChildren(emptyRow(6, 'no agents ranked yet'));
    return;
  }
  tbody.replaceChildren(...rows.map((r) => h('tr', { dataset: { agentId: r.agentId, rank: r.rank } },
    h('td', { class: 'num' }, r.rank),
    h('td', { title: r.agentId }, agentDot(r.agentId), r.name || r.agentId),
    h('td', { class: 'num ' + sign(r.returnPct), dataset: { field: 'return' }, title: 'equity ' + fmtFixed(r.equity, 2) },
      fmtPct(r.returnPct, 3)),
    h('td', { class: 'num', dataset: { field: 'roundTrips' } }, r.roundTrips ?? '—'),
    h('td', { class: 'num', dataset: { field: 'winRate' } }, fmtPct(r.winRatePct, 0, false)),
    h('td', { class: 'num', dataset: { field: 'maxDrawdown' } }, fmtPct(r.maxDrawdownPct, 2, false)))));
}

// ---- Agents ----------------------------------------------------------------------------------

const agentRows = new Map(); // agent id -> {tr, cells, key}

/**
 * The agents and their live figures. Rows are built when the agents change and their figures
 * written in place: a hundred agents' figures arriving every 2 s cost text writes, not rows.
 */
export function agents(tbody, state) {
  const list = [...state.agents.values()];
  if (!list.length) {
    agentRows.clear();
    tbody.replaceChildren(emptyRow(10, state.agentsError || 'no agents'));
    return;
  }
  if (agentRows.size !== list.length || list.some((a) => !agentRows.has(a.id) || agentRows.get(a.id).key !== agentKey(a))) {
    agentRows.clear();
    tbody.replaceChildren(...list.map((a) => {
      const models = (a.models || []).map((m) => (m.weight && m.weight !== 1 ? m.name + '×' + m.weight : m.name)).join(', ');
      const cell = (field) => h('td', { class: 'num', dataset: { field } });
      const cells = { equity: cell('equity'), return: cell('return'), realized: cell('realized'), unrealized: cell('unrealized'),
        fills: cell('fills'), winRate: cell('winRate'), maxDrawdown: cell('maxDrawdown') };
      const tr = h('tr', { dataset: { agentId: a.id, enabled: String(a.enabled !== false) } },
        h('td', { title: a.id }, agentDot(a.id), h('strong', null, a.name || a.id), ' ', h('span', { class: 'muted' }, a.id),
          a.enabled === false ? h('span', { class: 'muted' }, ' (disabled)') : null),
        h('td', null, (a.symbols || []).join(', '), h('span', { class: 'muted' }, ' ' + (a.interval || ''))),
        h('td', { class: 'muted' }, models),
        cells.equity, cells.return, cells.realized, cells.unrealized, cells.fills, cells.winRate, cells.maxDrawdown);
      agentRows.set(a.id, { tr, cells, key: agentKey(a) });
      return tr;
    }));
  }
  for (const a of list) {
    const { cells } = agentRows.get(a.id);
    const p = state.perf.get(a.id) || {};
    setText(cells.equity, fmtFixed(p.equity, 2));
    setSigned(cells.return, fmtPct(p.returnPct, 3), p.returnPct);
    setSigned(cells.realized, fmtFixed(p.realized, 2), p.realized);
    setSigned(cells.unrealized, fmtFixed(p.unrealized, 2), p.unrealized);
    setText(cells.fills, String(p.fills ?? '—'));
    setText(cells.winRate, fmtPct(p.winRatePct, 0, false));
    setText(cells.maxDrawdown, fmtPct(p.maxDrawdownPct, 2, false));
  }
}

/** What an agent's row shows of the agent itself: a change of it rebuilds the rows. */
function agentKey(a) {
  return JSON.stringify([a.name, a.enabled, a.symbols, a.interval, a.models]);
}

function setSigned(td, text, value) {
  setText(td, text);
  const cls = 'num ' + sign(value);
  if (td.className !== cls) td.className = cls;
}

// ---- Cluster, system, events -----------------------------------------------------------------

export function cluster(tbody, state) {
  const c = state.cluster;
  if (!c) {
    tbody.replaceChildren(emptyRow(3, state.clusterError || 'loading…'));
    return;
  }
  const now = Date.now();
  tbody.replaceChildren(...(c.instances || []).map((i) => h('tr', { dataset: { instanceId: i.id } },
    h('td', { title: (i.http || '') + ' pid ' + (i.pid ?? '?') + ' v' + (i.version || '?') },
      i.id, i.id === c.self ? h('span', { class: 'muted' }, ' (this)') : null),
    h('td', { class: 'muted' }, (i.roles || []).join(', ')),
    h('td', { class: 'num' }, i.startedAt ? fmtAge(now - Date.parse(i.startedAt)) : '—'))));
}

export function system(el, state) {
  const s = state.system;
  const rows = [];
  const add = (k, v, title) => rows.push(h('span', { class: 'k', title }, k), h('span', { class: 'v' }, v));
  if (s) {
    const r = s.ratesPerSecond || {};
    add('instances', String(s.instances ?? '—'));
    add('signals / orders per s', fmtFixed(r.signals, 1) + ' / ' + fmtFixed(r.orders, 1));
    add('bus out / in per s', fmtFixed(r.bridgedOut, 0) + ' / ' + fmtFixed(r.bridgedIn, 0), 'events to and from Redis pub/sub');
    add('analyses per s', fmtFixed(r.analyses, 1));
    const q = s.queues || {};
    add('queues: signals / trades', (q.signalsPending ?? '—') + ' / ' + (q.tradesPending ?? '—') +
      (q.tradesDeadLettered ? ' (' + q.tradesDeadLettered + ' dead)' : ''));
    const redisHit = s.cache && s.cache.redis ? s.cache.redis.hitRatio : null;
    add('cache hit (redis)', redisHit == null ? '—' : fmtPct(redisHit * 100, 1, false));
    add('order placement p99', s.maxOrderPlacementP99Ms == null ? '—' : fmtFixed(s.maxOrderPlacementP99Ms, 1) + ' ms');
    add('event-loop lag (max)', (s.maxEventLoopLagMs ?? '—') + ' ms');
    add('heap', (s.heapUsedMb ?? '—') + ' / ' + (s.heapMaxMb ?? '—') + ' MB');
  } else {
    add('system', state.systemError || 'loading…');
  }
  add('tick → browser (median)', state.tickAgeMs == null ? '—' : fmtFixed(state.tickAgeMs, 0) + ' ms',
    'from the feed receiving a tick to this page drawing it, median of the last ticks');
  el.replaceChildren(...rows);
}

export function events(list, state) {
  if (!state.events.length) {
    list.replaceChildren(h('li', { class: 'muted' }, 'no events yet'));
    return;
  }
  list.replaceChildren(...state.events.map((e) => h('li', { dataset: { level: e.level, component: e.component } },
    h('time', null, fmtTime(e.at)), e.text)));
}

export function alerts(el, list) {
  el.hidden = list.length === 0;
  el.replaceChildren(...list.map((a) => h('div', { class: 'alert', dataset: { level: a.level, kind: a.kind } }, a.text)));
}

export function badge(el, text, level) {
  setText(el, text);
  el.dataset.level = level;
}

// ---- helpers -----------------------------------------------------------------------------------

function agentDot(id) {
  return h('span', { class: 'agent-dot', style: 'background:' + agentColor(id), 'aria-hidden': 'true' });
}

function emptyRow(cols, text) {
  return h('tr', { class: 'empty' }, h('td', { colspan: cols }, text));
}
