// The candlestick chart (lightweight-charts v5, global LightweightCharts from the standalone build):
// history from the REST klines, then live bars, with agents' signals and trades as series markers
// and the resting orders as dashed price lines.

import { priceDecimals, fmtPrice, fmtQty } from './format.js';
import { chartOptions } from './theme.js';

/* global LightweightCharts */

const UP = '#26a69a';
const DOWN = '#ef5350';
const MAX_MARKERS = 300;

export class CandleChart {
  constructor(container, legend) {
    const LW = LightweightCharts;
    this.container = container;
    this.legend = legend;
    this.chart = LW.createChart(container, chartOptions(LW, { rightOffset: 4, crosshair: { mode: LW.CrosshairMode.Normal } }));
    this.series = this.chart.addSeries(LW.CandlestickSeries, {
      upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
    });
    this.markersApi = LW.createSeriesMarkers(this.series, [], { zOrder: 'top' });
    this.times = []; // bar open times in seconds, ascending
    this.bars = new Map(); // time -> bar (for the legend)
    this.intervalSec = 60;
    this.pending = new Map(); // live bars waiting for the next frame, by time
    this.markerSources = [];
    this.priceLines = new Map(); // resting order id -> {line, price, title, color}
    this.decimals = 2;
    this.chart.subscribeCrosshairMove((param) => {
      const bar = param && param.time !== undefined ? this.bars.get(param.time) : null;
      this.showLegend(bar || this.bars.get(this.times[this.times.length - 1]));
    });
  }

  get candleCount() {
    return this.times.length;
  }

  /** Replaces everything with {@code klines} (REST shape: openTime ms, open, high, low, close, ...). */
  setHistory(symbol, interval, klines) {
    this.symbol = symbol;
    this.intervalSec = intervalSeconds(interval);
    this.pending.clear();
    const candles = [];
    this.bars.clear();
    for (const k of klines) {
      const c = candle(k);
      if (!c) continue;
      if (candles.length && c.time <= candles[candles.length - 1].time) {
        if (c.time === candles[candles.length - 1].time) candles[candles.length - 1] = c;
        continue;
      }
      candles.push(c);
    }
    candles.forEach((c) => this.bars.set(c.time, c));
    this.times = candles.map((c) => c.time);
    const last = candles[candles.length - 1];
    this.setDecimals(last ? last.close : NaN);
    this.series.setData(candles);
    // A short history fills the width; a long one shows its latest bars.
    if (candles.length && candles.length < 120) this.chart.timeScale().fitContent();
    else this.chart.timeScale().scrollToRealTime();
    this.showLegend(last);
    this.refreshMarkers();
  }

