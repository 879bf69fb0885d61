// SPDX-License-Identifier: GPL-2.0
// flowmeterd's page: every number from /api/v1 (the store's rollups for
// totals: ranges end on 5-minute edges so no raw row is read for them),
// drawn as plain SVG. Each number's element carries the raw value in
// data-* attributes, for people's tools and the browser test alike.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const BUCKET = 300000;
const RANGES = {
	'15m': { span: 900000, step: 300000 },
	'1h': { span: 3600000, step: 300000 },
	'1d': { span: 86400000, step: 900000 },
	'1w': { span: 604800000, step: 3600000 },
};
const HOSTS = 10, BARS = 10, DEST_RECORDS = 1000;
// Raw records are asked for no more than this much of a range: without an
// index by address, a quiet host's records are looked for by time.
const RAW_WINDOW = 900000;
const $ = (id) => document.getElementById(id);
const state = { host: null, health: null, loads: 0, seriesLoads: 0 };
const countries = typeof Intl.DisplayNames === 'function' ?
	new Intl.DisplayNames(['en'], { type: 'region' }) : null;

function el(tag, attrs, ...kids) {
	const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) :
		document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {}))
		e.setAttribute(k, v);
	for (const k of kids)
		e.append(k);
	return e;
}

function human(v, order) {
	if (order !== 'bytes')
		return Number(v).toLocaleString('en');
	const u = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
	let i = 0;
	for (; v >= 1000 && i < u.length - 1; i++)
		v /= 1000;
	return (i ? v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0) : v) + ' ' + u[i];
}

function counts(e, c) {
	e.dataset.bytes = c.bytes;
	e.dataset.packets = c.packets;
	e.dataset.flows = c.flows;
	return e;
}

function say(text) {
	$('status').textContent = text;
	$('status').className = text ? 'error' : '';
}

async function api(kind, params) {
	const r = await fetch('/api/v1/' + kind + '?' + new URLSearchParams(params),
		{ credentials: 'same-origin', headers: { Accept: 'application/json' } });
	const j = await r.json().catch(() => ({ error: r.statusText }));
	if (!r.ok)
		throw new Error(kind + ': ' + (j.error || r.status));
	return j;
}

// The chosen range, its ends on 5-minute edges: the rollups answer it whole.
function range() {
	const r = RANGES[$('range').value];
	const to = Math.ceil(Date.now() / BUCKET) * BUCKET;
	return { from: to - r.span, to, step: r.step };
}

function tiers(ans) {
	return [...new Set((ans.read || []).map((x) => x.tier))].join(',');
}

function mark(e, ans, rg) {
	e.dataset.from = rg.from;
	e.dataset.to = rg.to;
	e.dataset.tiers = tiers(ans);
	e.dataset.approximate = ans.approximate ? 'true' : 'false';
	counts(e, ans.total || { bytes: 0, packets: 0, flows: 0 });
}

function label(by, v) {
	if (by.endsWith('country') && /^[A-Z]{2}$/.test(v) && countries) {
		try {
			return v + ' ' + countries.of(v);
		} catch (e) {
			return v;
		}
	}
	return v;
}

