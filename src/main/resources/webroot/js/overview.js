// The overview across agents (GET /api/overview): total equity, today's and total P/L, warnings
// and errors with the latest ones, for all agents or only the paper or the OKX ones. Read again
// every few seconds: the figures are the cluster's (Redis and MongoDB), not this page's sums.

import { getJson } from './api.js';
import { fmtFixed, fmtTime, h, setText } from './format.js';

const POLL_MS = 5000;

export class Overview {
  constructor(root) {
    this.root = root;
    this.filter = root.querySelector('#overview-exchange');
    try {
      this.filter.value = localStorage.getItem('mariposa.overview.exchange') || 'all';
    } catch (e) {
      // private mode
    }
    this.filter.addEventListener('change', () => {
      try {
        localStorage.setItem('mariposa.overview.exchange', this.filter.value);
      } catch (e) {
        // private mode
      }
      this.load();
    });
    this.ticket = 0;
  }

  start() {
    this.load();
    setInterval(() => this.load(), POLL_MS);
  }

  async load() {
    const ticket = ++this.ticket;
    const exchange = this.filter.value || 'all';
    try {
      const body = await getJson('/api/overview?exchange=' + encodeURIComponent(exchange), { timeoutMs: 6000 });
      if (ticket !== this.ticket) return;
      this.body = body;
      this.draw(body);
      this.root.dataset.state = 'ok';
    } catch (e) {
      if (ticket !== this.ticket) return;
      this.root.dataset.state = 'error';
      setText(this.root.querySelector('.overview-note'), 'overview unavailable: ' + e.message);
    }
  }

  draw(b) {
    this.root.dataset.exchange = b.exchange;
    figure(this.root, 'equity', b.equity, fmtFixed(b.equity, 2));
    figure(this.root, 'pnlToday', b.pnlToday, signed(b.pnlToday));
    figure(this.root, 'pnlTotal', b.pnlTotal, signed(b.pnlTotal));
    figure(this.root, 'agents', b.agents, String(b.agents));
    figure(this.root, 'errors', b.errors, String(b.errors));
    figure(this.root, 'warnings', b.warnings, String(b.warnings));
    setText(this.root.querySelector('.overview-note'), `rejections (24 h) ${b.rejections.count} · dead letters ${b.deadLetters.count}`
      + ` · reconnects ${b.reconnects.count}`);
    const items = [];
    for (const r of b.rejections.latest) {
      items.push({ at: r.at, level: 'bad', kind: 'rejection', text: `${r.agentId} ${r.side} ${r.symbol} rejected: ${r.reason}` });
    }
    for (const d of b.deadLetters.latest) {
      items.push({ at: d.at, level: 'bad', kind: 'dead-letter',
        text: `dead letter${d.agentId ? ' of ' + d.agentId + ' ' + (d.symbol || '') : ''}: ${d.reason || 'no reason'}` });
    }
    for (const r of b.reconnects.latest) {
      items.push({ at: r.at, level: 'warn', kind: 'reconnects', text: `${r.instance}: ${r.redis} Redis, ${r.feed} market stream reconnects since it started` });
    }
    items.sort((x, y) => (y.at || 0) - (x.at || 0));
    const list = this.root.querySelector('#overview-latest');
    list.replaceChildren(...items.slice(0, 8).map((i) => h('li', { dataset: { level: i.level, kind: i.kind } },
      h('time', null, i.at ? fmtTime(i.at) : ''), ' ', i.text)));
    list.hidden = items.length === 0;
  }
}

function figure(root, field, value, text) {
  const el = root.querySelector(`[data-field="${field}"] .value`);
  if (!el) return;
  setText(el, text);
  el.parentElement.dataset.value = String(value);
  if (field.startsWith('pnl')) el.parentElement.dataset.sign = value > 0 ? 'up' : value < 0 ? 'down' : 'flat';
  if (field === 'errors' || field === 'warnings') el.parentElement.dataset.level = value > 0 ? (field === 'errors' ? 'bad' : 'warn') : 'ok';
}

function signed(v) {
  return (v > 0 ? '+' : '') + fmtFixed(v, 2);
}
