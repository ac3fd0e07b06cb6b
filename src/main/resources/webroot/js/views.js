// The cockpit's views beside the live panels: the overview across agents, the chosen agent's
// equity and drawdown, its indicators over the price chart, and the fills' tooltip on the chart.
// app.js tells it what it hears (agents, perf events, chart loads, closed bars); it owns the rest.

import { Overview } from './overview.js';
import { EquityChart } from './equity.js';
import { IndicatorOverlay } from './indicators.js';
import { attachTradeTip } from './tradetip.js';

const $ = (id) => document.getElementById(id);
// A bar just closed: the server's indicators include it once the feed stored it.
const BAR_SETTLE_MS = 1500;

export class Views {
  /** {@code candles}: the CandleChart (or null); {@code chartSymbol()}: the symbol it shows. */
  constructor({ candles, chartSymbol, tradeOf }) {
    this.candles = candles;
    this.chartSymbol = chartSymbol;
    this.overview = new Overview($('overview'));
    this.picker = $('view-agent');
    this.agentIds = [];
    this.agentId = null;
    try {
      this.equity = new EquityChart($('equity-chart'), $('equity-legend'));
    } catch (e) {
      $('equity-chart').textContent = 'The chart library did not load: ' + e.message;
    }
    if (candles) {
      this.indicators = new IndicatorOverlay(candles, $('indicator-legend'));
      attachTradeTip(candles, $('chart-tip'), tradeOf);
    }
    this.picker.addEventListener('change', () => this.selectAgent(this.picker.value));
  }

  start() {
    this.overview.start();
  }

  /** The agents known: the picker lists them; the first (or the one remembered) is chosen. */
  setAgents(ids) {
    if (ids.join() === this.agentIds.join()) return;
    this.agentIds = ids;
    this.picker.replaceChildren(new Option('(none)', ''), ...ids.map((id) => new Option(id, id)));
    let wanted = new URLSearchParams(location.search).get('agent');
    try {
      wanted = wanted || localStorage.getItem('mariposa.viewAgent');
    } catch (e) {
      // private mode
    }
    const chosen = this.agentId && ids.includes(this.agentId) ? this.agentId : wanted && ids.includes(wanted) ? wanted : ids[0];
    this.picker.value = chosen || '';
    if (chosen !== this.agentId) this.selectAgent(chosen || '');
  }

  selectAgent(id) {
    this.agentId = id || null;
    this.picker.value = id || '';
    try {
      localStorage.setItem('mariposa.viewAgent', id || '');
    } catch (e) {
      // private mode
    }
    if (this.equity) this.equity.show(this.agentId);
    this.reloadIndicators();
  }

  onPerf(body) {
    if (this.equity) this.equity.onPerf(body);
  }

  /** The price chart loaded another symbol's history (or the same again). */
  chartLoaded() {
    this.reloadIndicators();
  }

  /** A bar of the chart's symbol closed. */
  barClosed() {
    clearTimeout(this.barTimer);
    this.barTimer = setTimeout(() => this.reloadIndicators(), BAR_SETTLE_MS);
  }

  reloadIndicators() {
    // The agent's own interval (the server's default): what it reads, drawn where the candles are.
    if (this.indicators) this.indicators.show(this.agentId, this.chartSymbol());
  }
}