// Ranked bars of one dimension. "local" (the LAN side) and "" (no AS known)
// are the other direction or nothing to rank: left out, the total keeps them.
async function bars(box, rg, order) {
	const by = box.dataset.by;
	const ans = await api('top', { by, from: rg.from, to: rg.to, n: BARS + 2, order });
	const rows = ans.rows.filter((r) => r.value !== '' && r.value !== 'local').slice(0, BARS);
	const max = Math.max(1, ...rows.map((r) => r[order]));
	const h = 22, w = 460, lw = 170, vw = 80;
	const svg = el('svg:svg', { viewBox: `0 0 ${w} ${Math.max(1, rows.length) * h}`,
		role: 'img', 'aria-label': box.previousElementSibling.textContent });
	rows.forEach((r, i) => {
		const g = counts(el('svg:g', { class: 'row', transform: `translate(0 ${i * h})` }), r);
		g.dataset.value = r.value;
		g.append(el('svg:text', { x: 0, y: 15, class: 'label' }, label(by, r.value)),
			el('svg:rect', { x: lw, y: 3, height: h - 6,
				width: Math.max(1, (w - lw - vw) * r[order] / max) }),
			el('svg:text', { x: w, y: 15, class: 'value', 'text-anchor': 'end' },
				human(r[order], order)),
			el('svg:title', {}, `${r.value}: ${r.bytes} bytes, ${r.packets} packets, ${r.flows} flows`));
		svg.append(g);
	});
	mark(box, ans, rg);
	box.replaceChildren(rows.length ? svg : el('p', { class: 'note' }, 'nothing in this range'));
}

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
	/^169\.254\./, /^f[cd][0-9a-f]{2}:/i, /^fe[89ab][0-9a-f]:/i];
const isLan = (a) => PRIVATE.some((re) => re.test(a));

// A host's name as the enrichers gave it: host_alias first, then its PTR.
function nameOf(rec, side) {
	for (const k of [side + '_host', side + '_name']) {
		const v = rec && rec[k];
		if (v && v !== 'unknown' && v !== rec[side + '_ip'])
			return v;
	}
	return '';
}

async function hosts(rg, order) {
	const ans = await api('top', { by: 'source_ip', from: rg.from, to: rg.to, n: 50, order });
	const rows = ans.rows.filter((r) => isLan(r.value)).slice(0, HOSTS);
	const names = await Promise.all(rows.map((r) =>
		api('flows', { src: r.value, from: Math.max(rg.from, rg.to - RAW_WINDOW), to: rg.to, n: 1 })
			.then((f) => nameOf(f.records[0], 'source'))));
	const body = $('hosts').tBodies[0];
	body.replaceChildren(...rows.map((r, i) => {
		const tr = counts(el('tr', { tabindex: 0 }), r);
		tr.dataset.host = r.value;
		tr.dataset.name = names[i];
		tr.append(el('td', {}, names[i] ? `${names[i]} (${r.value})` : r.value),
			el('td', { class: 'n' }, human(r.bytes, 'bytes')),
			el('td', { class: 'n' }, human(r.packets, 'packets')),
			el('td', { class: 'n' }, human(r.flows, 'flows')));
		tr.addEventListener('click', () => pick(r.value, names[i]));
		tr.addEventListener('keydown', (e) => e.key === 'Enter' && pick(r.value, names[i]));
		if (r.value === state.host)
			tr.classList.add('picked');
		return tr;
	}));
	mark($('hosts'), ans, rg);
	if (!rows.some((r) => r.value === state.host))
		state.host = rows.length ? rows[0].value : null;
	await dests(rg);
}

function pick(host) {
	state.host = host;
	for (const tr of $('hosts').tBodies[0].rows)
		tr.classList.toggle('picked', tr.dataset.host === host);
	dests(range()).catch((e) => say(e.message));
}

