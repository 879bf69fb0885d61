// Drives flowmeterd's page in Debian's chromium (playwright-core) and
// writes what the page shows, read from its data-* attributes, as JSON for
// dashboard_check.py to hold against nfdump and the API.
//
//   node dashboard_browser.js main URL OUTDIR NATTRUTH GOFILE
//     the page at 1h and 15m (page-1h.json, page-15m.json, screenshots),
//     another host picked (host.json), the NAT box asked each NATTRUTH line
//     (nat.json); then, once GOFILE exists (it holds the flows expected),
//     the live series without a reload (live.json).
//   node dashboard_browser.js auth URL OUTDIR USER PASSWORD
//     without credentials: 401 with a JSON error; with them: the page
//     (page-auth.json).
// JavaScript errors, console errors, failed requests, HTTP errors (but the
// 401 asked for) and any request off flowmeterd's origin are failures.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

const [mode, url, out, a1, a2] = process.argv.slice(2);
const origin = new URL(url).origin;
const problems = [];
const T = 30000;

function fail(msg) {
	console.error('FAIL: ' + msg);
	process.exitCode = 1;
}

async function open(browser, creds) {
	const ctx = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB',
		viewport: { width: 1400, height: 900 }, httpCredentials: creds });
	// No network but flowmeterd: a CDN or a font from elsewhere is a failure.
	await ctx.route('**/*', (r) => {
		if (new URL(r.request().url()).origin === origin || r.request().url().startsWith('data:'))
			return r.continue();
		problems.push('request off origin: ' + r.request().url());
		return r.abort();
	});
	const page = await ctx.newPage();
	// Refusals asked for (expect401) are not problems.
	const problem = (what) => page.expect401 || problems.push(what);
	page.on('pageerror', (e) => problem('page error: ' + e.message));
	page.on('console', (m) => m.type() === 'error' && problem('console: ' + m.text()));
	page.on('requestfailed', (r) => problem('request failed: ' + r.url() + ' ' + r.failure().errorText));
	page.on('response', (r) => r.status() >= 400 && problem('HTTP ' + r.status() + ': ' + r.url()));
	return page;
}

// What the page shows, from its data-* attributes.
function dump(page) {
	return page.evaluate(() => {
		const num = (e) => ({ bytes: +e.dataset.bytes, packets: +e.dataset.packets, flows: +e.dataset.flows });
		const panel = (e) => Object.assign({ from: +e.dataset.from, to: +e.dataset.to, tiers: e.dataset.tiers,
			approximate: e.dataset.approximate === 'true' }, num(e));
		const bars = {};
		for (const b of document.querySelectorAll('.bars'))
			bars[b.id] = Object.assign(panel(b), { by: b.dataset.by,
				rows: [...b.querySelectorAll('g.row')].map((g) => Object.assign({ value: g.dataset.value }, num(g))) });
		const s = document.getElementById('series'), d = document.getElementById('dests');
		const health = {};
		for (const dd of document.querySelectorAll('#health dd'))
			health[dd.dataset.key] = dd.dataset.value;
		return {
			range: document.body.dataset.range, order: document.body.dataset.order,
			status: document.getElementById('status').textContent,
			bars,
			hosts: Object.assign(panel(document.getElementById('hosts')), {
				rows: [...document.querySelectorAll('#hosts tbody tr')].map((tr) =>
					Object.assign({ value: tr.dataset.host, name: tr.dataset.name }, num(tr))) }),
			dests: { host: d.dataset.host, from: +d.dataset.from, to: +d.dataset.to, records: +d.dataset.records, truncated: d.dataset.truncated === 'true',
				rows: [...d.querySelectorAll('tbody tr')].map((tr) =>
					Object.assign({ value: tr.dataset.value, name: tr.dataset.name }, num(tr))) },
			series: Object.assign(panel(s), { step: +s.dataset.step, refreshes: +s.dataset.refreshes,
				points: [...s.querySelectorAll('g.point')].map((g) => Object.assign({ time: +g.dataset.time }, num(g))) }),
			health,
			exporters: [...document.querySelectorAll('#exporters tbody tr')].map((tr) => ({
				exporter: tr.dataset.exporter, records: +tr.dataset.records,
				nat_records: +tr.dataset.natRecords, template_misses: +tr.dataset.templateMisses })),
		};
	});
}

const loads = (page) => page.evaluate(() => +(document.body.dataset.loads || 0));

async function show(page, range) {
	const before = await loads(page);
	await page.selectOption('#range', range);
	await page.waitForFunction(([n, r]) => +(document.body.dataset.loads || 0) > n &&
		document.body.dataset.range === r, [before, range], { timeout: T });
	const d = await dump(page);
	if (d.status)
		problems.push(`range ${range}: the page says "${d.status}"`);
	fs.writeFileSync(path.join(out, `page-${range}.json`), JSON.stringify(d, null, 1));
	await page.screenshot({ path: path.join(out, `dashboard-${range}.png`), fullPage: true });
	return d;
}

