// The chosen agent's own indicators over the price chart (GET /api/agents/{id}/indicators: computed
// by the server with the agent's periods and its models' code): EMAs and Bollinger bands on the
// candles, the RSI in a pane of its own. Only points within the candles' range are drawn.

import { tryJson } from './api.js';

/* global LightweightCharts */

const LINES = [
  { key: 'emaFast', color: '#f5c542', title: 'EMA fast' },
  { key: 'emaSlow', color: '#c084fc', title: 'EMA slow' },
  { key: 'bollingerUpper', color: '#7b8bad', title: 'BB upper', style: 'dashed' },
  { key: 'bollingerMiddle', color: '#7b8bad', title: 'BB mid', style: 'dotted' },
  { key: 'bollingerLower', color: '#7b8bad', title: 'BB lower', style: 'dashed' },
];

export class IndicatorOverlay {
  /** {@code candles}: the CandleChart; its times bound what is drawn. */
  constructor(candles, legend) {
    this.candles = candles;
    this.legend = legend;
    this.series = new Map(); // key -> series
    this.ticket = 0;
    this.agentId = null;
    this.symbol = null;
  }

  ensureSeries() {
    if (this.series.size) return;
    const LW = LightweightCharts;
    const chart = this.candles.chart;
    for (const l of LINES) {
      this.series.set(l.key, chart.addSeries(LW.LineSeries, { color: l.color, lineWidth: 1, title: '',
        lineStyle: l.style === 'dashed' ? LW.LineStyle.Dashed : l.style === 'dotted' ? LW.LineStyle.Dotted : LW.LineStyle.Solid,
        priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false }, 0));
    }
    const rsi = chart.addSeries(LW.LineSeries, { color: '#4cc9f0', lineWidth: 1, title: 'RSI', priceLineVisible: false,
      priceFormat: { type: 'price', precision: 1, minMove: 0.1 } }, 1);
    rsi.createPriceLine({ price: 70, color: '#5b6478', lineWidth: 1, lineStyle: LW.LineStyle.Dotted, axisLabelVisible: false });
    rsi.createPriceLine({ price: 30, color: '#5b6478', lineWidth: 1, lineStyle: LW.LineStyle.Dotted, axisLabelVisible: false });
    this.series.set('rsi', rsi);
    const panes = chart.panes();
    if (panes[1]) panes[1].setHeight(90);
  }

  /** Loads and draws {@code agentId}'s indicators on {@code symbol} (null agent: clears them). */
  async show(agentId, symbol) {
    const ticket = ++this.ticket;
    this.agentId = agentId;
    this.symbol = symbol;
    const el = this.candles.container;
    if (!agentId || !symbol) {
      this.clear();
      return;
    }
    const body = await tryJson(`/api/agents/${encodeURIComponent(agentId)}/indicators?symbol=${encodeURIComponent(symbol)}&limit=300`);
    if (ticket !== this.ticket) return;
    if (!body || !Array.isArray(body.points)) {
      this.clear();
      el.dataset.indicatorNote = 'no indicators';
      return;
    }
    this.ensureSeries();
    this.body = body;
    this.draw();
  }

  /** Draws the loaded points again within the candles' current range (after new bars). */
  draw() {
    const body = this.body;
    if (!body || !this.series.size) return;
    const times = this.candles.times;
    const first = times.length ? times[0] : -Infinity;
    const last = times.length ? times[times.length - 1] : Infinity;
    const drawn = {};
    for (const [key, series] of this.series) {
      const data = [];
      for (const p of body.points) {
        const time = Math.floor(p.openTime / 1000);
        if (time < first || time > last || typeof p[key] !== 'number') continue;
        data.push({ time, value: p[key] });
      }
      series.setData(data);
      drawn[key] = data.length;
    }
    const el = this.candles.container;
    el.dataset.indicatorAgent = body.agentId;
    el.dataset.indicatorSeries = String(Object.values(drawn).filter((n) => n > 0).length);
    el.dataset.indicatorPoints = String(Math.max(0, ...Object.values(drawn)));
    this.drawn = drawn;
    if (this.legend) {
      const p = body.periods;
      this.legend.textContent = `${body.agentId}'s indicators (${body.interval}${body.agentInterval !== body.interval
        ? ', it analyses ' + body.agentInterval : ''}): EMA ${p.emaFast}/${p.emaSlow} · Bollinger ${p.bollinger} ±${p.bollingerK}σ · RSI ${p.rsi}`;
    }
  }

  clear() {
    for (const s of this.series.values()) s.setData([]);
    this.body = null;
    const el = this.candles.container;
    el.dataset.indicatorSeries = '0';
    el.dataset.indicatorPoints = '0';
    if (this.legend) this.legend.textContent = '';
  }
}
