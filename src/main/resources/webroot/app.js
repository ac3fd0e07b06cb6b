// Mariposa live dashboard: REST snapshots (/api/...), then live events over the SockJS event-bus
// bridge (/eventbus). Events only update the state; the panels are redrawn at most once per
// animation frame, and only those whose data changed, so thousands of ticks per second cost a few
// DOM writes per frame.

import { getJson, tryJson } from './js/api.js';
import { Bus } from './js/bus.js';
import { CandleChart } from './js/chart.js';
import * as render from './js/render.js';
import { num, agentColor, assignAgentColors } from './js/format.js';
import { RestingOrders, idOf, lineTitle } from './js/resting.js';
import { Views } from './js/views.js';
import { BacktestsPanel } from './js/backtests.js';
import * as auth from './js/auth.js';
import { PositionsPanel } from './js/positions.js';
import { AgentForm } from './js/agentForm.js';
import { reporter, mountHalt, mountRestingCancel } from './js/actions.js';

const INTERVAL = '1m';
const HISTORY_BARS = 300;
const MAX_SIGNALS = 150;
const MAX_TRADES = 150;
const MAX_EVENTS = 80;
// The open resting orders are read again this often: their placement and reprices are no event.
const RESTING_POLL_MS = 5000;
// The bridge allows http.sockJs.maxHandlersPerSocket registrations (512 by default): three per
// agent (signal, trade, perf), two per symbol, and a few more. 100 agents and 50 symbols take 400.
const MAX_AGENTS_FOLLOWED = 100;
const MAX_SYMBOLS = 50;
const FALLBACK_SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

const params = new URLSearchParams(location.search);
const $ = (id) => document.getElementById(id);

const state = {
  symbols: [],
  selected: null,
  tickers: new Map(), // symbol -> {price, dir, bid, ask, last, ref, refLabel, source, receivedAt, from}
  lastBarMs: new Map(), // symbol -> open time of the newest bar seen (anchors markers on replays)
  book: null,
  agents: new Map(),
  perf: new Map(),
  leaderboard: [],
  signals: new Map(), // id -> latest event of the signal
  trades: new Map(), // fill id -> fill
  resting: new RestingOrders(), // open resting orders (limit, post-only) by client order id
  restingScope: 'all', // 'all' symbols, or the chart's 'symbol'
  replayTime: new Map(), // symbol -> newest replayed time seen (a replay's restUntil is in its own time)
  markerAnchors: new Map(), // marker id -> time on the chart's clock
  events: [],
  halt: null,
  redis: null,
  health: null,
  feedStatus: null,
  sources: new Map(), // symbol -> source of its latest market event
  system: null,
  cluster: null,
  tickAges: [],
  tickAgeMs: null,
};

// ---- frame scheduling ------------------------------------------------------------------------

const dirty = new Set();
let frame = 0;

function mark(...panels) {
  panels.forEach((p) => dirty.add(p));
  if (!frame) frame = requestAnimationFrame(draw);
}

function draw() {
  frame = 0;
  const d = new Set(dirty);
  dirty.clear();
  try {
    if (d.has('tickers')) render.tickers($('tickers').tBodies[0], state, select);
    if (d.has('chart') && chart && chart.flush()) chartCount();
    if (d.has('book')) render.book($('orderbook'), $('book-asks'), $('book-bids'), $('book-spread'), state.book);
    if (d.has('markers')) updateMarkers();
    if (d.has('signals')) render.signals($('signals'), $('signals-count'), state);
    if (d.has('trades')) render.trades($('trades').tBodies[0], state);
    if (d.has('resting')) drawResting();
    if (d.has('restingLines')) updateRestingLines();
    if (d.has('leaderboard')) render.leaderboard($('leaderboard').tBodies[0], state);
    if (d.has('agents')) render.agents($('agents').tBodies[0], state);
    if (d.has('cluster')) render.cluster($('cluster').tBodies[0], state);
    if (d.has('system')) render.system($('system'), state);
    if (d.has('events')) render.events($('events'), state);
    if (d.has('status')) drawStatus();
  } catch (e) {
    console.error('render failed', e);
  }
}

// ---- the chart -------------------------------------------------------------------------------