  setDecimals(price) {
    const decimals = isFinite(price) ? priceDecimals(price) : 2;
    if (decimals !== this.decimals || !this.formatSet) {
      this.decimals = decimals;
      this.formatSet = true;
      this.series.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: Math.pow(10, -decimals) } });
    }
  }

  /** A live bar (market.kline event); drawn at the next flush. */
  queue(kline) {
    const c = candle(kline);
    if (c) this.pending.set(c.time, c);
  }

  /** Draws the queued live bars; returns true when something changed. */
  flush() {
    if (!this.pending.size) return false;
    const bars = [...this.pending.values()].sort((a, b) => a.time - b.time);
    this.pending.clear();
    let markersStale = false;
    for (const c of bars) {
      const last = this.times[this.times.length - 1];
      if (last === undefined || c.time > last) {
        if (!this.times.length) this.setDecimals(c.close);
        this.series.update(c);
        this.times.push(c.time);
        markersStale = true;
      } else if (c.time === last) {
        this.series.update(c);
      } else if (c.time >= last - this.intervalSec && this.bars.has(c.time)) {
        this.series.update(c, true); // a late update of the bar before the last
      } else {
        // Time went back by more than a bar: a replay started over. Start the chart over too.
        this.bars.clear();
        this.times = [c.time];
        this.series.setData([c]);
        markersStale = true;
      }
      this.bars.set(c.time, c);
    }
    if (markersStale) this.refreshMarkers();
    this.showLegend(this.bars.get(this.times[this.times.length - 1]));
    return true;
  }

  /**
   * Markers from {@code sources}: [{id, atMs, position, shape, color, text}]. A marker's time is
   * snapped to the bar holding it; one after the last bar (a replay shows the past while agents act
   * now) goes on the last bar; one before the first is not shown.
   */
  setMarkers(sources) {
    this.markerSources = sources;
    this.refreshMarkers();
  }

  refreshMarkers() {
    const times = this.times;
    const out = [];
    if (times.length) {
      const first = times[0];
      const last = times[times.length - 1];
      for (const m of this.markerSources) {
        const t = Math.floor(m.atMs / 1000);
        if (t < first) continue;
        let time;
        if (t >= last) {
          time = last;
        } else {
          time = times[floorIndex(times, t)];
        }
        out.push({ time, position: m.position, shape: m.shape, color: m.color, text: m.text, id: m.id, size: m.size ?? 1 });
      }
    }
    out.sort((a, b) => a.time - b.time);
    this.markers = out.slice(-MAX_MARKERS);
    this.markersApi.setMarkers(this.markers);
    this.container.dataset.markers = String(this.markers.length);
  }

  /**
   * One dashed price line per resting order: [{id, price, title, color}]. Lines are added, moved
   * (a reprice) and removed to match; the others are left as they are.
   */
  setPriceLines(lines) {
    const wanted = new Map(lines.filter((l) => isFinite(l.price)).map((l) => [l.id, l]));
    for (const [id, known] of this.priceLines) {
      if (!wanted.has(id)) {
        this.series.removePriceLine(known.line);
        this.priceLines.delete(id);
      }
    }
    for (const l of wanted.values()) {
      const known = this.priceLines.get(l.id);
      if (!known) {
        const line = this.series.createPriceLine({ price: l.price, color: l.color, lineWidth: 1,
          lineStyle: LightweightCharts.LineStyle.Dashed, axisLabelVisible: true, title: l.title });
        this.priceLines.set(l.id, { line, price: l.price, title: l.title, color: l.color });
      } else if (known.price !== l.price || known.title !== l.title || known.color !== l.color) {
        known.line.applyOptions({ price: l.price, title: l.title, color: l.color });
        Object.assign(known, { price: l.price, title: l.title, color: l.color });
      }
    }
    this.container.dataset.priceLines = String(this.priceLines.size);
  }

  /** The price lines as the chart has them: [{id, price, title, lineStyle}] (the browser test reads them). */
  priceLineList() {
    return [...this.priceLines].map(([id, known]) => {
      const o = known.line.options();
      return { id, price: o.price, title: o.title, lineStyle: o.lineStyle };
    });
  }

  showLegend(bar) {
    if (!this.legend) return;
    if (!bar) {
      this.legend.textContent = 'no bars yet';
      return;
    }
    const d = this.decimals;
    const change = bar.open ? ((bar.close - bar.open) / bar.open) * 100 : 0;
    this.legend.replaceChildren(
      span('O', fmtPrice(bar.open, d)), span('H', fmtPrice(bar.high, d)), span('L', fmtPrice(bar.low, d)),
      span('C', fmtPrice(bar.close, d)), span('V', fmtQty(bar.volume)),
      spanClass((change >= 0 ? '+' : '') + change.toFixed(2) + '%', change >= 0 ? 'up' : 'down'));
  }
}

function span(label, value) {
  const s = document.createElement('span');
  const b = document.createElement('b');
  b.textContent = label;
  s.append(b, ' ', value);
  return s;
}

function spanClass(text, cls) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function candle(k) {
  const time = Math.floor(Number(k.openTime) / 1000);
  const open = Number(k.open);
  const high = Number(k.high);
  const low = Number(k.low);
  const close = Number(k.close);
  if (!isFinite(time) || ![open, high, low, close].every(isFinite)) return null;
  return { time, open, high, low, close, volume: Number(k.volume) };
}

/** Index of the last element <= t (times ascending, t >= times[0]). */
function floorIndex(times, t) {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function intervalSeconds(interval) {
  const m = /^(\d+)([smhdwM])$/.exec(interval || '1m');
  if (!m) return 60;
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000 }[m[2]];
  return Number(m[1]) * unit;
}
