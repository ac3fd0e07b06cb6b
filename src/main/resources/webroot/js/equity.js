// One agent's equity and drawdown (lightweight-charts v5, two panes): its performance snapshots
// (GET /api/agents/{id}/performance/history), then each perf.agent.<id> event as a live point.

import { tryJson } from './api.js';
import { num, fmtFixed } from './format.js';
import { chartOptions } from './theme.js';

/* global LightweightCharts */

const HISTORY = 500;
// Live events come every couple of seconds: past this many points the oldest go, so a page left open stays light.
const MAX_POINTS = 3000;

export class EquityChart {
  constructor(container, legend) {
    const LW = LightweightCharts;
    this.container = container;
    this.legend = legend;
    this.chart = LW.createChart(container, chartOptions(LW, { fontSize: 11, secondsVisible: true }));
    this.equity = this.chart.addSeries(LW.LineSeries, { color: '#4cc9f0', lineWidth: 2, title: 'equity' }, 0);
    this.drawdown = this.chart.addSeries(LW.AreaSeries, { lineColor: '#ef5350', topColor: 'rgba(239,83,80,0.05)',
      bottomColor: 'rgba(239,83,80,0.4)', lineWidth: 1, title: 'drawdown %',
      priceFormat: { type: 'percent', precision: 2, minMove: 0.01 } }, 1);
    this.agentId = null;
    this.points = []; // [{time, equity}] ascending
    this.peak = -Infinity;
    this.ticket = 0;
  }

  async show(agentId) {
    const ticket = ++this.ticket;
    this.agentId = agentId;
    this.container.dataset.agent = agentId || '';
    this.points = [];
    this.peak = -Infinity;
    this.equity.setData([]);
    this.drawdown.setData([]);
    this.count();
    if (!agentId) return;
    const body = await tryJson(`/api/agents/${encodeURIComponent(agentId)}/performance/history?limit=${HISTORY}`);
    if (ticket !== this.ticket) return;
    const snapshots = ((body && body.snapshots) || []).slice().reverse(); // newest first: oldest first
    const live = this.points; // events heard while the history loaded
    this.points = [];
    for (const s of snapshots) this.append(s, false);
    for (const p of live) this.append({ at: p.time * 1000, equity: p.equity }, false);
    this.redraw();
  }

  /** A perf.agent.<id> event (the figures, with at and equity). */
  onPerf(body) {
    if (!body || body.agentId !== this.agentId) return;
    if (!this.append(body, true)) return;
    if (this.points.length > MAX_POINTS) {
      this.points.splice(0, this.points.length - MAX_POINTS + 500);
      this.redraw();
    }
    this.count();
  }

  append(figures, live) {
    const time = Math.floor(num(figures.at) / 1000);
    const equity = num(figures.equity);
    if (!isFinite(time) || !isFinite(equity)) return false;
    const last = this.points[this.points.length - 1];
    if (last && time < last.time) return false;
    if (last && time === last.time) last.equity = equity;
    else this.points.push({ time, equity });
    this.peak = Math.max(this.peak, equity);
    if (live) {
      this.equity.update({ time, value: equity });
      this.drawdown.update({ time, value: this.drawdownAt(equity) });
      this.showLegend(equity);
    }
    return true;
  }

  drawdownAt(equity) {
    return this.peak > 0 ? (equity / this.peak - 1) * 100 : 0;
  }

  redraw() {
    let peak = -Infinity;
    const eq = [];
    const dd = [];
    for (const p of this.points) {
      peak = Math.max(peak, p.equity);
      eq.push({ time: p.time, value: p.equity });
      dd.push({ time: p.time, value: peak > 0 ? (p.equity / peak - 1) * 100 : 0 });
    }
    this.peak = peak;
    this.equity.setData(eq);
    this.drawdown.setData(dd);
    this.chart.timeScale().fitContent();
    const last = this.points[this.points.length - 1];
    this.showLegend(last ? last.equity : NaN);
    this.count();
  }

  count() {
    this.container.dataset.points = String(this.points.length);
  }

  showLegend(equity) {
    if (!this.legend) return;
    this.legend.textContent = isFinite(equity)
      ? `equity ${fmtFixed(equity, 2)} · drawdown ${fmtFixed(this.drawdownAt(equity), 2)}% · ${this.points.length} points`
      : 'no snapshots yet';
  }
}