let chart = null;
try {
  chart = new CandleChart($('chart'), $('chart-legend'));
} catch (e) {
  $('chart').textContent = 'The chart library did not load: ' + e.message;
}

// The overview, the chosen agent's equity and indicators, the fills' tooltip (js/views.js).
const views = new Views({ candles: chart, chartSymbol: () => state.selected, tradeOf: (id) => state.trades.get(id) });

let chartLoad = 0;
async function loadChart(symbol) {
  const ticket = ++chartLoad;
  $('chart-symbol').textContent = symbol;
  $('chart').dataset.symbol = symbol;
  const body = await tryJson(`/api/market/${encodeURIComponent(symbol)}/klines?interval=${INTERVAL}&limit=${HISTORY_BARS}`);
  if (ticket !== chartLoad || !chart) return; // another symbol was chosen meanwhile
  const klines = body && Array.isArray(body.klines) ? body.klines : [];
  chart.setHistory(symbol, INTERVAL, klines);
  if (klines.length) noteBar(symbol, klines[klines.length - 1]);
  chartCount();
  mark('markers');
  views.chartLoaded();
}

function chartCount() {
  $('chart').dataset.candles = String(chart.candleCount);
  $('chart-empty').hidden = chart.candleCount > 0;
}

function updateMarkers() {
  if (!chart) return;
  const symbol = state.selected;
  const sources = [];
  for (const s of state.signals.values()) {
    if (s.symbol !== symbol) continue;
    const sell = s.action === 'SELL' || s.action === 'CLOSE';
    const rejected = s.status === 'rejected' || s.status === 'dropped' || s.status === 'expired';
    sources.push({
      id: 'signal:' + s.id, atMs: anchor('signal:' + s.id, symbol, s.source === 'analysis' ? s.barOpenTime : s.createdAt),
      position: sell ? 'aboveBar' : 'belowBar', shape: rejected ? 'square' : 'circle', size: 0.6,
      color: agentColor(s.agentId),
    });
  }
  for (const t of state.trades.values()) {
    if (t.symbol !== symbol) continue;
    const buy = t.side === 'BUY';
    sources.push({
      id: 'trade:' + t.id, atMs: anchor('trade:' + t.id, symbol, t.at),
      position: buy ? 'belowBar' : 'aboveBar', shape: buy ? 'arrowUp' : 'arrowDown', color: agentColor(t.agentId),
      text: t.liquidity === 'maker' ? 'M' : t.liquidity === 'taker' ? 'T' : undefined,
    });
  }
  chart.setMarkers(sources);
}

// ---- resting orders ----------------------------------------------------------------------------

function restingShown() {
  return state.resting.list(state.restingScope === 'symbol' ? state.selected : null);
}

function drawResting() {
  const scope = state.restingScope === 'symbol' ? state.selected : null;
  render.resting($('resting').tBodies[0], $('resting-count'), restingShown(), marketNow, scope);
}

/** The chart's symbol's resting orders as dashed price lines at their limit. */
function updateRestingLines() {
  if (!chart) return;
  chart.setPriceLines(state.resting.list(state.selected).map((o) => ({
    id: idOf(o), price: num(o.limitPrice), title: lineTitle(o), color: agentColor(o.agentId),
  })));
}

/** Now, in the time a symbol's orders are timed in: a replay's own (its newest event), else the wall clock. */
function marketNow(symbol) {
  const replayed = state.replayTime.get(symbol);
  return replayed === undefined ? Date.now() : replayed;
}

function noteReplayTime(symbol, body) {
  const at = num(body.receivedAt);
  if (body.source !== 'replay' || !isFinite(at)) return;
  if (!(state.replayTime.get(symbol) >= at)) state.replayTime.set(symbol, at);
}

let restingLoad = 0;
async function loadResting() {
  const ticket = ++restingLoad;
  const body = await tryJson('/api/orders?open=true&limit=500');
  if (ticket !== restingLoad || !body || !Array.isArray(body.orders)) return;
  if (state.resting.replace(body.orders)) mark('resting', 'restingLines');
}

// A signal sent: its order is on its way, and rests once the venue took it. Read soon, and again.
let restingSoon = 0;
function loadRestingSoon() {
  clearTimeout(restingSoon);
  restingSoon = setTimeout(() => {
    loadResting();
    restingSoon = setTimeout(loadResting, 1500);
  }, 500);
}

