// Renders elevsim's HTML report in headless Chromium (Debian's, driven by
// playwright-core) in both languages: the charts must draw, nothing may log an
// error or touch the network, tooltips must work, and a scenario description
// that carries script must show as text without running. The first screen
// (1280x800) must show the answer, one paragraph per scenario; the bokmål
// report may show no English chart title and no axis number with more than
// two decimals.
//
// Usage: node tests/report_browser.cjs ELEVSIM PLAYWRIGHT_CORE_DIR SCREENSHOT_DIR
// (run from the source tree; ctest does this).
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert');

const [elevsim, playwrightDir, shotDir] = process.argv.slice(2);
const { chromium } = require(playwrightDir);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'elevsim-report-'));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function run(scenarios, out, reps = 5, scale = 0.05) {
  execFileSync(elevsim, ['--params', 'params', 'run', ...scenarios, '-r', String(reps), '--scale', String(scale), '--seed', '17',
    '-q', '-o', out], { stdio: 'inherit' });
}

async function open(html, check) {
  const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: FLAGS,
    viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1,
  });
  const problems = [], requests = [], dialogs = [];
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto('file://' + html);
    await page.waitForFunction(() => [...document.querySelectorAll('.chart')]
      .every((c) => c.hasAttribute('data-rendered') || c.hasAttribute('data-error')), null, { timeout: 60000 });
    await check(page);
  } finally {
    await ctx.close();
  }
  assert.deepStrictEqual(problems, [], 'console errors or warnings');
  assert.deepStrictEqual(requests, [], 'network requests');
  assert.deepStrictEqual(dialogs, [], 'dialogs opened');
}

async function checkCharts(page, lang, nScenarios) {
  const charts = await page.$$eval('.chart', (cs) => cs.map((c) => ({
    id: c.id, key: c.dataset.chart, error: c.getAttribute('data-error'),
    svg: c.querySelectorAll('svg').length, lines: c.querySelectorAll('.mark-line path').length,
    areas: c.querySelectorAll('.mark-area path').length, rules: c.querySelectorAll('.mark-rule line').length,
    points: c.querySelectorAll('.mark-symbol path').length,
  })));
  assert.ok(charts.length >= 4, `expected prevalence, disorder, county and gap charts, got ${charts.length}`);
  for (const c of charts) {
    assert.strictEqual(c.error, null, `${c.id}: ${c.error}`);
    assert.ok(c.svg >= 1, `${c.id} drew no svg`);
    if (c.key === 'counties') {
      assert.ok(c.rules >= 15 * nScenarios && c.points >= 15 * nScenarios, `${c.id}: ${c.rules} interval rules, ${c.points} points`);
    } else if (c.key === 'cost_effect') {
      assert.ok(c.points >= nScenarios && c.rules >= 2 * nScenarios, `${c.id}: ${c.points} points, ${c.rules} interval rules`);
    } else if (c.key === 'ceac') {
      assert.ok(c.lines >= nScenarios && c.rules >= 1, `${c.id}: ${c.lines} lines, ${c.rules} marked value`);
    } else if (c.key === 'evpi' || c.key === 'frontier') {
      assert.ok(c.lines >= 1, `${c.id}: ${c.lines} lines`);
    } else if (c.key.startsWith('diff:')) {
      assert.ok(c.lines >= nScenarios - 1 && c.areas >= nScenarios - 1, `${c.id}: ${c.lines} lines, ${c.areas} bands`);
    } else {
      assert.ok(c.lines >= nScenarios && c.areas >= nScenarios, `${c.id}: ${c.lines} lines, ${c.areas} interval bands`);
    }
  }
  assert.strictEqual(await page.getAttribute('html', 'lang'), lang);
  // A tooltip shows the figures of the point under the pointer.
  // the last point drawn lies on top where scenarios' lines overlap
  const points = await page.$$('#chart-0 .mark-symbol path');
  await points[Math.max(0, points.length - 5)].hover();
  await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
  const tip = await page.textContent('#vg-tooltip-element');
  assert.ok(tip.includes(lang === 'nb' ? 'mellom' : 'between'), `tooltip: ${tip}`);
  await page.mouse.move(0, 0);
}

