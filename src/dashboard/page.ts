import type { DashboardData } from './data';

/**
 * The status page: plain HTML plus a small script that draws with Chart.js (served from node_modules,
 * or inlined into a static file). Data comes from `/api/dashboard` or, in a static file, is embedded.
 */
export interface PageOptions {
  /** Seconds between reloads of the data (server) or of the whole file (static). 0 = never. */
  refreshSeconds: number;
  /** Where the Chart.js UMD build is fetched from (server mode). */
  chartScriptUrl?: string;
  /** Static mode: the Chart.js source inlined and the data embedded. */
  inlineChartJs?: string;
  data?: DashboardData;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1d2430; background: #f6f7f9; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta, .pick { color: #5b6472; font-size: .85rem; } .pick a { margin-right: .6rem; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: .5rem 0; }
.card { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: .5rem .8rem; min-width: 6rem; }
.card b { display: block; font-size: 1.3rem; }
.bar { background: #e3e7ed; border-radius: 4px; height: 1.2rem; overflow: hidden; max-width: 40rem; }
.bar > div { background: #2e9e5b; height: 100%; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 1rem; }
.panel { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: .6rem; }
.panel h3 { font-size: .95rem; margin: 0 0 .4rem; } .empty { color: #8a93a0; font-style: italic; }
table { border-collapse: collapse; background: #fff; } td, th { border: 1px solid #dde1e7; padding: .25rem .5rem; text-align: right; }
.error { color: #b3261e; font-weight: 600; }
`;

const SCRIPT = String.raw`
(function () {
  var STATUS_COLORS = { waiting: '#c3c9d0', ready: '#9aa5b1', submitted: '#6c8ebf', running: '#3d7dd8',
    completed: '#2e9e5b', failed: '#d64545', timeout: '#e08a2c', cancelled: '#6b7280', blocked: '#8b5a9e' };
  var charts = [];
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  function fmt(x, digits) { return x === null || x === undefined ? '—' : Number(x).toFixed(digits); }
  function mEh(x) { return x === null || x === undefined ? null : x * 1000; }
  function chart(parent, id, title, config) {
    var panel = el('div', { class: 'panel' });
    panel.appendChild(el('h3', {}, title));
    var canvas = el('canvas', { id: id, 'data-testid': id, height: '220' });
    panel.appendChild(canvas);
    parent.appendChild(panel);
    config.options = Object.assign({ animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: !!config.legend } } }, config.options || {});
    canvas.parentNode.style.height = '260px';
    charts.push(new Chart(canvas, config));
  }
  function emptyPanel(parent, id, title, message) {
    var panel = el('div', { class: 'panel', 'data-testid': id });
    panel.appendChild(el('h3', {}, title));
    panel.appendChild(el('p', { class: 'empty' }, message));
    parent.appendChild(panel);
  }
  function picker(label, ids, current, param) {
    var p = el('div', { class: 'pick' });
    p.appendChild(el('span', {}, label + ': '));
    ids.forEach(function (id) {
      var params = new URLSearchParams(location.search);
      params.set(param, id);
      var a = el('a', { href: '?' + params.toString() }, id === current ? '[' + id + ']' : id);
      p.appendChild(a);
    });
    if (!ids.length) p.appendChild(el('span', { class: 'empty' }, 'none yet'));
    return p;
  }
  function renderCampaign(root, c) {
    root.appendChild(el('h2', {}, 'Campaign ' + c.campaignId));
    var cards = el('div', { class: 'cards' });
    Object.keys(c.counts).forEach(function (status) {
      var card = el('div', { class: 'card' });
      card.appendChild(el('b', { 'data-testid': 'count-' + status }, c.counts[status]));
      card.appendChild(el('span', {}, status));
      cards.appendChild(card);
    });
    root.appendChild(cards);
    var pct = c.total ? (100 * c.finished) / c.total : 0;
    root.appendChild(el('div', { 'data-testid': 'completion' }, c.finished + ' of ' + c.total + ' jobs finished (' + pct.toFixed(1) + ' %), ' + c.completed + ' completed'));
    var bar = el('div', { class: 'bar', 'data-testid': 'completion-bar' });
    var fill = el('div', {});
    fill.style.width = pct.toFixed(1) + '%';
    bar.appendChild(fill);
    root.appendChild(bar);
    var grid = el('div', { class: 'grid' });
    root.appendChild(grid);
    var statuses = Object.keys(c.counts);
    chart(grid, 'chart-status', 'Jobs by status', { type: 'bar', data: { labels: statuses, datasets: [{
      label: 'jobs', data: statuses.map(function (s) { return c.counts[s]; }),
      backgroundColor: statuses.map(function (s) { return STATUS_COLORS[s] || '#888'; }) }] } });
    var reasons = Object.keys(c.failureReasons);
    if (reasons.length) {
      chart(grid, 'chart-failures', 'Failures by reason', { type: 'bar', data: { labels: reasons, datasets: [{
        label: 'jobs', data: reasons.map(function (r) { return c.failureReasons[r]; }), backgroundColor: '#d64545' }] },
        options: { indexAxis: 'y' } });
    } else emptyPanel(grid, 'chart-failures', 'Failures by reason', 'no failed jobs');
    c.histograms.forEach(function (h, i) {
      var title = h.label + ' (' + h.unit + ', ' + h.n + ' completed jobs)';
      if (!h.n) return emptyPanel(grid, 'hist-' + i, title, 'no completed jobs yet');
      var digits = Math.abs(h.edges[0]) > 100 ? 3 : 5;
      chart(grid, 'hist-' + i, title, { type: 'bar', data: {
        labels: h.edges.map(function (e) { return fmt(e, h.unit === 'cycles' || h.unit === 'modes' ? 0 : digits); }),
        datasets: [{ label: 'jobs', data: h.counts, backgroundColor: '#3d7dd8', barPercentage: 1, categoryPercentage: 1 }] } });
    });
  }
  function renderAl(root, a) {
    root.appendChild(el('h2', {}, 'Active learning ' + a.alId));
    var cards = el('div', { class: 'cards' });
    [['status', a.status], ['generation', a.generation], ['phase', a.phase || '—'], ['dataset size', a.datasetSize],
      ['stop reason', a.stopReason || '—']].forEach(function (kv) {
      var card = el('div', { class: 'card' });
      card.appendChild(el('b', { 'data-testid': 'al-' + kv[0].replace(' ', '-') }, kv[1]));
      card.appendChild(el('span', {}, kv[0]));
      cards.appendChild(card);
    });
    root.appendChild(cards);
    if (a.error) root.appendChild(el('p', { class: 'error', 'data-testid': 'al-error' }, a.error));
    var table = el('table', { 'data-testid': 'al-table' });
    var head = el('tr', {});
    ['gen', 'phase', 'labelled', 'failed', 'dataset', 'hold-out RMSE (mEh)', 'train RMSE (mEh)', 'max σ (mEh)', 'mean σ (mEh)', 'selected']
      .forEach(function (h) { head.appendChild(el('th', {}, h)); });
    table.appendChild(head);
    a.generations.forEach(function (g) {
      var row = el('tr', { 'data-generation': g.generation });
      [g.generation, g.phase, g.labelled, g.labelFailed, g.datasetSize, fmt(mEh(g.holdoutRmseEh), 3), fmt(mEh(g.trainRmseEh), 3),
        fmt(mEh(g.maxUncertaintyEh), 2), fmt(mEh(g.meanUncertaintyEh), 2), g.selected].forEach(function (v) {
        row.appendChild(el('td', {}, v === null || v === undefined ? '—' : v));
      });
      table.appendChild(row);
    });
    root.appendChild(table);
    var grid = el('div', { class: 'grid' });
    root.appendChild(grid);
    var labels = a.generations.map(function (g) { return 'gen ' + g.generation; });
    if (!a.generations.length) return emptyPanel(grid, 'chart-al-rmse', 'RMSE per generation', 'no generation yet');
    chart(grid, 'chart-al-rmse', 'RMSE per generation (mEh)', { type: 'line', legend: true, data: { labels: labels, datasets: [
      { label: 'hold-out', data: a.generations.map(function (g) { return mEh(g.holdoutRmseEh); }), borderColor: '#d64545', backgroundColor: '#d64545' },
      { label: 'train', data: a.generations.map(function (g) { return mEh(g.trainRmseEh); }), borderColor: '#3d7dd8', backgroundColor: '#3d7dd8' }] },
      options: { scales: { y: { type: 'logarithmic' } } } });
    chart(grid, 'chart-al-uncertainty', 'Committee uncertainty per generation (mEh)', { type: 'line', legend: true, data: { labels: labels, datasets: [
      { label: 'max', data: a.generations.map(function (g) { return mEh(g.maxUncertaintyEh); }), borderColor: '#e08a2c', backgroundColor: '#e08a2c' },
      { label: 'mean', data: a.generations.map(function (g) { return mEh(g.meanUncertaintyEh); }), borderColor: '#6c8ebf', backgroundColor: '#6c8ebf' }] },
      options: { scales: { y: { type: 'logarithmic' } } } });
    chart(grid, 'chart-al-dataset', 'Dataset size and selected structures', { type: 'bar', legend: true, data: { labels: labels, datasets: [
      { label: 'dataset', data: a.generations.map(function (g) { return g.datasetSize; }), backgroundColor: '#2e9e5b' },
      { label: 'selected', data: a.generations.map(function (g) { return g.selected; }), backgroundColor: '#e08a2c' }] } });
  }
  function render(data) {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var root = document.getElementById('root');
    root.textContent = '';
    root.appendChild(el('p', { class: 'meta', 'data-testid': 'generated-at' }, 'data from Postgres at ' + data.generatedAt));
    root.appendChild(picker('campaigns', data.campaigns, data.campaign && data.campaign.campaignId, 'campaign'));
    root.appendChild(picker('active learning', data.alRuns, data.al && data.al.alId, 'al'));
    if (data.campaign) renderCampaign(root, data.campaign);
    else root.appendChild(el('p', { class: 'empty', 'data-testid': 'no-campaign' }, 'no campaign selected'));
    if (data.al) renderAl(root, data.al);
    window.__dashboardReady = true;
  }
  function load() {
    var embedded = document.getElementById('dashboard-data');
    if (embedded) return render(JSON.parse(embedded.textContent));
    fetch('api/dashboard' + location.search).then(function (r) {
      if (!r.ok) throw new Error('api/dashboard answered ' + r.status);
      return r.json();
    }).then(render).catch(function (e) {
      document.getElementById('root').appendChild(el('p', { class: 'error', 'data-testid': 'load-error' }, String(e)));
    });
  }
  load();
  var every = Number(document.body.getAttribute('data-refresh') || 0);
  if (every > 0 && !document.getElementById('dashboard-data')) setInterval(load, every * 1000);
})();
`;

export function renderPage(options: PageOptions): string {
  const staticMode = options.data !== undefined;
  const chartTag = options.inlineChartJs
    ? `<script>${options.inlineChartJs.replace(/<\/script/gi, '<\\/script')}</script>`
    : `<script src="${options.chartScriptUrl ?? 'vendor/chart.umd.min.js'}"></script>`;
  const dataTag = staticMode
    ? `<script type="application/json" id="dashboard-data">${JSON.stringify(options.data).replace(/</g, '\\u003c')}</script>`
    : '';
  const refreshMeta =
    staticMode && options.refreshSeconds > 0
      ? `<meta http-equiv="refresh" content="${Math.round(options.refreshSeconds)}">`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>orcastrate status</title>
${refreshMeta}
<style>${STYLE}</style>
${chartTag}
</head>
<body data-refresh="${staticMode ? 0 : options.refreshSeconds}">
<h1>orcastrate status</h1>
<div id="root"></div>
${dataTag}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