/**
 * The chart time of an event: its own time, or, when that is after the newest bar seen (a replay
 * plays the past while agents act now), that bar's time when the event was first placed, so the
 * marker stays where it happened instead of sliding along with the replay.
 */
function anchor(id, symbol, atMs) {
  const known = state.markerAnchors.get(id);
  if (known !== undefined) return known;
  const at = num(atMs);
  const lastBar = state.lastBarMs.get(symbol);
  if (lastBar === undefined) return at; // no bar seen yet: decided later
  const value = at > lastBar + 60_000 ? lastBar : at;
  state.markerAnchors.set(id, value);
  return value;
}

function noteBar(symbol, kline) {
  const open = num(kline.openTime);
  const known = state.lastBarMs.get(symbol);
  // A replay that starts over goes back in time; anchors of old markers are dropped with the chart.
  if (known === undefined || open > known || open < known - 3_600_000) state.lastBarMs.set(symbol, open);
}

// ---- market events ---------------------------------------------------------------------------

function ticker(symbol) {
  let t = state.tickers.get(symbol);
  if (!t) {
    t = { price: NaN, ref: NaN };
    state.tickers.set(symbol, t);
  }
  return t;
}

function setPrice(t, price) {
  if (!isFinite(price)) return;
  if (isFinite(t.price) && price !== t.price) t.dir = price > t.price ? 'up' : 'down';
  t.price = price;
  if (!isFinite(t.ref)) {
    t.ref = price;
    t.refLabel = 'this page first saw a price';
  }
}

function applyTicker(body) {
  const t = ticker(body.symbol);
  t.bid = num(body.bid);
  t.ask = num(body.ask);
  t.last = num(body.last);
  const mid = isFinite(t.bid) && isFinite(t.ask) ? (t.bid + t.ask) / 2 : NaN;
  setPrice(t, isFinite(t.last) ? t.last : mid);
  t.from = 'ticker';
  t.source = body.source;
  t.stale = !!body.stale;
  t.receivedAt = receivedAt(body);
  t.tickerAt = Date.now();
  noteSource(body.symbol, body.source);
  noteReplayTime(body.symbol, body);
}

// A replayed event's receivedAt is its recorded time (history): it is fresh from its arrival here.
function receivedAt(body) {
  return body.source === 'replay' ? Date.now() : num(body.receivedAt);
}

function onTicker(body) {
  applyTicker(body);
  const age = body.source === 'replay' ? NaN : Date.now() - num(body.receivedAt);
  if (isFinite(age)) {
    state.tickAges.push(age);
    if (state.tickAges.length > 200) state.tickAges.splice(0, state.tickAges.length - 200);
  }
  mark('tickers');
}

function onKline(body) {
  const symbol = body.symbol;
  noteBar(symbol, body);
  noteReplayTime(symbol, body);
  const t = ticker(symbol);
  // Without tickers (a replay of bar files), the last close is the price.
  if (!t.tickerAt || Date.now() - t.tickerAt > 5000) {
    setPrice(t, num(body.close));
    t.from = 'kline';
    t.source = body.source;
    t.receivedAt = receivedAt(body);
    noteSource(symbol, body.source);
    mark('tickers');
  }
  if (symbol === state.selected && body.interval === INTERVAL && chart) {
    chart.queue(body);
    mark('chart');
  }
  if (symbol === state.selected && body.closed) views.barClosed();
}

function onBook(body) {
  if (body.symbol !== state.selected) return;
  state.book = body;
  noteSource(body.symbol, body.source);
  mark('book');
}

function noteSource(symbol, source) {
  if (source && state.sources.get(symbol) !== source) {
    state.sources.set(symbol, source);
    mark('status');
  }
}

// ---- agents' events --------------------------------------------------------------------------

function onSignal(body) {
  addSignal(body);
  if (body && body.status === 'sent') loadRestingSoon();
  mark('signals', 'markers');
}