// Every title and axis text of the charts, in page order.
function chartTexts(page) {
  return page.evaluate(() => ({
    titles: [...document.querySelectorAll('.chart-title')].map((e) => e.textContent.trim()),
    axisTitles: [...document.querySelectorAll('.chart svg .role-axis-title text, .chart svg .role-legend-title text, '
      + '.chart svg .role-title-text, .chart svg .role-column-title text')].map((e) => e.textContent.trim()),
    axisLabels: [...document.querySelectorAll('.chart svg .role-axis-label text')].map((e) => e.textContent.trim()),
  }));
}

// The answer comes first: the paragraphs lie within the first 1280x800 screen.
async function checkFirstScreen(page, lang, nScenarios) {
  const boxes = await page.$$eval('p.answer', (ps) => ps.map((p) => {
    const r = p.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, text: p.textContent };
  }));
  assert.strictEqual(boxes.length, nScenarios - 1, 'one answer paragraph per scenario but the reference');
  for (const b of boxes) {
    assert.ok(b.bottom <= 800, `answer paragraph ends at ${b.bottom}px, below the first screen: ${b.text}`);
    assert.ok(b.text.includes(lang === 'nb' ? 'mellom' : 'between'), `no interval in words: ${b.text}`);
    assert.ok(!/\d{5,}/.test(b.text.replace(/\s/g, ' ')), `a bare long number: ${b.text}`);
  }
  const first = await page.textContent('h2');
  assert.strictEqual(first, lang === 'nb' ? 'Svaret i korte trekk' : 'The answer in brief');
}

const ENGLISH = /\b(the|of|and|by|per cent|pupils|grant|money|allocated|value|cost|dropouts?|probability|change|year)\b/i;

