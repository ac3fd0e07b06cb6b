// Agents from the page: create, edit (risk limits, models, execution style), pause / resume and
// delete, through POST / PUT / DELETE /api/agents (the agents scope). Editing starts from the
// agent as GET /api/agents/{id} serves it, so the fields the form does not show are kept, and
// sends its version as If-Match: a change made meanwhile elsewhere is refused (409), not lost.
// The API's validation problems are listed as it words them.

import { getJson } from './api.js';
import { h } from './format.js';
import * as auth from './auth.js';

const NEW = '';
const RISK = ['maxOpenPositions', 'maxPositionNotional', 'dailyLossLimit', 'stopLossPct', 'takeProfitPct',
  'trailingStopPct', 'maxTickerAgeSeconds'];

export class AgentForm {
  constructor({ report, onChanged }) {
    this.report = report;
    this.onChanged = onChanged; // the page reloads its agents
    this.form = document.getElementById('agent-form');
    this.pick = document.getElementById('agent-pick');
    this.errors = document.getElementById('agent-errors');
    this.loaded = null; // the agent being edited, as the API served it
    this.pick.addEventListener('change', () => this.choose(this.pick.value));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.form.querySelector('[data-op="pause"]').addEventListener('click', () => this.setEnabled(false));
    this.form.querySelector('[data-op="resume"]').addEventListener('click', () => this.setEnabled(true));
    this.form.querySelector('[data-op="delete"]').addEventListener('click', () => this.remove());
    this.showButtons();
  }

  /** The agents the page knows (id -> agent): the picker lists them. */
  setAgents(agents) {
    const chosen = this.pick.value;
    const ids = [...agents.keys()].sort();
    const options = [h('option', { value: NEW }, 'New agent…'), ...ids.map((id) =>
      h('option', { value: id }, id + (agents.get(id).enabled === false ? ' (paused)' : '')))];
    const same = this.pick.options.length === options.length && options.every((o, i) =>
      this.pick.options[i].value === o.value && this.pick.options[i].textContent === o.textContent);
    if (!same) {
      this.pick.replaceChildren(...options);
      this.pick.value = ids.includes(chosen) ? chosen : NEW;
    }
  }

  async choose(id) {
    this.showErrors([]);
    if (id === NEW) {
      this.loaded = null;
      this.form.reset();
      this.field('id').disabled = false;
      this.showButtons();
      return;
    }
    try {
      this.loaded = await getJson('/api/agents/' + encodeURIComponent(id));
      this.fill(this.loaded);
    } catch (e) {
      this.report('Agent ' + id + ' could not be read: ' + auth.describe(e), 'bad');
    }
    this.showButtons();
  }

  field(name) {
    return this.form.elements.namedItem(name);
  }

  fill(a) {
    this.field('id').value = a.id;
    this.field('id').disabled = true;
    this.field('symbols').value = (a.symbols || []).join(', ');
    this.field('interval').value = a.interval;
    this.field('models').value = (a.models || []).map((m) => m.name).join(', ');
    this.field('minConfidence').value = a.minConfidence;
    for (const r of RISK) this.field(r).value = a.risk[r];
    this.field('executionType').value = a.execution.type;
    this.field('offsetBps').value = a.execution.offsetBps;
    this.field('ttlMs').value = a.execution.ttlMs;
  }

  /** The definition to send: the loaded agent (or nothing) with the form's values over it. */
  definition() {
    const base = this.loaded ? structuredClone(this.loaded) : { risk: {}, execution: {} };
    for (const f of ['createdAt', 'updatedAt']) delete base[f];
    const id = this.field('id').value.trim();
    if (!this.loaded) base.id = id;
    base.symbols = this.field('symbols').value.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase());
    base.interval = this.field('interval').value;
    const models = this.field('models').value.split(/[\s,]+/).filter(Boolean);
    const weights = new Map((this.loaded ? this.loaded.models : []).map((m) => [m.name, m]));
    base.models = models.map((name) => weights.get(name) || { name });
    base.minConfidence = number(this.field('minConfidence').value);
    base.risk = base.risk || {};
    for (const r of RISK) base.risk[r] = number(this.field(r).value);
    const type = this.field('executionType').value;
    base.execution = { ...(base.execution || {}), type };
    if (type === 'limit' || type === 'post_only') {
      base.execution.price = 'offset';
      base.execution.offsetBps = number(this.field('offsetBps').value);
      base.execution.ttlMs = number(this.field('ttlMs').value);
    }
    return base;
  }

  async save() {
    this.showErrors([]);
    const body = this.definition();
    const editing = !!this.loaded;
    try {
      const { body: saved } = editing
        ? await auth.act('PUT', '/api/agents/' + encodeURIComponent(this.loaded.id), body, { 'If-Match': '"' + this.loaded.version + '"' })
        : await auth.act('POST', '/api/agents', body);
      this.loaded = saved;
      this.fill(saved);
      this.report(`Agent ${saved.id} ${editing ? 'saved' : 'created'} (version ${saved.version})`, 'ok');
      await this.onChanged();
      this.pick.value = saved.id;
      this.showButtons();
    } catch (e) {
      this.refused((editing ? 'Saving ' : 'Creating ') + (body.id || 'the agent'), e);
    }
  }

  /** Pause (enabled false: its resting entries are cancelled, no new signals) or resume it. */
  async setEnabled(enabled) {
    if (!this.loaded) return;
    const body = { ...structuredClone(this.loaded), enabled };
    delete body.createdAt;
    delete body.updatedAt;
    try {
      const { body: saved } = await auth.act('PUT', '/api/agents/' + encodeURIComponent(this.loaded.id), body,
        { 'If-Match': '"' + this.loaded.version + '"' });
      this.loaded = saved;
      this.report(`Agent ${saved.id} ${enabled ? 'resumed' : 'paused'}`, 'ok');
      await this.onChanged();
      this.showButtons();
    } catch (e) {
      this.refused((enabled ? 'Resuming ' : 'Pausing ') + this.loaded.id, e);
    }
  }

  async remove() {
    if (!this.loaded) return;
    const id = this.loaded.id;
    if (!window.confirm('Delete agent ' + id + '? Its account and history stay in MongoDB.')) return;
    try {
      await auth.act('DELETE', '/api/agents/' + encodeURIComponent(id));
      this.report(`Agent ${id} deleted`, 'ok');
      await this.onChanged();
      this.pick.value = NEW;
      await this.choose(NEW);
    } catch (e) {
      this.refused('Deleting ' + id, e);
    }
  }

  refused(what, e) {
    const problems = e.details && Array.isArray(e.details.problems) ? e.details.problems : [];
    this.showErrors(problems.length ? problems : [auth.describe(e)]);
    this.report(what + ' refused: ' + auth.describe(e), 'bad');
  }

  showErrors(list) {
    this.errors.replaceChildren(...list.map((p) => h('li', null, p)));
    this.errors.hidden = !list.length;
  }

  showButtons() {
    const editing = !!this.loaded;
    this.form.querySelector('[data-op="save"]').textContent = editing ? 'Save changes' : 'Create agent';
    this.form.querySelector('[data-op="pause"]').hidden = !editing || this.loaded.enabled === false;
    this.form.querySelector('[data-op="resume"]').hidden = !editing || this.loaded.enabled !== false;
    this.form.querySelector('[data-op="delete"]').hidden = !editing;
    this.form.dataset.mode = editing ? 'edit' : 'create';
    this.form.dataset.enabled = editing ? String(this.loaded.enabled !== false) : '';
  }
}

/** A number when the text is one; else the text itself, for the API to name the problem. */
function number(text) {
  const t = String(text).trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}