function addSignal(s) {
  if (!s || !s.id) return;
  const previous = state.signals.get(s.id);
  // A late "queued" never overwrites the outcome.
  if (previous && previous.status !== 'queued' && s.status === 'queued') return;
  state.signals.set(s.id, { ...previous, ...s });
  anchor('signal:' + s.id, s.symbol, s.source === 'analysis' ? s.barOpenTime : s.createdAt);
  if (state.signals.size > MAX_SIGNALS) {
    const oldest = [...state.signals.values()].sort((a, b) => (a.createdAt || 0) - (b.createdAt || 0));
    oldest.slice(0, state.signals.size - MAX_SIGNALS).forEach((o) => {
      state.signals.delete(o.id);
      state.markerAnchors.delete('signal:' + o.id);
    });
  }
}

function onTrade(body) {
  const o = body.order;
  if (!o) return;
  const fills = Array.isArray(body.fills) ? body.fills : [];
  const clOrdId = o.clOrdId || o._id;
  // A resting entry is told a batch of fills at a time: each batch's are numbered from 0 again.
  const resting = o.resting === true;
  fills.forEach((f, i) => addTrade({
    id: resting ? restingFillKey(clOrdId, f) : clOrdId + ':' + i, clOrdId, agentId: o.agentId, symbol: o.symbol,
    side: o.side, quantity: f.quantity, price: f.price, fee: f.fee, at: num(f.at), exchange: o.exchange,
    signalId: o.signalId, liquidity: o.fillLiquidity || impliedLiquidity(o), exitReason: o.exitReason,
  }));
  const wasResting = state.resting.orders.has(clOrdId);
  if (state.resting.apply(o)) mark('resting', 'restingLines');
  if (!fills.length && (resting || wasResting || o.plan)) {
    addEvent({ at: Date.now(), level: o.status === 'FILLED' ? 'info' : 'warn', component: 'trade',
      text: `resting order ${clOrdId} of ${o.agentId} (${o.side} ${o.symbol}) ended ${o.status}${o.reason ? ': ' + o.reason : ''}` });
  } else if (!fills.length) {
    addEvent({ at: Date.now(), level: 'warn', component: 'trade',
      text: `order ${clOrdId} of ${o.agentId} (${o.side} ${o.symbol}) ${o.status || 'not filled'}${o.reason ? ': ' + o.reason : ''}` });
  }
  mark('trades', 'markers');
}

// Types that may rest at the venue: their fills are a maker's or a taker's as the event says.
const RESTING_TYPES = new Set(['LIMIT', 'POST_ONLY']);

/**
 * Where the event does not say: an order of a type that never rests (market, ioc, fok; no type is
 * market) took from the book, as its stored fills say (GET /api/trades); else unknown.
 */
function impliedLiquidity(o) {
  return o.resting !== true && !RESTING_TYPES.has(o.orderType) ? 'taker' : undefined;
}

/**
 * A resting entry's fill, the same key from the bus and from GET /api/trades (whose ids,
 * <clOrdId>:p<step>:<n>, carry a step the bus does not tell): what the fill is.
 */
function restingFillKey(clOrdId, f) {
  return `${clOrdId}@${num(f.at)}@${num(f.price)}@${num(f.quantity)}`;
}

function addTrade(t) {
  state.trades.set(t.id, t);
  anchor('trade:' + t.id, t.symbol, t.at);
  if (state.trades.size > MAX_TRADES) {
    const oldest = [...state.trades.values()].sort((a, b) => (a.at || 0) - (b.at || 0));
    oldest.slice(0, state.trades.size - MAX_TRADES).forEach((o) => {
      state.trades.delete(o.id);
      state.markerAnchors.delete('trade:' + o.id);
    });
  }
}

function onPerf(body) {
  if (!body || !body.agentId) return;
  state.perf.set(body.agentId, body);
  mark('agents');
  views.onPerf(body);
}

function onLeaderboard(body) {
  if (body && Array.isArray(body.leaderboard)) {
    state.leaderboard = body.leaderboard;
    mark('leaderboard');
  }
}

// ---- system events ---------------------------------------------------------------------------

