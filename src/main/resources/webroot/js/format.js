// Formatting and tiny DOM helpers shared by the dashboard modules.

/** Decimals worth showing for a price of this size (crypto prices span 1e-8 to 1e5). */
export function priceDecimals(price) {
  const p = Math.abs(Number(price));
  if (!isFinite(p) || p === 0) return 2;
  if (p >= 1000) return 2;
  if (p >= 10) return 3;
  if (p >= 1) return 4;
  if (p >= 0.01) return 5;
  return 8;
}

export function num(value) {
  const n = typeof value === 'string' ? parseFloat(value) : value;
  return typeof n === 'number' && isFinite(n) ? n : NaN;
}

const formatters = new Map();
function formatter(decimals) {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f;
}

export function fmtPrice(value, decimals) {
  const n = num(value);
  if (isNaN(n)) return '—';
  return formatter(decimals ?? priceDecimals(n)).format(n);
}

export function fmtQty(value) {
  const n = num(value);
  if (isNaN(n)) return '—';
  const a = Math.abs(n);
  return formatter(a >= 1000 ? 0 : a >= 1 ? 3 : a >= 0.001 ? 5 : 8).format(n);
}

export function fmtFixed(value, decimals = 2) {
  const n = num(value);
  return isNaN(n) ? '—' : formatter(decimals).format(n);
}

export function fmtPct(value, decimals = 2, signed = true) {
  const n = num(value);
  if (isNaN(n)) return '—';
  return (signed && n > 0 ? '+' : '') + formatter(decimals).format(n) + '%';
}

export function sign(value) {
  const n = num(value);
  return isNaN(n) || n === 0 ? 'flat' : n > 0 ? 'up' : 'down';
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
export function fmtTime(ms) {
  const n = num(ms);
  return isNaN(n) ? '—' : timeFmt.format(new Date(n));
}

export function fmtAge(ms) {
  const n = num(ms);
  if (isNaN(n) || n < 0) return '—';
  if (n < 1000) return Math.round(n) + ' ms';
  const s = n / 1000;
  if (s < 90) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  const m = s / 60;
  if (m < 90) return Math.round(m) + ' min';
  const h = m / 60;
  return h < 48 ? Math.round(h) + ' h' : Math.round(h / 24) + ' d';
}

/** A stable colour per agent id, readable on the dark background. */
const PALETTE = ['#4cc9f0', '#f72585', '#ffd166', '#06d6a0', '#b388ff', '#ff8c42', '#90be6d', '#ef476f', '#8ecae6', '#f4a261'];
const assigned = new Map();

/** Gives the agents distinct colours, in their order (ids beyond the palette wrap around). */
export function assignAgentColors(ids) {
  ids.forEach((id, i) => assigned.set(id, PALETTE[i % PALETTE.length]));
}

export function agentColor(id) {
  const known = assigned.get(id);
  if (known) return known;
  let h = 0;
  for (const c of String(id)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Creates an element: h('td', {class: 'x', dataset: {id: 1}}, 'text', child). Text is never parsed as HTML. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.entries(v).forEach(([dk, dv]) => { if (dv !== undefined && dv !== null) el.dataset[dk] = dv; });
      else if (k === 'style') el.style.cssText = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** Sets text only when it changed (cheap no-op for the common case). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