async function main(browser) {
	const page = await open(browser);
	const resp = await page.goto(url);
	if (resp.status() !== 200)
		fail('GET / answered ' + resp.status());
	await page.waitForFunction(() => +(document.body.dataset.loads || 0) >= 1, null, { timeout: T });
	await page.evaluate(() => { window.fmTestMark = 1; });
	const d15 = await show(page, '15m');
	const d1h = await show(page, '1h');
	// Another host picked: its destinations.
	const second = d1h.hosts.rows[1] && d1h.hosts.rows[1].value;
	if (!second)
		fail('fewer than two LAN hosts shown');
	else {
		await page.click(`#hosts tbody tr[data-host="${second}"]`);
		await page.waitForFunction((h) => document.getElementById('dests').dataset.host === h, second, { timeout: T });
		fs.writeFileSync(path.join(out, 'host.json'), JSON.stringify((await dump(page)).dests, null, 1));
	}
	// The NAT box, each question of natgen.py's truth.
	const nat = [];
	for (const line of fs.readFileSync(a1, 'utf8').trim().split('\n')) {
		const [outside, at] = line.split(' ');
		await page.fill('#nat-addr', outside);
		await page.fill('#nat-at', new Date(+at).toISOString().slice(0, 19));
		await page.click('#nat-go');
		await page.waitForFunction((t) => {
			const r = document.getElementById('nat-result');
			return r.dataset.state !== 'asking' && r.dataset.at === t;
		}, at, { timeout: T });
		const got = await page.evaluate(() => ({
			state: document.getElementById('nat-result').dataset.state,
			inside: [...document.querySelectorAll('#nat-result li')].map((li) =>
				[li.dataset.inside, li.dataset.kind || '-']) }));
		nat.push({ outside, at: +at, state: got.state, inside: got.inside });
	}
	fs.writeFileSync(path.join(out, 'nat.json'), JSON.stringify(nat, null, 1));
	// The picture (docs/dashboard.png) with a NAT answer in it.
	const found = nat.find((q) => q.inside[0] && q.inside[0][0] !== 'none');
	if (found) {
		await page.fill('#nat-addr', found.outside);
		await page.fill('#nat-at', new Date(found.at).toISOString().slice(0, 19));
		await page.click('#nat-go');
		await page.waitForFunction(() => document.getElementById('nat-result').dataset.state === 'answered' &&
			!!document.querySelector('#nat-result li[data-kind]'), null, { timeout: T });
	}
	await page.screenshot({ path: path.join(out, 'dashboard-nat.png'), fullPage: true });
	// Live: new traffic shows in the series without a reload.
	fs.writeFileSync(path.join(out, 'phase1.done'), '');
	const t0 = Date.now();
	while (!fs.existsSync(a2) || !fs.readFileSync(a2, 'utf8').trim()) {
		if (Date.now() - t0 > 120000)
			throw new Error('no ' + a2 + ' after 120 s');
		await new Promise((r) => setTimeout(r, 200));
	}
	const want = +fs.readFileSync(a2, 'utf8').trim();
	const before = await page.evaluate(() => +document.getElementById('series').dataset.refreshes);
	try {
		await page.waitForFunction(([w, b]) => {
			const s = document.getElementById('series');
			return +s.dataset.flows === w && +s.dataset.refreshes > b;
		}, [want, before], { timeout: 60000 });
	} catch (e) {
		fail(`the series did not come to ${want} flows within 60 s: it shows ` +
			await page.evaluate(() => document.getElementById('series').dataset.flows));
	}
	if (!(await page.evaluate(() => window.fmTestMark === 1)))
		fail('the page was reloaded: the series must refresh by itself');
	const live = await dump(page);
	fs.writeFileSync(path.join(out, 'live.json'), JSON.stringify(live, null, 1));
	await page.screenshot({ path: path.join(out, 'dashboard.png'), fullPage: false });
	console.log(`ok: page at 15m (${d15.series.flows} flows) and 1h (${d1h.series.flows}), ` +
		`${nat.length} NAT questions, live series at ${live.series.flows} flows`);
}

async function auth(browser) {
	let page = await open(browser);
	page.expect401 = true;
	// A browser without credentials refuses the 401's Basic challenge itself.
	try {
		const r = await page.goto(url);
		fail('without credentials GET / answered ' + r.status());
	} catch (e) {
		if (!/ERR_INVALID_AUTH_CREDENTIALS/.test(e.message))
			fail('without credentials: ' + e.message);
	}
	// Chromium's error page may still be replacing it: a context gone is no page either.
	await page.waitForLoadState('load').catch(() => {});
	if (await page.evaluate(() => !!document.getElementById('series')).catch(() => false))
		fail('the page showed without credentials');
	const resp = await page.request.get(url);
	const body = await resp.text();
	if (resp.status() !== 401)
		fail('without credentials GET / answered ' + resp.status());
	try {
		if (!JSON.parse(body).error)
			fail('the 401 has no error');
	} catch (e) {
		fail('the 401 is not JSON: ' + body.slice(0, 80));
	}
	await page.context().close();
	page = await open(browser, { username: a1, password: a2 });
	const ok = await page.goto(url);
	if (ok.status() !== 200)
		fail('with credentials GET / answered ' + ok.status());
	await page.waitForFunction(() => +(document.body.dataset.loads || 0) >= 1, null, { timeout: T });
	const d = await dump(page);
	if (d.status)
		problems.push(`the page says "${d.status}"`);
	fs.writeFileSync(path.join(out, 'page-auth.json'), JSON.stringify(d, null, 1));
	await page.screenshot({ path: path.join(out, 'dashboard-auth.png'), fullPage: true });
	console.log(`ok: off loopback: 401 without credentials, the page with them (${d.series.flows} flows)`);
}

(async () => {
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
	try {
		await (mode === 'auth' ? auth : main)(browser);
	} finally {
		await browser.close();
	}
	for (const p of problems)
		fail(p);
})().catch((e) => {
	fail(e.stack || String(e));
	for (const p of problems)
		fail(p);
	process.exit(1);
});