function onSystemStatus(body) {
  const c = body.component;
  const at = body.at ? Date.parse(body.at) || Date.now() : Date.now();
  let level = 'info';
  let text = `${c}: ${body.state}`;
  if (c === 'redis') {
    state.redis = { state: body.state, instanceId: body.instanceId, at };
    level = body.state === 'UP' ? 'info' : 'bad';
    text = `Redis ${body.state} (seen by ${body.instanceId})`;
  } else if (c === 'trading') {
    state.halt = { halted: body.state === 'HALTED', reason: body.reason };
    loadRestingSoon(); // a halt cancels the resting entries
    level = body.state === 'HALTED' ? 'bad' : 'info';
    text = `Trading ${body.state}${body.reason ? ': ' + body.reason : ''}`;
  } else if (c === 'feed') {
    state.feedStatus = { source: body.source, state: body.state, instanceId: body.instanceId };
    level = 'warn';
    setTimeout(pollSystem, 5500); // the words change with the prices: the feed's next report is within 5 s
    text = `Feed (${body.source}) on ${body.instanceId}: ${body.state}`;
  } else if (c === 'exits') {
    level = body.state === 'WAITING' ? 'bad' : 'info';
    text = `Exits of ${body.agentId} ${body.symbol}: ${body.reason}`;
  } else if (c === 'sessions') {
    text = `${body.sessions} browser session(s) of ${body.instanceId} removed (${body.state})`;
  }
  addEvent({ at, level, component: c, text });
  mark('status');
}

function onJob(body) {
  const failed = body.outcome === 'failed';
  const alert = body.alert === true;
  let text = `job ${body.name}: ${body.outcome || ''} in ${body.durationMs ?? '?'} ms on ${body.instance || '?'}`;
  if (failed) text += ': ' + (body.error || 'failed');
  if (alert) text = `memory alert on ${body.instance}: heap ${body.heapUsedPct}% used (threshold ${body.thresholdPct}%)`;
  addEvent({ at: num(body.startedAt) || Date.now(), level: alert ? 'bad' : failed ? 'warn' : 'info', component: 'jobs', text });
}

function addEvent(e) {
  state.events.unshift(e);
  if (state.events.length > MAX_EVENTS) state.events.length = MAX_EVENTS;
  mark('events');
}

// ---- status bar and alerts -------------------------------------------------------------------

function drawStatus() {
  const alerts = [];
  const conn = $('connection');
  const busState = bus.state;
  conn.dataset.state = busState;
  document.body.dataset.bus = busState;
  conn.querySelector('.label').textContent = {
    connected: 'Connected',
    connecting: 'Connecting…',
    reconnecting: 'Disconnected — reconnecting…',
    failed: 'Disconnected: ' + (bus.failure || 'the event-bus client did not load'),
  }[busState] || busState;
  if (busState === 'reconnecting') {
    alerts.push({ kind: 'bus', level: 'bad', text: 'Live updates are disconnected since ' + new Date(bus.closedAt).toLocaleTimeString() +
      '; reconnecting by itself. What you see may be out of date.' });
  }

  const sources = new Set(state.sources.values());
  let sourceText = 'source —';
  let sourceLevel = 'info';
  if (sources.has('synthetic')) {
    sourceText = 'SYNTHETIC prices';
    sourceLevel = 'warn';
    alerts.push({ kind: 'synthetic', level: 'warn', text: 'Market data is SYNTHETIC (generated), not a real market' +
      (state.feedStatus ? ': ' + state.feedStatus.state : '') + '.' });
  } else if (sources.size) {
    sourceText = 'source ' + [...sources].join(', ');
    sourceLevel = sources.has('replay') ? 'info' : 'ok';
  }
  // Real money or not, and on which prices, in words (GET /api/system: the cluster's trade and feed instances).
  const trading = state.system && state.system.trading;
  const mode = $('trading-mode');
  if (trading && trading.summary) {
    mode.hidden = false;
    mode.textContent = trading.summary;
    mode.dataset.level = trading.realMoney ? 'bad' : 'info';
  }
  if (state.feedStatus && state.feedStatus.state.startsWith('no market data')) {
    alerts.push({ kind: 'feed', level: 'bad', text: 'No market data: ' + state.feedStatus.state });
  }
  render.badge($('badge-source'), sourceText, sourceLevel);

  if (state.halt) {
    render.badge($('badge-trading'), state.halt.halted ? 'trading HALTED' : 'trading on', state.halt.halted ? 'bad' : 'ok');
    if (state.halt.halted) alerts.push({ kind: 'halt', level: 'bad', text: 'Trading is HALTED' + (state.halt.reason ? ': ' + state.halt.reason : '') + '. Exits still go through.' });
  }

  const redis = state.redis ? state.redis.state : null;
  if (redis) {
    render.badge($('badge-redis'), 'Redis ' + redis, redis === 'UP' ? 'ok' : redis === 'CONNECTING' ? 'warn' : 'bad');
    if (redis !== 'UP' && redis !== 'CONNECTING') alerts.push({ kind: 'redis', level: 'bad', text: 'Redis is ' + redis + ': other instances cannot be heard, rate limits and caches degrade.' });
  }

  if (state.health) {
    const up = state.health.status === 'UP';
    const down = (state.health.checks || []).filter((c) => c.status !== 'UP').map((c) => c.id);
    render.badge($('badge-health'), up ? 'health UP' : 'health DOWN' + (down.length ? ' (' + down.join(', ') + ')' : ''), up ? 'ok' : 'bad');
  } else if (state.healthError) {
    render.badge($('badge-health'), 'health unreachable', 'bad');
  }
  render.alerts($('alerts'), alerts);
}

