// elevsim serve: the planners' workbench. Every text from a scenario goes into
// the page as text (textContent), never as HTML; the answer paragraphs come
// from the server already escaped, written by the report's own code.
'use strict';
(function () {
  const UI = {
    nb: {
      title: 'elevsim – arbeidsbenk for planleggere', h_editor: 'Scenario', start_from: 'Start fra', load: 'Åpne',
      import: 'Importer TOML', name: 'Navn', years: 'Første år – antall år', description: 'Beskrivelse',
      description_en: 'Beskrivelse (engelsk)', add_grant: 'Legg til tilskudd', save: 'Lagre i datamappen',
      download_toml: 'Last ned TOML', h_run: 'Kjør og sammenlign', reference: 'Referanse', replications: 'Replikasjoner',
      scale: 'Skala', seed: 'Frø', also: 'Sammenlign også med', run: 'Kjør', cancel: 'Avbryt', band: 'Intervall:', tile_show: 'Vis',
      h_downloads: 'Nedlastinger', h_optimise: 'Optimer fordelingen',
      optimise_note: 'Søker den beste fordelingen av tilskuddet i scenariet over (elevsim optimise).',
      budgets: 'Budsjett (mill. kr, kommaseparert)', objective: 'Mål', over: 'Søk over', evaluations: 'Evalueringer',
      bounds: 'Grenser for andelene', optimise: 'Optimer', h_runs: 'Ferdige kjøringer', grant: 'Tilskudd',
      budget: 'Budsjett (kr per år)', first_year: 'Første år', last_year: 'Siste år', recipients: 'Mottakere',
      allocation: 'Fordeling', competitive_k: 'Antall mottakere', split: 'Fordeling på tiltak (sum 100 %)',
      counties_nok: 'Fylker (kr per år)', remove: 'Fjern', sum: 'Sum', saved: 'Lagret som', checked: 'Gyldig',
      estimate: 'Anslått tid: om lag {s} s', queued: 'I kø', running: 'Kjører: {d} av {t} replikasjoner',
      done: 'Ferdig ({s} s)', cached: 'Svar fra hurtiglageret', cancelled: 'Avbrutt', failed: 'Feilet',
      opt_running: 'Optimerer: evaluering {n} av om lag {m}', best: 'Beste fordeling', open_best: 'Åpne i editoren',
      min: 'Min', max: 'Maks', h_differences: 'Endring over tid fra referansen', prevalence: 'Lidelse, endring',
      completion: 'Fullført (referansen)', wait: 'Ventetid BUP, uker', run_file: 'Kjørefil (HDF5)', report: 'Rapport',
      csv: 'CSV', show: 'Vis', partial: 'Foreløpig: {n} replikasjoner', none: 'ingen',
    },
    en: {
      title: 'elevsim – planners\' workbench', h_editor: 'Scenario', start_from: 'Start from', load: 'Open',
      import: 'Import TOML', name: 'Name', years: 'First year – years', description: 'Description (bokmål)',
      description_en: 'Description (English)', add_grant: 'Add grant', save: 'Save to the data folder',
      download_toml: 'Download TOML', h_run: 'Run and compare', reference: 'Reference', replications: 'Replications',
      scale: 'Scale', seed: 'Seed', also: 'Compare also with', run: 'Run', cancel: 'Cancel', band: 'Band:', tile_show: 'Show',
      h_downloads: 'Downloads', h_optimise: 'Optimise the allocation',
      optimise_note: 'Searches the best split of the grant in the scenario above (elevsim optimise).',
      budgets: 'Budget (MNOK, comma-separated)', objective: 'Objective', over: 'Search over', evaluations: 'Evaluations',
      bounds: 'Bounds on the shares', optimise: 'Optimise', h_runs: 'Finished runs', grant: 'Grant',
      budget: 'Budget (NOK a year)', first_year: 'First year', last_year: 'Last year', recipients: 'Recipients',
      allocation: 'Allocation', competitive_k: 'Recipients chosen', split: 'Split across interventions (sums to 100 %)',
      counties_nok: 'Counties (NOK a year)', remove: 'Remove', sum: 'Sum', saved: 'Saved as', checked: 'Valid',
      estimate: 'Estimated time: about {s} s', queued: 'Queued', running: 'Running: {d} of {t} replications',
      done: 'Done ({s} s)', cached: 'Answered from the cache', cancelled: 'Cancelled', failed: 'Failed',
      opt_running: 'Optimising: evaluation {n} of about {m}', best: 'Best allocation', open_best: 'Open in the editor',
      min: 'Min', max: 'Max', h_differences: 'Change over time from the reference', prevalence: 'Disorder, change',
      completion: 'Completed (reference)', wait: 'BUP wait, weeks', run_file: 'Run file (HDF5)', report: 'Report',
      csv: 'CSV', show: 'Show', partial: 'Provisional: {n} replications', none: 'none',
    },
  };
  const LOCALE = {
    nb: { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0kr'], minus: '\u2212' },
    en: { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] },
  };
  // The 15 counties on a grid that keeps Norway's shape: [column, row].
  const TILE = {
    Finnmark: [4, 0], Troms: [3, 1], Nordland: [2, 2], 'Trøndelag': [2, 3], 'Møre og Romsdal': [1, 4],
    Innlandet: [2, 4], Vestland: [0, 5], Buskerud: [1, 5], Akershus: [2, 5], Oslo: [3, 5], Rogaland: [0, 6],
    Telemark: [1, 6], Vestfold: [2, 6], 'Østfold': [3, 6], Agder: [1, 7],
  };
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...kids) => {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const k of kids) e.append(k);
    return e;
  };
  const S = {
    lang: 'nb', meta: null, scenarios: [], text: '', fields: null, result: null, job: null, optJob: null,
    best: null, band: '95', buildTimer: null, lastPartial: -1,
  };
  const t = (k) => UI[S.lang][k] || k;
  const fill = (s, o) => s.replace(/\{(\w+)\}/g, (_, k) => (k in o ? String(o[k]) : ''));

  async function api(path, body) {
    const opts = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const r = await fetch(path, opts);
    const j = await r.json().catch(() => ({ error: 'HTTP ' + r.status }));
    if (!r.ok) { const e = new Error(j.error || ('HTTP ' + r.status)); e.field = j.field; throw e; }
    return j;
  }

  function embed(node, spec) {
    node.removeAttribute('data-rendered');
    return vegaEmbed(node, spec, { mode: 'vega-lite', actions: false, renderer: 'svg', formatLocale: LOCALE[S.lang] })
      .then(() => node.setAttribute('data-rendered', '1'))
      .catch((e) => { node.setAttribute('data-error', String(e)); console.error(e); });
  }

  // ---------- language ----------
  function applyLang() {
    document.documentElement.lang = S.lang;
    document.querySelectorAll('[data-t]').forEach((n) => { n.textContent = t(n.dataset.t); });
    $('lang-nb').setAttribute('aria-pressed', String(S.lang === 'nb'));
    $('lang-en').setAttribute('aria-pressed', String(S.lang === 'en'));
    $('h-differences').textContent = t('h_differences');
    if (S.fields) renderGrants();
    renderBounds();
    if (S.result) showResult(S.result.key);
    if (S.best) renderBest();
  }

  // ---------- editor ----------
  function scenarioOptions(select, selected) {
    select.replaceChildren();
    for (const s of S.scenarios) select.append(el('option', { value: s.name, textContent: s.name + (s.shipped ? '' : ' *'), selected: s.name === selected }));
  }

  async function loadScenarios() {
    S.scenarios = await api('/api/scenarios');
    scenarioOptions($('base-select'), $('base-select').value || 'package-per-capita');
    scenarioOptions($('ref-select'), $('ref-select').value || 'baseline');
    const also = [...$('also-select').selectedOptions].map((o) => o.value);
    scenarioOptions($('also-select'), null);
    for (const o of $('also-select').options) o.selected = also.includes(o.value);
  }

  function setEditor(text, fields) {
    S.text = text;
    S.fields = fields;
    for (const k of ['name', 'description', 'description_en', 'start_year', 'years']) $('f-' + k).value = fields[k];
    renderGrants();
    clearErrors();
  }

  async function loadBase() {
    const name = $('base-select').value;
    const s = await api('/api/scenario?name=' + encodeURIComponent(name));
    const f = s.fields;
    // a shipped scenario is not replaced: its copy gets a name of its own
    if (s.shipped) f.name = (name + '-edit').slice(0, 64);
    setEditor(s.text, f);
    await build();
  }

  function clearErrors() {
    document.querySelectorAll('[data-err]').forEach((n) => { n.textContent = ''; });
    document.querySelectorAll('input.bad').forEach((n) => n.classList.remove('bad'));
    $('editor-error').textContent = '';
  }

  // The message beside its field: the key the CLI's message names, else below the editor.
  function showError(err) {
    clearErrors();
    const key = err.field || '';
    const top = key.split('.')[0].replace(/\[\d+\]$/, '');
    let target = document.querySelector('[data-err="' + CSS.escape(key) + '"]') ||
      document.querySelector('[data-err="' + CSS.escape(top) + '"]');
    if (!target) target = $('editor-error');
    target.textContent = err.message;
    const input = document.querySelector('[data-field="' + CSS.escape(key) + '"]') || document.querySelector('[data-field="' + CSS.escape(top) + '"]');
    if (input) input.classList.add('bad');
  }

  function readFields() {
    const f = S.fields;
    f.name = $('f-name').value;
    f.description = $('f-description').value;
    f.description_en = $('f-description_en').value;
    f.start_year = Number($('f-start_year').value);
    f.years = Number($('f-years').value);
    return f;
  }

  // Fields into the TOML, checked by the command line's reader on the server.
  async function build() {
    try {
      const r = await api('/api/scenario/build', { text: S.text, fields: readFields() });
      S.text = r.text;
      clearErrors();
      $('editor-status').textContent = t('checked') + ' ✓';
      return true;
    } catch (e) {
      showError(e);
      $('editor-status').textContent = '';
      return false;
    }
  }
  function buildSoon() { clearTimeout(S.buildTimer); S.buildTimer = setTimeout(build, 250); }

  // Shares that always sum to 1: moving one rescales the others in proportion.
  function setShare(split, key, value) {
    const keys = Object.keys(split);
    value = Math.min(1, Math.max(0, value));
    const others = keys.filter((k) => k !== key);
    const rest = others.reduce((a, k) => a + split[k], 0);
    split[key] = value;
    let left = 1 - value;
    others.forEach((k, i) => {
      if (i === others.length - 1) { split[k] = Math.max(0, left); return; }
      const v = rest > 0 ? split[k] / rest * (1 - value) : (1 - value) / others.length;
      split[k] = Math.round(v * 1e6) / 1e6;
      left -= split[k];
    });
    const sum = keys.reduce((a, k) => a + split[k], 0);
    split[others[others.length - 1]] += 1 - sum;
  }

  const num = (v, d) => v.toLocaleString(S.lang === 'nb' ? 'nb-NO' : 'en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
  function pct(v) { return (Math.round(v * 1000) / 10).toLocaleString(S.lang === 'nb' ? 'nb-NO' : 'en-GB') + ' %'; }

  function grantCard(g, gi) {
    const card = el('div', { className: 'grant' });
    card.dataset.grant = gi;
    const input = (label, key, type, value, onchange) => {
      const i = el('input', { type: type || 'text', value: value });
      i.dataset.field = 'grant.' + key;
      i.addEventListener('change', () => { onchange(i.value); buildSoon(); });
      return el('label', {}, el('span', { textContent: t(label) }), i);
    };
    const head = el('h3', { textContent: t('grant') + ' ' + (gi + 1) + ': ' });
    head.append(el('span', { textContent: g.name }));
    const remove = el('button', { type: 'button', textContent: t('remove') });
    remove.addEventListener('click', () => { S.fields.grants.splice(gi, 1); renderGrants(); buildSoon(); });
    head.append(' ', remove);
    card.append(head);
    const row = el('div', { className: 'row' });
    row.append(input('name', 'name', 'text', g.name, (v) => { g.name = v; }));
    row.append(input('budget', 'budget_nok', 'number', g.budget_nok, (v) => { g.budget_nok = Number(v); }));
    row.append(input('first_year', 'first_year', 'number', g.first_year, (v) => { g.first_year = Number(v); }));
    row.append(input('last_year', 'last_year', 'number', g.last_year, (v) => { g.last_year = Number(v); }));
    const sel = (label, key, options) => {
      const s = el('select');
      s.dataset.field = 'grant.' + key;
      for (const o of options) s.append(el('option', { value: o, textContent: o, selected: g[key] === o }));
      s.addEventListener('change', () => { g[key] = s.value; renderGrants(); buildSoon(); });
      return el('label', {}, el('span', { textContent: t(label) }), s);
    };
    row.append(sel('recipients', 'recipients', ['county', 'municipality']));
    row.append(sel('allocation', 'allocation', ['per_capita', 'needs_weighted', 'competitive', 'targeted']));
    if (g.allocation === 'competitive') row.append(input('competitive_k', 'competitive_k', 'number', g.competitive_k || 3, (v) => { g.competitive_k = Number(v); }));
    card.append(row);
    if (g.allocation === 'targeted') {
      card.append(el('p', { className: 'note', textContent: t('counties_nok') }));
      const grid = el('div', { className: 'targeted' });
      for (const c of S.meta.counties) {
        const i = el('input', { type: 'number', min: 0, value: g.targeted[c] || '' });
        i.dataset.county = c;
        i.addEventListener('change', () => {
          if (i.value === '' || Number(i.value) === 0) delete g.targeted[c]; else g.targeted[c] = Number(i.value);
          buildSoon();
        });
        grid.append(el('label', {}, el('span', { textContent: c }), i));
      }
      card.append(grid);
    }
    card.append(el('p', { className: 'note', textContent: t('split') }));
    const split = el('div', { className: 'split' });
    for (const k of S.meta.interventions) if (!(k in g.split)) g.split[k] = 0;
    for (const k of S.meta.interventions) {
      const r = el('input', { type: 'range', min: 0, max: 1000, step: 1, value: Math.round(g.split[k] * 1000) });
      r.dataset.share = k;
      const out = el('span', { className: 'num', textContent: pct(g.split[k]) });
      r.addEventListener('input', () => {
        setShare(g.split, k, Number(r.value) / 1000);
        split.querySelectorAll('input[type=range]').forEach((o) => { o.value = Math.round(g.split[o.dataset.share] * 1000); o.nextSibling.textContent = pct(g.split[o.dataset.share]); });
        sum.textContent = t('sum') + ': ' + pct(Object.values(g.split).reduce((a, b) => a + b, 0));
      });
      r.addEventListener('change', buildSoon);
      split.append(el('span', { textContent: k }), r, out);
    }
    const sum = el('span', { className: 'sum', textContent: t('sum') + ': ' + pct(Object.values(g.split).reduce((a, b) => a + b, 0)) });
    split.append(sum);
    card.append(split, el('span', { className: 'err' }));
    card.lastChild.dataset.err = 'grant';
    return card;
  }

  function renderGrants() {
    const box = $('grants');
    box.replaceChildren();
    S.fields.grants.forEach((g, i) => box.append(grantCard(g, i)));
  }

  function download(name, text) {
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/toml' })), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  }

  // ---------- runs ----------
  function runRequest() {
    return {
      // the reference, the editor's scenario, then any named scenarios to compare beside it
      scenarios: [{ name: $('ref-select').value }, { text: S.text }]
        .concat([...$('also-select').selectedOptions].map((o) => ({ name: o.value }))),
      replications: Number($('reps').value), scale: Number($('scale').value), seed: Number($('seed').value),
    };
  }

  function updateEstimate() {
    const work = Number($('reps').value) * Number($('scale').value) * (2 + $('also-select').selectedOptions.length);
    const pace = S.meta && S.meta.pace_s > 0 ? S.meta.pace_s : S.meta.prior_pace_s;
    $('estimate').textContent = fill(t('estimate'), { s: Math.max(1, Math.round(work * pace)) });
  }

  async function startRun() {
    $('run-error').textContent = '';
    if (!(await build())) return;
    try {
      const r = await api('/api/run', runRequest());
      S.lastPartial = -1;
      if (r.cached) { $('run-status').textContent = t('cached'); $('progress-bar').style.width = '100%'; await showResult(r.key); await listRuns(); return; }
      S.job = r.job;
      $('cancel').disabled = false;
      $('estimate').textContent = fill(t('estimate'), { s: Math.max(1, Math.round(r.estimate_s)) });
      pollRun();
    } catch (e) { $('run-error').textContent = e.message; }
  }

  async function pollRun() {
    if (S.job === null) return;
    let j;
    try { j = await api('/api/job?id=' + S.job + '&lang=' + S.lang); } catch (e) { $('run-error').textContent = e.message; return; }
    const frac = j.total > 0 ? j.done / j.total : 0;
    $('progress-bar').style.width = (j.state === 'done' ? 100 : 100 * frac) + '%';
    if (j.state === 'queued') $('run-status').textContent = t('queued');
    if (j.state === 'running') {
      $('run-status').textContent = fill(t('running'), { d: j.done, t: j.total });
      if (j.partial && j.partial.replications !== S.lastPartial) {
        S.lastPartial = j.partial.replications;
        renderPartial(j.partial);
      }
    }
    if (j.state === 'done') {
      $('run-status').textContent = fill(t('done'), { s: j.elapsed_s.toFixed(1) });
      S.job = null; $('cancel').disabled = true;
      await showResult(j.key);
      listRuns();
      S.meta = await api('/api/meta');
      return;
    }
    if (j.state === 'failed' || j.state === 'cancelled') {
      $('run-status').textContent = t(j.state);
      $('run-error').textContent = j.error || '';
      S.job = null; $('cancel').disabled = true;
      return;
    }
    setTimeout(pollRun, 500);
  }

  function renderAnswer(r) {
    const box = $('answer');
    // the report's own answer section: escaped by the server as in the report
    box.innerHTML = r.answer_html;
    box.dataset.replications = r.replications;
    for (const [id, spec] of Object.entries(r.specs)) {
      const node = document.getElementById(id);
      if (node) embed(node, spec);
    }
  }

  function renderPartial(p) {
    $('results').hidden = false;
    renderAnswer(p);
    const note = el('p', { className: 'note', id: 'partial-note', textContent: fill(t('partial'), { n: p.replications }) });
    $('answer').prepend(note);
    $('differences').replaceChildren();
    $('tiles').replaceChildren();
    $('county-table').replaceChildren();
    $('downloads').replaceChildren();
  }

  function renderDifferences(r) {
    const box = $('differences');
    box.replaceChildren();
    r.differences.forEach((d, i) => {
      const node = el('div', { className: 'chart', id: 'diff-' + i });
      node.dataset.chart = d.key;
      box.append(el('p', { className: 'chart-title', textContent: d.title }), node);
      embed(node, S.band === '50' ? d.band50 : d.band95);
    });
  }

  function tileMetrics(r) {
    const c = r.counties;
    const m = [];
    for (const s of r.scenarios) if (s !== r.reference) m.push({ id: 'prev:' + s, label: t('prevalence') + ': ' + s, kind: 'prev', scenario: s });
    if (c.completion.length) m.push({ id: 'completion', label: t('completion'), kind: 'completion' });
    if (c.waits) c.waits.scenarios.forEach((s, i) => m.push({ id: 'wait:' + s, label: t('wait') + ' ' + c.waits.year + ': ' + s, kind: 'wait', index: i }));
    return m;
  }

  function metricValues(r, m) {
    const out = {};
    const c = r.counties;
    if (m.kind === 'prev') for (const row of c.prevalence) if (row.scenario === m.scenario) out[row.county] = [row.mean, row.text];
    if (m.kind === 'completion') for (const row of c.completion) out[row.county] = [row.mean, row.text + ' %'];
    if (m.kind === 'wait') c.waits.counties.forEach((k, i) => { const v = c.waits.weeks[m.index][i]; if (v !== null) out[k] = [v, num(v, 1)]; });
    return out;
  }

  function renderCounties(r) {
    $('h-counties').textContent = r.counties ? (r.texts_counties || '') : '';
    const sel = $('tile-metric');
    const tiles = $('tiles'), table = $('county-table');
    tiles.replaceChildren(); table.replaceChildren(); sel.replaceChildren();
    if (!r.counties) return;
    const metrics = tileMetrics(r);
    for (const m of metrics) sel.append(el('option', { value: m.id, textContent: m.label }));
    const draw = () => {
      const m = metrics.find((x) => x.id === sel.value) || metrics[0];
      if (!m) return;
      const vals = metricValues(r, m);
      const nums = Object.values(vals).map((v) => v[0]);
      const lo = Math.min(...nums), hi = Math.max(...nums);
      tiles.replaceChildren();
      let extra = 8;
      for (const county of S.meta.counties) {
        const pos = TILE[county] || [extra % 5, Math.floor(extra++ / 5) + 1];
        const v = vals[county];
        const f = v && hi > lo ? (v[0] - lo) / (hi - lo) : 0.5;
        const tile = el('div', { className: 'tile', title: county });
        tile.dataset.county = county;
        tile.style.gridColumn = String(pos[0] + 1);
        tile.style.gridRow = String(pos[1] + 1);
        tile.style.background = v ? `hsl(205, 55%, ${70 - 45 * f}%)` : '#c8ced4';
        tile.append(el('span', { textContent: county }), el('b', { textContent: v ? v[1] : '–' }));
        tiles.append(tile);
      }
    };
    sel.onchange = draw;
    draw();
    // the table: every metric by county
    const head = el('tr', {}, el('th', { textContent: county_label() }));
    for (const m of metrics) head.append(el('th', { textContent: m.label }));
    const body = el('tbody');
    const all = metrics.map((m) => metricValues(r, m));
    for (const county of S.meta.counties) {
      const tr = el('tr', {}, el('td', { textContent: county }));
      for (const v of all) tr.append(el('td', { className: 'num', textContent: v[county] ? v[county][1] : '–' }));
      body.append(tr);
    }
    table.append(el('table', { className: 'counties' }, el('thead', {}, head), body));
  }
  const county_label = () => (S.lang === 'nb' ? 'Fylke' : 'County');

  async function renderDownloads(r) {
    const box = $('downloads');
    box.replaceChildren();
    const link = (label, href) => box.append(el('a', { href, textContent: label, download: '' }));
    const k = encodeURIComponent(r.key);
    link(t('run_file'), '/api/download?key=' + k + '&what=h5');
    link(t('report') + ' (nb)', '/api/download?key=' + k + '&what=report&lang=nb');
    link(t('report') + ' (en)', '/api/download?key=' + k + '&what=report&lang=en');
    for (const s of r.meta.scenarios) link(s + '.toml', '/api/download?key=' + k + '&what=toml&name=' + encodeURIComponent(s));
    const csv = el('button', { type: 'button', textContent: t('csv') + ' …' });
    csv.addEventListener('click', async () => {
      const files = await api('/api/download?key=' + k + '&what=csv');
      csv.remove();
      for (const f of files.files) link(f, '/api/download?key=' + k + '&what=csv&file=' + encodeURIComponent(f));
    });
    box.append(csv);
  }

  async function showResult(key) {
    const r = await api('/api/result?key=' + encodeURIComponent(key) + '&lang=' + S.lang);
    const texts = await api('/api/texts?lang=' + S.lang);
    r.texts_counties = texts.h_counties;
    S.result = r;
    $('results').hidden = false;
    renderAnswer(r);
    renderDifferences(r);
    renderCounties(r);
    renderDownloads(r);
    $('results').dataset.key = key;
    return r;
  }

  async function listRuns() {
    const runs = await api('/api/runs');
    const ul = $('runs');
    ul.replaceChildren();
    if (!runs.length) ul.append(el('li', { textContent: t('none') }));
    for (const m of runs) {
      const b = el('button', { type: 'button', textContent: t('show') });
      b.addEventListener('click', () => (m.kind === 'optimise' ? showOptimum(m.key) : showResult(m.key)));
      const li = el('li', {}, b, ' ', el('span', { textContent: `${m.kind}: ${m.scenarios.join(' vs ')} · ${m.replications} × ${m.scale} · seed ${m.seed} · ${m.created_utc}` }));
      li.dataset.key = m.key;
      ul.append(li);
    }
  }

  // ---------- optimise ----------
  function renderBounds() {
    if (!S.meta) return;
    const tb = $('bounds');
    const keep = {};
    tb.querySelectorAll('input').forEach((i) => { keep[i.dataset.k + i.dataset.which] = i.value; });
    tb.replaceChildren(el('tr', {}, el('th'), el('th', { textContent: t('min') }), el('th', { textContent: t('max') })));
    for (const k of S.meta.interventions) {
      const mk = (which, def) => { const i = el('input', { type: 'number', min: 0, max: 1, step: 0.05, value: keep[k + which] ?? def }); i.dataset.k = k; i.dataset.which = which; return el('td', {}, i); };
      tb.append(el('tr', {}, el('td', { textContent: k }), mk('min', 0), mk('max', 1)));
    }
  }

  async function startOptimise() {
    $('opt-error').textContent = '';
    if (!(await build())) return;
    const min = {}, max = {};
    $('bounds').querySelectorAll('input').forEach((i) => { (i.dataset.which === 'min' ? min : max)[i.dataset.k] = Number(i.value); });
    const budgets = $('opt-budgets').value.split(',').map((s) => Number(s.trim().replace(',', '.')) * 1e6);
    try {
      const r = await api('/api/optimise', {
        base: { text: S.text }, budgets, objective: $('opt-objective').value, over: $('opt-over').value,
        replications: Number($('opt-reps').value), scale: Number($('opt-scale').value), evaluations: Number($('opt-evals').value),
        min_share: min, max_share: max,
      });
      if (r.cached) { $('opt-status').textContent = t('cached'); await showOptimum(r.key); return; }
      S.optJob = r.job;
      $('opt-cancel').disabled = false;
      pollOptimise();
    } catch (e) { $('opt-error').textContent = e.message; }
  }

  async function pollOptimise() {
    if (S.optJob === null) return;
    let j;
    try { j = await api('/api/job?id=' + S.optJob); } catch (e) { $('opt-error').textContent = e.message; return; }
    $('opt-progress-bar').style.width = (j.state === 'done' ? 100 : Math.min(100, 100 * j.runs_started / j.runs_expected)) + '%';
    if (j.state === 'queued') $('opt-status').textContent = t('queued');
    if (j.state === 'running') $('opt-status').textContent = fill(t('opt_running'), { n: j.runs_started, m: j.runs_expected });
    if (j.state === 'done') {
      $('opt-status').textContent = fill(t('done'), { s: j.elapsed_s.toFixed(1) });
      S.optJob = null; $('opt-cancel').disabled = true;
      await showOptimum(j.key);
      listRuns();
      return;
    }
    if (j.state === 'failed' || j.state === 'cancelled') {
      $('opt-status').textContent = t(j.state); $('opt-error').textContent = j.error || '';
      S.optJob = null; $('opt-cancel').disabled = true;
      return;
    }
    setTimeout(pollOptimise, 700);
  }

  async function showOptimum(key) {
    const r = await api('/api/result?key=' + encodeURIComponent(key) + '&lang=' + S.lang);
    const best = [];
    for (const b of r.best) best.push({ file: b.file, text: b.text, fields: (await api('/api/scenario/parse', { text: b.text })).fields });
    S.best = { key, result: r, best };
    renderBest();
  }

  // Each budget's best allocation, to open in the editor; the frontier when there are several budgets.
  function renderBest() {
    const box = $('opt-result');
    box.replaceChildren();
    const r = S.best.result;
    S.best.best.forEach((b, i) => {
      box.append(el('h3', { textContent: t('best') + ': ' + b.fields.name }));
      const tb = el('table', { className: 'best-split' });
      for (const g of b.fields.grants) {
        for (const [k, v] of Object.entries(g.split)) if (v > 0) tb.append(el('tr', {}, el('td', { textContent: g.name }), el('td', { textContent: k }), el('td', { className: 'num', textContent: pct(v) })));
      }
      box.append(tb);
      const open = el('button', { type: 'button', className: 'primary', textContent: t('open_best') });
      if (i === 0) open.id = 'open-best';
      open.dataset.name = b.fields.name;
      open.addEventListener('click', async () => {
        setEditor(b.text, JSON.parse(JSON.stringify(b.fields)));
        await build();
        $('editor').scrollIntoView();
      });
      const a = el('a', { href: '/api/download?key=' + encodeURIComponent(S.best.key) + '&what=toml&name=' + encodeURIComponent(b.file), download: '', textContent: b.file + '.toml' });
      box.append(el('p', {}, open, ' ', a));
    });
    if (r.specs['chart-frontier']) {
      const node = el('div', { className: 'chart', id: 'opt-frontier' });
      node.dataset.chart = 'frontier';
      box.append(el('p', { className: 'chart-title', textContent: r.frontier_title || '' }), node);
      embed(node, r.specs['chart-frontier']);
    }
  }

  // ---------- wiring ----------
  async function start() {
    S.meta = await api('/api/meta');
    for (const o of S.meta.objectives) $('opt-objective').append(el('option', { value: o, textContent: o }));
    applyLang();
    await loadScenarios();
    await loadBase();
    await listRuns();
    updateEstimate();
    $('lang-nb').onclick = () => { S.lang = 'nb'; applyLang(); };
    $('lang-en').onclick = () => { S.lang = 'en'; applyLang(); };
    $('load-base').onclick = loadBase;
    for (const k of ['name', 'description', 'description_en', 'start_year', 'years']) $('f-' + k).addEventListener('change', buildSoon);
    $('add-grant').onclick = () => {
      const split = {}; S.meta.interventions.forEach((k, i) => { split[k] = i === 0 ? 1 : 0; });
      S.fields.grants.push({ name: 'grant', budget_nok: 10000000, first_year: S.fields.start_year, last_year: S.fields.start_year + S.fields.years - 1, recipients: 'county', allocation: 'per_capita', competitive_k: 0, targeted: {}, split });
      renderGrants(); buildSoon();
    };
    $('save').onclick = async () => {
      if (!(await build())) return;
      try { const r = await api('/api/scenario/save', { text: S.text }); $('editor-status').textContent = t('saved') + ' ' + r.saved; await loadScenarios(); } catch (e) { showError(e); }
    };
    $('download-toml').onclick = async () => { if (await build()) download(S.fields.name + '.toml', S.text); };
    $('import').onchange = async () => {
      const f = $('import').files[0];
      if (!f) return;
      try { const r = await api('/api/scenario/parse', { text: await f.text() }); setEditor(r.text, r.fields); } catch (e) { showError(e); }
    };
    $('run').onclick = startRun;
    $('cancel').onclick = () => { if (S.job !== null) api('/api/job/cancel?id=' + S.job, {}); };
    $('optimise').onclick = startOptimise;
    $('opt-cancel').onclick = () => { if (S.optJob !== null) api('/api/job/cancel?id=' + S.optJob, {}); };
    for (const id of ['reps', 'scale']) $(id).addEventListener('input', updateEstimate);
    $('also-select').addEventListener('change', updateEstimate);
    document.querySelectorAll('input[name=band]').forEach((r) => r.addEventListener('change', () => { S.band = r.value; if (S.result) renderDifferences(S.result); }));
  }
  start().catch((e) => { $('editor-error').textContent = e.message; console.error(e); });
})();
