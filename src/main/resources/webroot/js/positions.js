// Open positions per agent (GET /api/positions: marked at the live exit quote, with the position
// guard's stop-loss, take-profit and trailing levels), read again every few seconds, each with a
// Close button: POST /api/agents/{id}/signals {action: CLOSE, symbol}, the path every signal takes
// (risk checks, the halt, idempotency by requestId).

import { getJson } from './api.js';
import { h, setText, fmtPrice, fmtQty, fmtFixed, fmtPct, agentColor, num } from './format.js';
import * as auth from './auth.js';

const POLL_MS = 2000;

export class PositionsPanel {
  constructor({ tbody, count, report }) {
    this.tbody = tbody;
    this.count = count;
    this.report = report; // (text, level) => void: the actions' status line
    this.closing = new Set(); // agentId|symbol asked to close, until the position is gone
    tbody.addEventListener('click', (e) => {
      const button = e.target.closest('button[data-action="close"]');
      if (button) this.close(button.dataset.agentId, button.dataset.symbol, button);
    });
    auth.onChange(() => this.load());
  }

  start() {
    this.load();
    setInterval(() => this.load(), POLL_MS);
  }

  async load() {
    try {
      const body = await getJson('/api/positions', { timeoutMs: 4000 });
      this.draw(body.positions || []);
    } catch (e) {
      this.tbody.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: 11 }, 'positions unavailable: ' + e.message)));
    }
  }

  draw(positions) {
    const open = new Set(positions.map((p) => p.agentId + '|' + p.symbol));
    for (const key of [...this.closing]) if (!open.has(key)) this.closing.delete(key);
    setText(this.count, positions.length ? '(' + positions.length + ')' : '');
    if (!positions.length) {
      this.rows = new Map();
      if (this.tbody.textContent !== 'no open positions') {
        this.tbody.replaceChildren(h('tr', { class: 'empty' }, h('td', { colspan: 11 }, 'no open positions')));
      }
      return;
    }
    // Rows are kept while the same positions are open (a button stays the one a click found).
    const keys = positions.map((p) => p.agentId + '|' + p.symbol + '|' + p.side);
    const same = this.rows && keys.length === this.rows.size && keys.every((k, i) => this.tbody.rows[i] === (this.rows.get(k) || {}).tr);
    if (!same) {
      this.rows = new Map();
      this.tbody.replaceChildren(...positions.map((p, i) => {
        const cells = {};
        for (const f of ['quantity', 'entry', 'mark', 'unrealized', 'stopLoss', 'takeProfit', 'trailingStop']) {
          cells[f] = h('td', { class: 'num', dataset: { field: f } });
        }
        cells.close = h('button', { type: 'button', class: 'act', dataset: { action: 'close', agentId: p.agentId,
          symbol: p.symbol, needsScope: 'trade' } }, 'Close');
        const tr = h('tr', { dataset: { agentId: p.agentId, symbol: p.symbol, side: p.side } },
          h('td', { title: p.agentId }, h('span', { class: 'agent-dot', style: 'background:' + agentColor(p.agentId) }), p.agentId),
          h('td', null, p.symbol),
          h('td', { class: p.side === 'short' ? 'side-SELL' : 'side-BUY', dataset: { field: 'side' } },
            p.side + (p.leverage ? ' ' + p.leverage + '×' : '')),
          cells.quantity, cells.entry, cells.mark, cells.unrealized, cells.stopLoss, cells.takeProfit, cells.trailingStop,
          h('td', null, cells.close));
        this.rows.set(keys[i], { tr, cells });
        return tr;
      }));
    }
    const mayTrade = auth.allows('trade');
    positions.forEach((p, i) => {
      const { cells } = this.rows.get(keys[i]);
      const pnl = num(p.unrealized);
      const closing = this.closing.has(p.agentId + '|' + p.symbol);
      setText(cells.quantity, fmtQty(p.quantity));
      setText(cells.entry, fmtPrice(p.entry));
      setText(cells.mark, p.mark == null ? '—' : fmtPrice(p.mark));
      cells.mark.title = p.side === 'short' ? 'the ask (a short closes by buying)' : 'the bid (a long closes by selling)';
      setText(cells.unrealized, p.unrealized == null ? '—' : fmtFixed(p.unrealized, 2) + ' (' + fmtPct(p.unrealizedPct) + ')');
      cells.unrealized.className = 'num ' + (pnl > 0 ? 'up' : pnl < 0 ? 'down' : '');
      for (const f of ['stopLoss', 'takeProfit', 'trailingStop']) {
        setText(cells[f], p[f] == null ? 'off' : fmtPrice(p[f]));
        cells[f].dataset.value = p[f] == null ? '' : String(p[f]);
      }
      cells.close.disabled = !mayTrade || closing;
      cells.close.title = mayTrade ? 'Close at market: a CLOSE signal' : 'needs a token with the "trade" scope';
      setText(cells.close, closing ? 'Closing…' : 'Close');
    });
  }

  async close(agentId, symbol, button) {
    const key = agentId + '|' + symbol;
    button.disabled = true;
    try {
      // One request id per click: a retry of this click is the same signal, never a second close.
      const requestId = 'close-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
      const { body } = await auth.act('POST', '/api/agents/' + encodeURIComponent(agentId) + '/signals',
        { action: 'CLOSE', symbol, requestId });
      this.closing.add(key);
      setText(button, 'Closing…');
      const queued = (body.queued || []).length;
      this.report(queued ? `CLOSE ${symbol} of ${agentId} queued` : `CLOSE ${symbol} of ${agentId}: already queued`, 'ok');
    } catch (e) {
      button.disabled = false;
      this.report(`Close ${symbol} of ${agentId} refused: ${auth.describe(e)}`, 'bad');
    }
  }
}

function level(value, field) {
  return h('td', { class: 'num', dataset: { field } }, value == null ? 'off' : fmtPrice(value));
}