// ---- selection -------------------------------------------------------------------------------

function select(symbol) {
  if (!symbol || symbol === state.selected) return;
  const previous = state.selected;
  state.selected = symbol;
  try {
    localStorage.setItem('mariposa.symbol', symbol);
  } catch (e) {
    // private mode
  }
  if (previous) bus.unsubscribe('market.book.' + previous);
  bus.subscribe('market.book.' + symbol, onBook);
  $('symbol-select').value = symbol;
  $('book-symbol').textContent = symbol;
  state.book = null;
  mark('tickers', 'book', 'resting', 'restingLines');
  loadChart(symbol);
  loadBook(symbol);
}

async function loadBook(symbol) {
  const body = await tryJson(`/api/market/${encodeURIComponent(symbol)}/orderbook?depth=20`);
  if (body && symbol === state.selected) {
    state.book = body;
    mark('book');
  }
}

// ---- snapshots -------------------------------------------------------------------------------

async function loadAgents() {
  try {
    const body = await getJson('/api/agents?limit=100');
    state.agents = new Map((body.agents || []).map((a) => [a.id, a]));
    document.dispatchEvent(new CustomEvent('mariposa:agents', { detail: state.agents }));
    assignAgentColors([...state.agents.keys()]);
    state.agentsError = null;
    mark('signals', 'trades', 'leaderboard', 'markers');
  } catch (e) {
    state.agentsError = 'agents unavailable: ' + e.message;
  }
  mark('agents');
  followAgents();
  setSymbols();
  views.setAgents([...state.agents.keys()]);
}

function setSymbols() {
  let symbols = [];
  const asked = params.get('symbols');
  if (asked) {
    symbols = asked.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  } else {
    for (const a of state.agents.values()) for (const s of a.symbols || []) if (!symbols.includes(s)) symbols.push(s);
  }
  if (!symbols.length) symbols = state.symbols.length ? state.symbols : FALLBACK_SYMBOLS;
  symbols = symbols.slice(0, MAX_SYMBOLS);
  const added = symbols.filter((s) => !state.symbols.includes(s));
  state.symbols.filter((s) => !symbols.includes(s)).forEach((s) => {
    bus.unsubscribe('market.ticker.' + s);
    bus.unsubscribe(`market.kline.${s}.${INTERVAL}`);
  });
  state.symbols = symbols;
  symbols.forEach((s) => {
    bus.subscribe('market.ticker.' + s, onTicker);
    bus.subscribe(`market.kline.${s}.${INTERVAL}`, onKline);
  });
  const picker = $('symbol-select');
  picker.replaceChildren(...symbols.map((s) => new Option(s, s)));
  if (!state.selected || !symbols.includes(state.selected)) {
    let wanted = params.get('symbol');
    try {
      wanted = wanted || localStorage.getItem('mariposa.symbol');
    } catch (e) {
      // private mode
    }
    const first = wanted && symbols.includes(wanted.toUpperCase()) ? wanted.toUpperCase() : symbols[0];
    state.selected = null;
    select(first);
  } else {
    picker.value = state.selected;
  }
  if (added.length) {
    loadTickers(added);
    loadReferences(added);
  }
  mark('tickers');
}

