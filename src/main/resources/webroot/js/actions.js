// The cockpit's actions beside the token: halt or resume the whole cluster with a reason
// (POST /api/admin/halt), Cancel on each resting order (DELETE /api/orders/{clOrdId}: the trade
// role cancels it at the venue), and one status line saying what each action did or why it was
// refused (a 403 names the scope the token lacks).

import * as auth from './auth.js';

/** The status line: the latest action's outcome. */
export function reporter(el) {
  return (text, level = 'info') => {
    el.textContent = text;
    el.dataset.level = level;
  };
}

/** Halt / resume with a reason; {@code onDone} reloads what the page shows of the halt. */
export function mountHalt(report, onDone) {
  const form = document.getElementById('halt-form');
  const reason = document.getElementById('halt-reason');
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const button of form.querySelectorAll('button[data-halted]')) {
    button.addEventListener('click', async () => {
      const halted = button.dataset.halted === 'true';
      const why = reason.value.trim();
      if (halted && !why) {
        report('Say why to halt: the reason is recorded with the halt', 'bad');
        reason.focus();
        return;
      }
      try {
        const { body } = await auth.act('POST', '/api/admin/halt', why ? { halted, reason: why } : { halted });
        report(body.halted ? 'Trading halted: ' + body.reason : 'Trading resumed' + (why ? ': ' + why : ''), 'ok');
        reason.value = '';
        onDone();
      } catch (e) {
        report((halted ? 'Halt' : 'Resume') + ' refused: ' + auth.describe(e), 'bad');
      }
    });
  }
}

/** Cancel buttons of the resting orders' panel (its rows carry data-clordid). */
export function mountRestingCancel(tbody, report, onDone) {
  tbody.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-action="cancel"]');
    if (!button) return;
    const id = button.closest('tr').dataset.clordid;
    button.disabled = true;
    try {
      const { body } = await auth.act('DELETE', '/api/orders/' + encodeURIComponent(id));
      report(`Cancel of ${id} requested (${body.cancelReason})`, 'ok');
      onDone();
    } catch (e2) {
      button.disabled = false;
      report(`Cancel of ${id} refused: ${auth.describe(e2)}`, 'bad');
    }
  });
}