// A host's destinations: no rollup pairs source and destination, so these
// come from its newest raw records, at most DEST_RECORDS, of the range's
// last RAW_WINDOW.
async function dests(rg) {
	const body = $('dests').tBodies[0], host = state.host, order = $('order').value;
	const tbl = $('dests');
	$('dest-host').textContent = host || '…';
	if (!host) {
		body.replaceChildren();
		$('dests-note').textContent = 'no LAN host in this range';
		return;
	}
	const from = Math.max(rg.from, rg.to - RAW_WINDOW);
	const ans = await api('flows', { src: host, from, to: rg.to, n: DEST_RECORDS });
	const by = new Map();
	for (const r of ans.records) {
		const d = by.get(r.destination_ip) || { value: r.destination_ip, bytes: 0, packets: 0,
			flows: 0, name: nameOf(r, 'destination'), country: r.destination_country || '' };
		d.bytes += r.bytes || 0;
		d.packets += r.packets || 0;
		d.flows += r.flows || 0;
		by.set(d.value, d);
	}
	const rows = [...by.values()].sort((a, b) => b[order] - a[order] || (a.value < b.value ? -1 : 1))
		.slice(0, HOSTS);
	body.replaceChildren(...rows.map((d) => {
		const tr = counts(el('tr'), d);
		tr.dataset.value = d.value;
		tr.dataset.name = d.name;
		const where = [d.name, d.country && d.country !== 'Unknown' ? d.country : ''].filter(Boolean);
		tr.append(el('td', {}, d.value + (where.length ? ` (${where.join(', ')})` : '')),
			el('td', { class: 'n' }, human(d.bytes, 'bytes')),
			el('td', { class: 'n' }, human(d.packets, 'packets')),
			el('td', { class: 'n' }, human(d.flows, 'flows')));
		return tr;
	}));
	tbl.dataset.host = host;
	tbl.dataset.from = from;
	tbl.dataset.to = rg.to;
	tbl.dataset.records = ans.records.length;
	tbl.dataset.truncated = ans.truncated ? 'true' : 'false';
	$('dests-note').textContent = `from ${host}'s ${ans.records.length} newest flow records in ` +
		`${new Date(from).toLocaleTimeString()} – ${new Date(rg.to).toLocaleTimeString()}` +
		(ans.truncated ? ' (there are more)' : '');
}

async function series() {
	const rg = range(), order = $('order').value, box = $('series');
	const ans = await api('series', { from: rg.from, to: rg.to, step: rg.step / 1000 + 's' });
	const pts = ans.points, w = 960, h = 200, pad = 50, n = Math.max(1, pts.length);
	const max = Math.max(1, ...pts.map((p) => p[order]));
	const bw = (w - pad) / n;
	const svg = el('svg:svg', { viewBox: `0 0 ${w} ${h + 20}`, role: 'img', 'aria-label': 'traffic over time' });
	const total = { bytes: 0, packets: 0, flows: 0 };
	pts.forEach((p, i) => {
		const x = pad + i * bw, y = h - (h - 10) * p[order] / max;
		for (const k of ['bytes', 'packets', 'flows'])
			total[k] += p[k];
		const g = counts(el('svg:g', { class: 'point' }), p);
		g.dataset.time = Date.parse(p.time);
		g.append(el('svg:rect', { x, y, width: Math.max(1, bw - 1), height: h - y }),
			el('svg:title', {}, `${new Date(p.time).toLocaleString()}: ${human(p[order], order)}`));
		svg.append(g);
	});
	svg.append(el('svg:text', { x: 0, y: 12, class: 'axis' }, human(max, order)),
		el('svg:text', { x: 0, y: h, class: 'axis' }, '0'),
		el('svg:text', { x: pad, y: h + 16, class: 'axis' }, new Date(rg.from).toLocaleString()),
		el('svg:text', { x: w, y: h + 16, class: 'axis', 'text-anchor': 'end' }, new Date(rg.to).toLocaleString()));
	box.replaceChildren(svg);
	mark(box, ans, rg);
	counts(box, total);
	box.dataset.step = rg.step;
	box.dataset.refreshes = ++state.seriesLoads;
	$('series-note').textContent = `${human(total[order], order)} ${order === 'bytes' ? '' : order} in ` +
		`${pts.length} steps of ${rg.step / 60000} min`;
}

function stat(dl, key, text, value) {
	const dt = el('dt', {}, text), dd = el('dd', { 'data-key': key, 'data-value': value },
		typeof value === 'number' ? human(value, key === 'rate' ? 'flows' : 'packets') : value);
	dl.append(dt, dd);
}