const followed = new Set();
function followAgents() {
  const ids = [...state.agents.keys()].slice(0, MAX_AGENTS_FOLLOWED);
  for (const id of [...followed]) {
    if (!ids.includes(id)) {
      ['signal.', 'trade.', 'perf.agent.'].forEach((p) => bus.unsubscribe(p + id));
      followed.delete(id);
    }
  }
  const fresh = ids.filter((id) => !followed.has(id));
  for (const id of fresh) {
    bus.subscribe('signal.' + id, onSignal);
    bus.subscribe('trade.' + id, onTrade);
    bus.subscribe('perf.agent.' + id, onPerf);
    followed.add(id);
  }
  if (fresh.length) loadSignals(fresh);
}

async function loadTickers(symbols) {
  const body = await tryJson('/api/market/tickers?symbols=' + symbols.map(encodeURIComponent).join(','));
  if (!body || !body.tickers) return;
  for (const t of Object.values(body.tickers)) {
    applyTicker(t);
    const entry = ticker(t.symbol);
    entry.dir = undefined;
  }
  mark('tickers');
}

/** The change column's reference: the open of the oldest of the last 24 hourly bars. */
async function loadReferences(symbols) {
  await Promise.all(symbols.map(async (symbol) => {
    const body = await tryJson(`/api/market/${encodeURIComponent(symbol)}/klines?interval=1h&limit=24`);
    const first = body && body.klines && body.klines[0];
    if (first && isFinite(num(first.open))) {
      const t = ticker(symbol);
      t.ref = num(first.open);
      t.refLabel = 'the open of ' + new Date(num(first.openTime)).toLocaleString() +
        (body.klines.length >= 24 ? ' (24 h)' : ' (' + body.klines.length + ' h)');
    }
  }));
  mark('tickers');
}

async function loadSignals(agentIds) {
  const bodies = await Promise.all(agentIds.map((id) => tryJson(`/api/agents/${encodeURIComponent(id)}/signals?limit=20`)));
  for (const body of bodies) {
    for (const s of (body && body.signals) || []) {
      if (!state.signals.has(s.id)) addSignal({ ...s, at: s.updatedAt });
    }
  }
  mark('signals', 'markers');
}

async function loadTrades() {
  const body = await tryJson('/api/trades?limit=100');
  if (!body) return;
  for (const t of body.trades || []) {
    addTrade({ ...t, id: /:p\d+:\d+$/.test(t.id) ? restingFillKey(t.clOrdId, t) : t.id, at: num(t.at) });
  }
  mark('trades', 'markers');
}

async function loadLeaderboard() {
  onLeaderboard(await tryJson('/api/leaderboard?limit=20'));
}

async function loadHalt() {
  const body = await tryJson('/api/admin/halt');
  if (body && typeof body.halted === 'boolean') {
    state.halt = { halted: body.halted, reason: body.reason };
    mark('status');
  }
}

const jobNames = new Set(['memory']);
async function loadJobs() {
  const body = await tryJson('/api/jobs');
  for (const j of (body && body.jobs) || []) jobNames.add(j.name);
  jobNames.forEach((name) => bus.subscribe('jobs.' + name, onJob));
}

async function pollHealth() {
  try {
    const body = await getJson('/health', { timeoutMs: 4000 });
    state.health = body;
    state.healthError = null;
    const redis = (body.checks || []).find((c) => c.id === 'redis');
    if (redis && redis.data && redis.data.state) {
      state.redis = { ...(state.redis || {}), state: redis.data.state };
    }
  } catch (e) {
    state.health = null;
    state.healthError = e.message;
  }
  mark('status');
}

async function pollSystem() {
  try {
    state.system = await getJson('/api/system', { timeoutMs: 4000 });
    state.systemError = null;
  } catch (e) {
    state.systemError = 'unavailable: ' + e.message;
  }
  mark('system', 'status');
}

async function pollCluster() {
  try {
    state.cluster = await getJson('/api/cluster', { timeoutMs: 4000 });
    state.clusterError = null;
  } catch (e) {
    state.cluster = null;
    state.clusterError = 'unavailable: ' + e.message;
  }
  mark('cluster');
}

