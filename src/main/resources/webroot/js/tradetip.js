// The price chart's tooltip: the fills marked on the bar under the pointer, each with its agent,
// maker or taker, and why its order was placed (signal, stop-loss, take-profit, trailing, liquidation).

import { fmtPrice, fmtQty, fmtTime } from './format.js';

/**
 * {@code candles}: the CandleChart (its markers carry the ids given, 'trade:<id>');
 * {@code tradeOf(id)}: the fill behind a marker id, or undefined.
 */
export function attachTradeTip(candles, tip, tradeOf) {
  candles.chart.subscribeCrosshairMove((param) => {
    if (!param || param.time === undefined || !param.point) {
      tip.hidden = true;
      return;
    }
    const fills = (candles.markers || []).filter((m) => m.time === param.time && String(m.id).startsWith('trade:'))
      .map((m) => tradeOf(String(m.id).slice('trade:'.length))).filter(Boolean);
    if (!fills.length) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...fills.slice(0, 6).map((t) => {
      const row = document.createElement('div');
      row.className = 'tip-row';
      row.dataset.side = t.side;
      row.dataset.liquidity = t.liquidity || 'unknown';
      row.dataset.reason = t.exitReason || 'unknown';
      row.textContent = `${t.side === 'BUY' ? '▲' : '▼'} ${t.side} ${fmtQty(t.quantity)} @ ${fmtPrice(t.price, candles.decimals)}`
        + ` · ${t.agentId} · ${t.liquidity || 'maker/taker unknown'} · ${t.exitReason ? 'reason: ' + t.exitReason : 'reason unknown'}`
        + ` · ${fmtTime(t.at)}`;
      return row;
    }));
    const width = candles.container.clientWidth;
    tip.style.left = Math.min(param.point.x + 14, Math.max(0, width - 320)) + 'px';
    tip.style.top = Math.max(0, param.point.y - 10) + 'px';
    tip.hidden = false;
  });
}
