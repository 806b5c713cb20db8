// Walks `elevsim serve` in headless Chromium (Debian's, driven by playwright-core
// from the report's vendored npm packages, as report_browser.cjs does), once in
// each language: open the page from the printed address, see a bad budget's
// message beside the field, change the split, run
// at a small scale, see the answer paragraph and the cost-effect chart, the
// differences over time (switched to the 50 % band) and the county tiles,
// optimise over two budgets (the frontier draws), open the best allocation
// in the editor and download its TOML. Nothing may log an error or reach
// beyond the server. Screenshots go to SCREENSHOT_DIR (outputs/examples/).
//
// Usage: node tests/serve_browser.cjs ELEVSIM PLAYWRIGHT_CORE_DIR SCREENSHOT_DIR
// (run from the source tree; ctest does this).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert');

const [elevsim, playwrightDir, shotDir] = process.argv.slice(2);
const { chromium } = require(playwrightDir);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'elevsim-serve-browser-'));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function startServer() {
  const urlFile = path.join(tmp, 'url');
  const proc = spawn(elevsim, ['--params', 'params', 'serve', '--port', '0', '--data', path.join(tmp, 'data'),
    '--port-file', urlFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 300 && !fs.existsSync(urlFile); ++i) await new Promise((r) => setTimeout(r, 50));
  return { proc, url: fs.readFileSync(urlFile, 'utf8').trim() };
}

async function walk(ctx, url, lang) {
  const page = ctx.pages()[0] || await ctx.newPage();
  const problems = [], requests = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const origin = new URL(url).origin;
  await ctx.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/') || u.startsWith('blob:')) return route.continue();
    requests.push(u);
    return route.abort();
  });
  await page.goto(url);
  assert.strictEqual(new URL(page.url()).search, '', 'the token leaves the address bar for a cookie');
  await page.waitForSelector('#grants .grant input[data-share]');
  await page.click(`#lang-${lang}`);
  assert.strictEqual(await page.getAttribute('html', 'lang'), lang);

  // a bad budget: the command line's message beside the grant, the field marked; then put right
  const budget = '.grant input[data-field="grant.budget_nok"]';
  await page.fill(budget, '-5');
  await page.press(budget, 'Tab');
  await page.waitForFunction(() => /budget_nok.*-5/.test(document.querySelector('.grant [data-err="grant"]').textContent));
  assert.ok(await page.$('.grant input.bad[data-field="grant.budget_nok"]'), 'the budget field is marked');
  await page.fill(budget, '100000000');
  await page.press(budget, 'Tab');
  await page.waitForFunction(() => /✓/.test(document.getElementById('editor-status').textContent));
  // the refusal of the bad budget is an HTTP 400, which Chromium logs: that one is expected
  for (let i = problems.length - 1; i >= 0; --i) if (/status of 400/.test(problems[i])) problems.splice(i, 1);

  // change the split: universal prevention to 60 %, the rest follow, the sum stays 100 %
  await page.$eval('input[data-share="universal_prevention"]', (r) => {
    r.value = '600';
    r.dispatchEvent(new Event('input', { bubbles: true }));
    r.dispatchEvent(new Event('change', { bubbles: true }));
  });
  const sum = await page.textContent('.split .sum');
  assert.ok(/100/.test(sum), `shares sum to 100 %: ${sum}`);
  await page.waitForFunction(() => /✓/.test(document.getElementById('editor-status').textContent));

  // run small
  await page.fill('#reps', '4');
  await page.fill('#scale', '0.02');
  await page.fill('#seed', lang === 'nb' ? '11' : '12');
  await page.click('#run');
  await page.waitForSelector('#answer p.answer', { timeout: 120000 });
  await page.waitForFunction(() => document.getElementById('results').dataset.key, null, { timeout: 180000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#results .chart')]
    .every((c) => c.hasAttribute('data-rendered') || c.hasAttribute('data-error')), null, { timeout: 60000 });
  const answer = await page.textContent('#answer p.answer');
  assert.ok(answer.length > 40, `answer paragraph: ${answer}`);
  assert.ok(lang === 'nb' ? /kr/.test(answer) : /NOK/.test(answer), `answer in ${lang}: ${answer}`);
  assert.ok(await page.$('#chart-cost-effect[data-rendered]'), 'cost-effect chart drew');
  assert.ok(await page.$$eval('#differences .chart[data-rendered]', (c) => c.length) >= 1, 'differences over time drew');
  assert.strictEqual(await page.$$eval('#tiles .tile', (t) => t.length), 15, 'a tile per county');
  await page.click('#band-50');
  await page.waitForFunction(() => [...document.querySelectorAll('#differences .chart')].every((c) => c.hasAttribute('data-rendered')));
  await (await page.$('#results .counties-view')).screenshot({ path: path.join(shotDir, `serve-${lang}-counties.png`) });
  await page.$eval('#answer', (e) => e.scrollIntoView());
  await page.screenshot({ path: path.join(shotDir, `serve-${lang}-answer.png`) });

  // optimise the edited scenario, open the best allocation, download its TOML
  await page.fill('#opt-budgets', '50, 100');  // two budgets: a frontier
  await page.fill('#opt-reps', '2');
  await page.fill('#opt-scale', '0.02');
  await page.fill('#opt-evals', '2');
  await page.click('#optimise');
  await page.waitForFunction(() => document.getElementById('open-best') || document.getElementById('opt-error').textContent,
    null, { timeout: 240000 });
  assert.strictEqual(await page.textContent('#opt-error'), '', 'optimisation failed');
  await page.waitForSelector('#opt-frontier[data-rendered]');
  await (await page.$('#optimise-panel')).screenshot({ path: path.join(shotDir, `serve-${lang}-optimise.png`) });
  const bestName = await page.getAttribute('#open-best', 'data-name');
  await page.click('#open-best');
  await page.waitForFunction((n) => document.getElementById('f-name').value === n, bestName);
  await page.waitForFunction(() => /✓/.test(document.getElementById('editor-status').textContent));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-toml')]);
  const file = path.join(tmp, `best-${lang}.toml`);
  await download.saveAs(file);
  const toml = fs.readFileSync(file, 'utf8');
  assert.ok(toml.includes(`name = "${bestName}"`) || toml.includes(`name = '${bestName}'`), `downloaded TOML is the best allocation: ${toml.slice(0, 300)}`);
  await (await page.$('#editor')).screenshot({ path: path.join(shotDir, `serve-${lang}-editor.png`) });
  assert.deepStrictEqual(problems, [], 'console errors or warnings');
  assert.deepStrictEqual(requests, [], 'requests beyond the server');
  console.log(`serve (${lang}): split changed, run, answer and charts, optimised, best opened and downloaded`);
}

(async () => {
  fs.mkdirSync(shotDir, { recursive: true });
  const { proc, url } = await startServer();
  try {
    for (const lang of ['nb', 'en']) {
      const profile = fs.mkdtempSync(path.join(tmp, 'profile-'));
      const ctx = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, acceptDownloads: true,
        viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1,
      });
      try {
        await walk(ctx, url, lang);
      } finally {
        await ctx.close();
      }
    }
  } finally {
    proc.kill('SIGTERM');
  }
  fs.rmSync(tmp, { recursive: true, force: true });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