/** Everything the page shows, fetched again: at start and after every reconnect. */
async function loadSnapshots() {
  await loadAgents();
  // (choosing the first symbol loaded its chart and book)
  await Promise.all([loadTrades(), loadResting(), loadLeaderboard(), loadHalt(), loadJobs(), pollHealth(), pollSystem(),
    pollCluster()]);
}

async function refreshAfterReconnect() {
  addEvent({ at: Date.now(), level: 'info', component: 'bus', text: 'reconnected: snapshots fetched again' });
  await loadAgents();
  await Promise.all([loadTickers(state.symbols), loadSignals([...followed]), loadTrades(), loadResting(), loadLeaderboard(), loadHalt(),
    loadChart(state.selected), loadBook(state.selected), pollHealth(), pollSystem(), pollCluster()]);
}

// ---- start -----------------------------------------------------------------------------------

const bus = new Bus('/eventbus', {
  onState(s, info) {
    bus.failure = info;
    mark('status');
  },
  onOpen(first) {
    if (!first) refreshAfterReconnect();
  },
  onError(address, err) {
    const text = address ? `bridge refused ${address}: ${err.message || err.failureType || JSON.stringify(err)}`
      : 'bridge error: ' + (err && (err.body || err.message) ? err.body || err.message : JSON.stringify(err));
    addEvent({ at: Date.now(), level: 'warn', component: 'bus', text });
  },
});

bus.subscribe('system.status', onSystemStatus);
bus.subscribe('perf.leaderboard', onLeaderboard);
const backtests = new BacktestsPanel($('backtests'), bus);
backtests.start();
$('symbol-select').addEventListener('change', (e) => select(e.target.value));
$('agents').tBodies[0].addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-agent-id]');
  if (row) views.selectAgent(row.dataset.agentId);
});
views.start();
try {
  state.restingScope = localStorage.getItem('mariposa.restingScope') === 'symbol' ? 'symbol' : 'all';
} catch (e) {
  // private mode
}
$('resting-scope').value = state.restingScope;
$('resting-scope').addEventListener('change', (e) => {
  state.restingScope = e.target.value === 'symbol' ? 'symbol' : 'all';
  try {
    localStorage.setItem('mariposa.restingScope', state.restingScope);
  } catch (err) {
    // private mode
  }
  mark('resting');
});

let lastReceived = 0;
setInterval(() => {
  $('event-rate').textContent = String(bus.received - lastReceived);
  lastReceived = bus.received;
  // The median over the last second's ticks; none: no figure rather than an old one.
  if (state.tickAges.length) {
    const sorted = [...state.tickAges].sort((a, b) => a - b);
    state.tickAgeMs = sorted[sorted.length >> 1];
    state.tickAges = [];
  } else {
    state.tickAgeMs = null;
  }
  $('tick-age').textContent = state.tickAgeMs == null ? '—' : Math.round(state.tickAgeMs) + ' ms';
  mark('tickers', 'system');
  if (state.resting.size) mark('resting'); // the time left
}, 1000);
setInterval(pollHealth, 5000);
setInterval(pollSystem, 5000);
setInterval(pollCluster, 10000);
setInterval(loadResting, RESTING_POLL_MS);
setInterval(() => {
  loadAgents();
  loadHalt();
}, 30000);
setInterval(() => loadReferences(state.symbols), 600000);

// The cockpit's actions: the token and what it allows, halt / resume, Close on positions, Cancel on
// resting orders, the agent form. Each reports on the actions' status line.
const report = reporter($('action-status'));
const agentForm = new AgentForm({ report, onChanged: loadAgents });
document.addEventListener('mariposa:agents', (e) => agentForm.setAgents(e.detail));
mountHalt(report, loadHalt);
mountRestingCancel($('resting').tBodies[0], report, loadResting);
auth.onChange(() => mark('resting'));
auth.mountTokenDialog();
new PositionsPanel({ tbody: $('positions').tBodies[0], count: $('positions-count'), report }).start();

mark('status', 'signals', 'trades', 'resting', 'leaderboard', 'agents', 'events', 'book', 'system', 'cluster');
loadSnapshots().finally(() => {
  document.body.dataset.loaded = 'true';
});
bus.start();

// For debugging from the console; the browser test reads the DOM, and the chart's price lines here.
window.mariposa = { state, bus, chart, views };
