// Live progress for the operation page: follows the dashboard's server-sent events (same origin, the session cookie;
// never a token in a URL) and reloads the page when the operation ends so its reports appear.
(() => {
  'use strict';
  const section = document.getElementById('progress');
  const url = section && section.dataset.events;
  if (!url || !window.EventSource) return;
  const bar = document.getElementById('progress-bar');
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  const number = n => Math.round(n).toLocaleString('en');
  const eta = s => s == null ? 'time left unknown' : s < 1 ? 'done'
    : s >= 3600 ? `about ${Math.floor(s / 3600)} h ${Math.floor(s % 3600 / 60)} min left`
    : s >= 60 ? `about ${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left` : `about ${Math.ceil(s)} s left`;
  let spoken = 0;
  const source = new EventSource(url);
  source.addEventListener('progress', event => {
    const p = JSON.parse(event.data);
    const percent = Math.min(100, p.percent || 0);
    bar.value = percent;
    bar.textContent = `${percent.toFixed(1)}%`;
    text('progress-percent', `${percent.toFixed(1).replace(/\.0$/, '')}%`);
    text('progress-rows', `${number(p.rows_copied || 0)} of ${number(p.rows_total || 0)} rows`);
    text('progress-rate', `${number(p.rows_per_second || 0)} rows/s`);
    text('progress-eta', eta(p.eta_seconds));
    // The live region speaks at most every 10 seconds, not at every event.
    const now = Date.now();
    if (now - spoken > 10000) {
      spoken = now;
      const table = p.current_table ? `, loading ${p.current_table}` : '';
      text('progress-text', `${p.status.replace('_', ' ')}: ${Math.round(percent)}% done, ${p.tables_completed} of ${p.tables_total} tables${table}.`);
    }
  });
  source.addEventListener('end', () => { source.close(); window.location.reload(); });
  // Leaving the page closes the stream cleanly instead of cutting it mid-response.
  window.addEventListener('pagehide', () => source.close());
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) text('progress-text', 'Live progress stopped: reload the page.'); };
})();
