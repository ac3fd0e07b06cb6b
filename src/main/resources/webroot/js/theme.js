// The charts' one look (lightweight-charts options), so that the price and the equity charts match.

/** Options for LW.createChart: the page's colours, times in local time; {@code extra} is merged in. */
export function chartOptions(LW, { fontSize = 12, secondsVisible = false, rightOffset = 0, ...extra } = {}) {
  return {
    autoSize: true,
    layout: { background: { type: LW.ColorType.Solid, color: '#111725' }, textColor: '#aab4c8', fontSize,
      attributionLogo: true },
    grid: { vertLines: { color: '#1c2436' }, horzLines: { color: '#1c2436' } },
    rightPriceScale: { borderColor: '#2a3550' },
    timeScale: { borderColor: '#2a3550', timeVisible: true, secondsVisible, rightOffset },
    localization: { timeFormatter: (t) => new Date(t * 1000).toLocaleString([], { hour12: false }) },
    ...extra,
  };
}