async function health() {
	const h = await api('health', {});
	const prev = state.health, dl = $('health');
	const rate = prev && h.now_ms > prev.now_ms ?
		Math.round((h.records - prev.records) * 1000 / (h.now_ms - prev.now_ms)) : null;
	state.health = h;
	dl.replaceChildren();
	stat(dl, 'exporters', 'exporters seen', h.exporters.length);
	stat(dl, 'records', 'flow records', h.records);
	stat(dl, 'rate', 'records/s', rate === null ? '…' : rate);
	stat(dl, 'socket_drops', 'socket drops', h.socket_drops);
	stat(dl, 'output_drops', 'output drops', h.output_drops);
	stat(dl, 'template_misses', 'template misses', h.template_misses);
	stat(dl, 'decode_errors', 'decode errors', h.decode_errors);
	$('exporters').tBodies[0].replaceChildren(...h.exporters.map((e) => {
		const tr = el('tr', { 'data-exporter': e.exporter, 'data-records': e.records,
			'data-nat-records': e.nat_records, 'data-template-misses': e.template_misses });
		tr.append(el('td', {}, e.exporter), el('td', { class: 'n' }, human(e.records)),
			el('td', { class: 'n' }, human(e.nat_records)),
			el('td', { class: 'n' }, human(e.template_misses)),
			el('td', { class: 'n' }, human(e.decode_errors)));
		return tr;
	}));
	$('version').textContent = h.version;
}

function hostport(s) {
	const m = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(s) || /^([0-9.]+):(\d+)$/.exec(s);
	return m ? { addr: m[1], port: m[2] } : null;
}

async function nat(ev) {
	ev.preventDefault();
	const out = $('nat-result'), hp = hostport($('nat-addr').value.trim());
	const at = new Date($('nat-at').value).getTime();
	if (!hp || isNaN(at)) {
		out.replaceChildren(el('p', { class: 'error' }, 'an outside address:port and a time, please'));
		return;
	}
	out.dataset.state = 'asking';
	try {
		const ans = await api('nat', { addr: hp.addr, port: hp.port, at });
		const list = el('ul');
		for (const m of ans.mappings) {
			const li = el('li', { 'data-inside': m.inside, 'data-kind': m.kind, 'data-remote': m.remote });
			li.append(el('strong', {}, m.inside), ` (${m.kind}, to ${m.remote}, proto ${m.proto}; ` +
				`from ${m.created ? new Date(m.created).toLocaleString() : '?'}` +
				` to ${m.deleted ? new Date(m.deleted).toLocaleString() : 'still open'})`);
			list.append(li);
		}
		if (!ans.mappings.length)
			list.append(el('li', { 'data-inside': 'none' }, 'nobody: no translation held it then'));
		out.replaceChildren(list);
		out.dataset.at = at;
		out.dataset.state = 'answered';
	} catch (e) {
		out.replaceChildren(el('p', { class: 'error' }, e.message));
		out.dataset.state = 'failed';
	}
}

function fmtRange(rg) {
	const f = (t) => new Date(t).toLocaleString();
	return `${f(rg.from)} – ${f(rg.to)}`;
}

async function refresh() {
	const rg = range(), order = $('order').value;
	$('range-text').textContent = fmtRange(rg);
	try {
		await Promise.all([...document.querySelectorAll('.bars')].map((b) => bars(b, rg, order))
			.concat([hosts(rg, order), series(), health()]));
		say('');
		document.body.dataset.loads = ++state.loads;
		document.body.dataset.order = order;
		document.body.dataset.range = $('range').value;
	} catch (e) {
		say(e.message);
	}
}

function localInput(t) {
	const d = new Date(t - new Date(t).getTimezoneOffset() * 60000);
	return d.toISOString().slice(0, 19);
}

$('range').addEventListener('change', refresh);
$('order').addEventListener('change', refresh);
$('nat-form').addEventListener('submit', nat);
$('nat-at').value = localInput(Date.now());
refresh();
// Live: the series and the collector's counters often, the rest each minute.
setInterval(() => series().then(() => say(''), (e) => say(e.message)), 10000);
setInterval(() => health().catch((e) => say(e.message)), 5000);
setInterval(refresh, 60000);
