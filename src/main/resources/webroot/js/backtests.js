// The Backtests panel: start a backtest (data files of the server's data directory, stored agents
// and/or agent JSON, a period, fees) or an optimisation (one agent, a search space, objective,
// search and trials), follow its progress on backtest.<id>, list past runs with their kind, status
// and result (an optimisation's: its best set's score) and open their reports. Starting and cancelling need the API token (the page's
// Token button, js/auth.js) with the backtests scope.

import { tryJson } from './api.js';
import * as auth from './auth.js';

const LIST_POLL_MS = 5000;
const ENDED = new Set(['done', 'failed', 'cancelled']);

export class BacktestsPanel {
  constructor(root, bus) {
    this.root = root;
    this.bus = bus;
    this.runs = new Map(); // id -> run, as GET /api/backtests and backtest.<id> tell it
    this.followed = new Set();
    this.$ = (sel) => root.querySelector(sel);
  }

  start() {
    this.$('#bt-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    const kind = this.$('#bt-kind');
    const showOptimize = () => {
      const optimize = kind.value === 'optimize';
      this.$('#bt-optimize').hidden = !optimize;
      for (const id of ['#bt-fee', '#bt-spread']) this.$(id).disabled = optimize; // trials run on the paper settings
    };
    kind.addEventListener('change', showOptimize);
    const search = this.$('#bt-search');
    search.addEventListener('change', () => { this.$('#bt-trials').disabled = search.value === 'grid'; });
    showOptimize();
    this.$('#bt-runs').addEventListener('click', (e) => {
      const button = e.target.closest('button[data-cancel]');
      if (button) this.cancel(button.dataset.cancel);
    });
    this.loadChoices();
    this.loadRuns();
    setInterval(() => this.loadRuns(), LIST_POLL_MS);
  }

  async loadChoices() {
    const [data, agents] = await Promise.all([tryJson('/api/backtests/data'), tryJson('/api/agents?limit=100')]);
    fillOptions(this.$('#bt-data'), (data && data.files) || [], (f) => /\.(csv|jsonl)$/.test(f));
    fillOptions(this.$('#bt-agents'), ((agents && agents.agents) || []).map((a) => a.id), () => false);
  }

  async loadRuns() {
    const body = await tryJson('/api/backtests?limit=20');
    if (!body) return;
    const shown = new Map();
    for (const run of body.runs || []) shown.set(run.id, { ...this.runs.get(run.id), ...run });
    this.runs = shown;
    this.followRunning();
    this.draw();
  }

  /** backtest.<id> of every run not ended; dropped once it ends. */
  followRunning() {
    for (const run of this.runs.values()) {
      if (!ENDED.has(run.status) && !this.followed.has(run.id)) {
        this.followed.add(run.id);
        this.bus.subscribe('backtest.' + run.id, (body) => this.onEvent(body));
      } else if (ENDED.has(run.status) && this.followed.has(run.id)) {
        this.followed.delete(run.id);
        this.bus.unsubscribe('backtest.' + run.id);
      }
    }
  }

  onEvent(body) {
    const run = this.runs.get(body.id) || { id: body.id, request: {} };
    this.runs.set(body.id, { ...run, kind: body.kind || run.kind, status: body.status, progress: body.progress, instance: body.instance,
      summary: body.summary || run.summary, best: 'best' in body ? body.best : run.best, error: body.error || run.error });
    if (ENDED.has(body.status)) this.followRunning();
    this.draw();
  }

  request() {
    const selected = (select) => [...select.selectedOptions].map((o) => o.value);
    const agents = selected(this.$('#bt-agents'));
    const inline = this.$('#bt-agent-json').value.trim();
    if (inline) {
      const parsed = JSON.parse(inline); // a SyntaxError is shown as the problem
      (Array.isArray(parsed) ? parsed : [parsed]).forEach((a) => agents.push(a));
    }
    const body = { kind: this.$('#bt-kind').value, data: selected(this.$('#bt-data')), agents };
    const from = this.$('#bt-from').value.trim();
    const to = this.$('#bt-to').value.trim();
    if (from) body.from = from;
    if (to) body.to = to;
    if (body.kind === 'optimize') return this.optimization(body);
    const options = {};
    const fee = this.$('#bt-fee').value.trim();
    const spread = this.$('#bt-spread').value.trim();
    if (fee) options.takerFee = Number(fee);
    if (spread) options.barSpreadBps = Number(spread);
    if (Object.keys(options).length) body.options = options;
    return body;
  }

  /** The optimisation's fields added to {@code body}: a space that is no JSON is the problem shown. */
  optimization(body) {
    const space = this.$('#bt-space').value.trim();
    if (space) {
      try {
        body.space = JSON.parse(space);
      } catch (e) {
        throw new SyntaxError('search space: ' + e.message);
      }
    }
    const objective = this.$('#bt-objective').value.trim();
    if (objective) body.objective = objective;
    body.search = this.$('#bt-search').value;
    const trials = this.$('#bt-trials').value.trim();
    if (trials && body.search !== 'grid') body.trials = Number(trials);
    return body;
  }

  async submit() {
    let body;
    try {
      body = this.request();
    } catch (e) {
      this.problems([e.message.startsWith('search space:') ? e.message : 'agent JSON: ' + e.message]);
      return;
    }
    const answer = await send('POST', '/api/backtests', body);
    if (answer.ok) {
      this.problems([]);
      this.runs = new Map([[answer.body.id, answer.body], ...this.runs]);
      this.followRunning();
      this.draw();
    } else {
      this.problems(answer.problems);
    }
  }

  async cancel(id) {
    const answer = await send('DELETE', '/api/backtests/' + encodeURIComponent(id));
    if (!answer.ok) this.problems(answer.problems);
    this.loadRuns();
  }

  problems(list) {
    const ul = this.$('#bt-problems');
    ul.replaceChildren(...list.map((p) => el('li', {}, p)));
    ul.hidden = list.length === 0;
  }

  draw() {
    const rows = [...this.runs.values()].map((run) => {
      const progress = run.progress || {};
      const pct = Number(progress.pct) || 0;
      const bar = el('progress', { max: '100', value: String(pct), 'aria-label': 'progress of ' + run.id });
      const actions = el('td', { class: 'bt-actions' });
      if (run.status === 'done') {
        actions.append(el('a', { href: `/api/backtests/${run.id}/report.html`, target: '_blank', rel: 'noopener' }, 'report'),
          ' ', el('a', { href: `/api/backtests/${run.id}/report`, target: '_blank', rel: 'noopener' }, 'JSON'));
      } else if (!ENDED.has(run.status)) {
        actions.append(el('button', { type: 'button', 'data-cancel': run.id }, 'Cancel'));
      }
      const summary = run.kind === 'optimize' ? best(run) : (run.summary || []).map((s) => `${s.agentId} ${s.returnPct}%`).join(' · ');
      const request = run.request || {};
      const row = el('tr', { 'data-run': run.id, 'data-status': run.status },
        el('td', {}, run.createdAt ? new Date(run.createdAt).toLocaleString() : ''),
        el('td', {}, run.kind || (run.request || {}).kind || 'backtest'),
        el('td', { class: 'bt-status' }, run.status || ''),
        el('td', {}, bar, ' ', pct + '%'),
        el('td', {}, (request.agents || []).join(', ')),
        el('td', { title: (request.data || []).join('\n') }, (request.data || []).map(base).join(', ')),
        el('td', { class: run.error ? 'bt-error' : '' }, run.error || summary),
        actions);
      return row;
    });
    this.$('#bt-runs').tBodies[0].replaceChildren(...rows);
  }
}

/** An action with the page's token: {ok, body} or {ok: false, problems} (the API's, or its refusal in words). */
async function send(method, path, body) {
  try {
    const answer = await auth.act(method, path, body);
    return { ok: true, body: answer.body };
  } catch (e) {
    const problems = e.details && e.details.problems && e.details.problems.length ? [...e.details.problems] : [];
    return { ok: false, problems: problems.length && e.status === 400 ? problems : [auth.describe(e), ...problems] };
  }
}

/** An optimisation's result: its best set's score and parameters, once done. */
function best(run) {
  if (run.status !== 'done') return '';
  if (!run.best) return 'no set accepted';
  const score = Number(run.best.score);
  const params = Object.entries(run.best.params || {}).map(([k, v]) => `${k}=${v}`).join(' ');
  return `best ${Number.isFinite(score) ? score.toFixed(4) : run.best.score} · ${params}`;
}

function fillOptions(select, values, preselect) {
  select.replaceChildren(...values.map((v) => {
    const option = el('option', { value: v }, v);
    option.selected = preselect(v) && values.filter(preselect)[0] === v;
    return option;
  }));
}

function base(path) {
  return String(path).split('/').pop();
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}