(async () => {
  const h5 = path.join(tmp, 'run.h5');
  // enough replications and pupils for the screenshots to look like a real run
  // a scheme with grant money (cost, dropouts, net benefit) beside one without
  run(['scenarios/baseline.toml', 'tests/scenarios/prevention.toml', 'scenarios/los-followup.toml'], h5, 12, 0.1);
  fs.mkdirSync(shotDir, { recursive: true });
  const texts = {};
  for (const lang of ['en', 'nb']) {
    const html = path.join(tmp, `report-${lang}.html`);
    execFileSync(elevsim, ['report', h5, '--lang', lang, '-o', html], { stdio: 'inherit' });
    await open(html, async (page) => {
      await checkFirstScreen(page, lang, 3);
      await page.screenshot({ path: path.join(shotDir, `report-${lang}-first-screen.png`) });
      await checkCharts(page, lang, 3);
      for (const key of ['cost_effect', 'ceac', 'evpi', 'diff:prev_any', 'diff:prev_disorder']) {
        assert.strictEqual(await page.$$eval(`[data-chart="${key}"]`, (e) => e.length), 1, `chart ${key}`);
      }
      texts[lang] = await chartTexts(page);
      await page.screenshot({ path: path.join(shotDir, `report-${lang}.png`), fullPage: true });
    });
    console.log(`report (${lang}): answer on the first screen, charts drew, no errors, no network, screenshots in ${shotDir}`);
  }
  // The bokmål report: no chart or axis title in English, no axis number with
  // more than two decimals (a decimal comma followed by three digits).
  const nb = texts.nb, en = texts.en;
  assert.strictEqual(nb.titles.length, en.titles.length);
  const shared = new Set(['Scenario']);
  nb.titles.concat(nb.axisTitles).forEach((t) => {
    assert.ok(!ENGLISH.test(t), `English in a bokmål chart text: "${t}"`);
    if (!shared.has(t)) assert.ok(!en.titles.includes(t) && !en.axisTitles.includes(t), `the same in English: "${t}"`);
  });
  assert.ok(nb.axisLabels.length > 50, `only ${nb.axisLabels.length} axis labels found`);
  for (const label of nb.axisLabels) assert.ok(!/,\d{3,}/.test(label), `axis label with more than 2 decimals: "${label}"`);
  for (const label of en.axisLabels) assert.ok(!/\.\d{3,}/.test(label), `axis label with more than 2 decimals: "${label}"`);
  console.log('report: bokmål chart texts are all bokmål, axis numbers have at most two decimals');

  // A run of the reference alone has nothing to compare with, and still draws.
  const single = path.join(tmp, 'single.h5'), singleHtml = path.join(tmp, 'single.html');
  run(['scenarios/baseline.toml'], single);
  execFileSync(elevsim, ['report', single, '-o', singleHtml], { stdio: 'inherit' });
  await open(singleHtml, (page) => checkCharts(page, 'nb', 1));
  console.log('report: a single-scenario run draws');

  // Datasets of later modules (dropout; services with a `service` dimension)
  // appear as charts, one panel per service.
  const small = path.join(tmp, 'small.h5'), fake = path.join(tmp, 'fake.h5');
  run(['scenarios/baseline.toml', 'tests/scenarios/prevention.toml'], small);
  execFileSync('/usr/bin/python3', ['tests/fake_services.py', small, fake], { stdio: 'inherit' });
  const fakeHtml = path.join(tmp, 'fake.html');
  execFileSync(elevsim, ['report', fake, '--lang', 'en', '-o', fakeHtml], { stdio: 'inherit' });
  await open(fakeHtml, async (page) => {
    await checkCharts(page, 'en', 2);
    const panels = await page.$$eval('[data-chart="dataset:treated"] .mark-line path', (e) => e.length);
    assert.strictEqual(panels, 3 * 2, 'one panel per service, one line per scenario');
    assert.strictEqual(await page.$$eval('[data-chart="dataset:dropouts"]', (e) => e.length), 1);
  });
  console.log('report: datasets of later modules draw as charts, split by service');

  // The optimiser's frontier (/optimisation/frontier) draws in the opening, after the cost-effect chart.
  const frontier = path.join(tmp, 'frontier.h5'), frontierHtml = path.join(tmp, 'frontier.html');
  execFileSync('/usr/bin/python3', ['tests/fake_frontier.py', small, frontier], { stdio: 'inherit' });
  execFileSync(elevsim, ['report', frontier, '-o', frontierHtml], { stdio: 'inherit' });
  await open(frontierHtml, async (page) => {
    await checkCharts(page, 'nb', 2);
    const order = await page.$$eval('#answer .chart', (cs) => cs.map((c) => c.dataset.chart));
    assert.deepStrictEqual(order.slice(0, 2), ['cost_effect', 'frontier'], `opening charts: ${order}`);
    assert.ok(await page.$$eval('#chart-frontier .mark-line path', (e) => e.length) >= 2, 'best and base lines');
  });
  assert.strictEqual(await (async () => {
    const html = fs.readFileSync(path.join(tmp, 'report-nb.html'), 'utf8');
    return html.includes('id="chart-frontier"');
  })(), false, 'a run without /optimisation shows no frontier');
  console.log('report: the optimiser\'s frontier draws when the run has one, and only then');

  // The effect ladder of the quickstart run (`run --ladder`, small here): a row per
  // intervention with what 10 MNOK a year buys, each figure with its interval, in both languages.
  const ladder = path.join(tmp, 'ladder.h5');
  execFileSync(elevsim, ['--params', 'params', 'run', 'scenarios/baseline.toml', 'scenarios/kompetansetiltak-2021.toml',
    'scenarios/los-followup.toml', '--ladder', '-r', '3', '--scale', '0.03', '--seed', '17', '-q', '-o', ladder],
  { stdio: 'inherit' });
  for (const lang of ['en', 'nb']) {
    const ladderHtml = path.join(tmp, `ladder-${lang}.html`);
    execFileSync(elevsim, ['report', ladder, '--lang', lang, '-o', ladderHtml], { stdio: 'inherit' });
    await open(ladderHtml, async (page) => {
      const rows = await page.$$eval('section#ladder tbody tr', (trs) => trs.map((tr) => ({
        iv: tr.dataset.intervention,
        cells: [...tr.querySelectorAll('td[data-figure]')].map((td) => ({
          key: td.dataset.figure, mean: Number(td.dataset.mean), text: td.textContent })),
      })));
      assert.deepStrictEqual(rows.map((r) => r.iv), ['staff_competence', 'school_health_fte', 'bup_at_school',
        'municipal_psychologist', 'followup_los', 'universal_prevention'], 'one ladder row per intervention');
      for (const r of rows) {
        assert.deepStrictEqual(r.cells.map((c) => c.key), ['spent_nok_per_year', 'units_per_year',
          'pupils_reached_per_year', 'sessions_per_year', 'treatments_per_year', 'disorder_years_averted_per_year',
          'dropouts_avoided_per_cohort'], `${r.iv}: the ladder's figures side by side`);
        const spent = r.cells[0];
        assert.ok(spent.mean > 8e6 && spent.mean <= 10e6 + 1e-3, `${r.iv} spends ${spent.mean} of 10 MNOK`);
        for (const c of r.cells) {
          assert.ok(Number.isFinite(c.mean), `${r.iv} ${c.key}: ${c.mean}`);
          assert.ok(/mellom|between|lik i alle|the same in every/.test(c.text), `${r.iv} ${c.key} has no interval: ${c.text}`);
        }
      }
      const heading = await page.textContent('section#ladder h2');
      assert.ok(lang === 'nb' ? /^Hva 10([,.]0)?\smill\.\skr i året kjøper/.test(heading) : /^What 10([,.]0)?\sMNOK a year buys/.test(heading),
        `ladder heading: ${heading}`);
      const head = await page.$$eval('section#ladder th', (ths) => ths.map((t) => t.textContent.trim()));
      if (lang === 'nb') head.forEach((t) => assert.ok(!ENGLISH.test(t), `English in a bokmål ladder heading: "${t}"`));
      await page.$eval('section#ladder', (e) => e.scrollIntoView());
      await page.screenshot({ path: path.join(shotDir, `report-${lang}-ladder.png`) });
    });
  }
  assert.ok(!fs.readFileSync(path.join(tmp, 'report-nb.html'), 'utf8').includes('id="ladder"'),
    'a run without --ladder shows no ladder');
  console.log('report: the effect ladder shows a row per intervention with intervals, in both languages');

  const hostile = path.join(tmp, 'hostile.h5');
  run(['scenarios/baseline.toml', 'tests/scenarios/hostile.toml'], hostile);
  const html = path.join(tmp, 'hostile.html');
  execFileSync(elevsim, ['report', hostile, '-o', html], { stdio: 'inherit' });
  await open(html, async (page) => {
    assert.strictEqual(await page.evaluate(() => window.__pwned), undefined, 'script from the scenario ran');
    const text = await page.textContent('.scenario[data-scenario="hostile"] .description');
    assert.ok(text.includes('<script>window.__pwned=1;alert(1)</script><img src=x'), `description shows as: ${text}`);
    assert.strictEqual(await page.$$eval('#scenarios img, #scenarios script', (e) => e.length), 0);
    assert.strictEqual(await page.$$eval('script:not([type])', (e) => e.length), 4, 'only the report\'s own scripts');
  });
  console.log('report: a scenario description carrying script shows as text and runs nothing');
  fs.rmSync(tmp, { recursive: true, force: true });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
