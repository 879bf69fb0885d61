// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter. A delayed work runs once a second in process context, on
 * a workqueue of our own (it sleeps in synchronize_rcu() and may wait for
 * send buffers): it takes the flows that have ended out of the table,
 * encodes them into PDUs as full as the path MTU allows, and sends each
 * PDU to every destination. Nothing here runs on the packet path. One
 * mutex orders the worker, flush, configuration changes and unload.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <flowmeter/wire.h>
#include "export.h"
#include "netflow.h"

struct fm_exporter fm_exp;
struct workqueue_struct *fm_export_wq;
static struct delayed_work export_work;
static bool exporting;

#define SCAN_INTERVAL HZ

u32 fm_uptime_ms(unsigned long j)
{
	return jiffies_to_msecs(j - INITIAL_JIFFIES);
}

/* Wall-clock ms of jiffies @j, given that @now is @now_ms. */
u64 fm_real_ms(unsigned long j, unsigned long now, u64 now_ms)
{
	/* 64 bits: a flow may be older than jiffies_to_msecs() can say. */
	return now_ms - jiffies64_to_msecs(now - j);
}

static const struct fm_encoder *encoder_for(int protocol)
{
	switch (protocol) {
	case 5:
		return &fm_encoder_v5;
	case 9:
		return &fm_encoder_v9;
	default:
		return &fm_encoder_ipfix;
	}
}

static void update_pdu_cap(struct fm_exporter *e)
{
	unsigned int cap = FM_PDU_MAX;
	int i;

	for (i = 0; i < e->nsocks; i++) {
		const struct fm_socket *s = &e->socks[i];
		unsigned int hdr = s->dest.addr.sa.sa_family == AF_INET ?
				   20 + 8 : 40 + 8;

		if (s->connected && s->mtu > hdr + 512)
			cap = min(cap, s->mtu - hdr);
	}
	e->pdu_cap = cap;
}

/* Start a PDU: room for the header, and the time its records are relative to. */
void fm_pdu_begin(struct fm_exporter *e, unsigned int hdrlen)
{
	int i;

	for (i = 0; i < e->nsocks; i++)
		if (fm_socket_poll_error(&e->socks[i]))
			e->templates_at = 0;
	memset(e->buf, 0, hdrlen);
	e->len = hdrlen;
	e->records = 0;
	e->count = 0;
	e->set_off = 0;
	e->pdu_templates = false;
	e->pdu_flows = 0;
	e->pdu_nat = 0;
	e->pdu_packets = 0;
	e->pdu_traffic = 0;
	e->now = jiffies;
	e->now_ms = ktime_to_ms(ktime_get_real());
}

/* Close the PDU and send it to every destination. */
void fm_pdu_send(struct fm_exporter *e)
{
	int i, err, sent = 0;

	if (!e->len)
		return;
	if (!e->records && !e->count) {
		/* Only flows the protocol cannot carry: nothing to send. */
		e->len = 0;
		return;
	}
	e->enc->finish(e);
	for (i = 0; i < e->nsocks; i++) {
		err = fm_socket_send(&e->socks[i], e->buf, e->len);
		if (!err) {
			sent++;
			continue;
		}
		/*
		 * A collector that is not there, or that missed the templates,
		 * must get them first in what it receives next.
		 */
		if (err != -EAGAIN || e->pdu_templates)
			e->templates_at = 0;
	}
	if (sent) {
		e->pdus++;
		e->pdu_bytes += e->len;
		e->flows += e->pdu_flows;
		e->packets += e->pdu_packets;
		e->traffic += e->pdu_traffic;
		e->nat_exported += e->pdu_nat;
	} else {
		e->lost_pdus++;
		e->lost_flows += e->pdu_flows;
		e->lost_packets += e->pdu_packets;
		e->lost_traffic += e->pdu_traffic;
		e->nat_export_lost += e->pdu_nat;
	}
	/* Sequence numbers count what was sent, so collectors see a loss. */
	e->pdu_seq++;
	e->record_seq += e->records;
	e->pdus_since_templates++;
	e->len = 0;	/* the next PDU's fields are set by fm_pdu_begin() */
	update_pdu_cap(e);
}

static void export_flow(struct fm_flow *f, void *ctx)
{
	struct fm_exporter *e = ctx;

	if (!e->len)
		e->enc->begin(e);
	/* An empty PDU takes at least one record, so this ends. */
	while (!e->enc->add_flow(e, f)) {
		fm_pdu_send(e);
		e->enc->begin(e);
	}
	if (fm_flow_end(f) < ARRAY_SIZE(e->flows_by_end))
		e->flows_by_end[fm_flow_end(f)]++;
	fm_flow_free(f);
}

void fm_export_nat(struct fm_exporter *e, const struct fm_nat_event *ev)
{
	if (!e->enc->add_nat) {
		e->nat_unexportable++;
		return;
	}
	if (!e->len)
		e->enc->begin(e);
	while (!e->enc->add_nat(e, ev)) {
		fm_pdu_send(e);
		e->enc->begin(e);
	}
	e->pdu_nat++;
}

/*
 * With e->lock held. A timeout scan visits part of the table each second,
 * the whole of it every inactive_timeout / 4 seconds (1 to 4): a flow
 * leaves at most that long after its timeout, and a big table costs a
 * quarter of a full pass per second.
 */
static void export_scan(struct fm_exporter *e, bool all)
{
	unsigned int slices = clamp(READ_ONCE(fm_inactive_timeout) / 4, 1, 4);

	fm_table_expire(all, slices, export_flow, e);
	fm_pdu_send(e);
}

u64 fm_rate_pkts, fm_rate_bits, fm_rate_out;

/* Packets and bits per second over the last interval, for /proc. */
static void update_rates(void)
{
	static u64 last_pkts, last_bytes;
	static unsigned long last_j;
	struct fm_cpu_stats t;
	unsigned long now = jiffies;
	unsigned int ms = jiffies_to_msecs(now - last_j);
	u64 pkts, bytes;

	fm_stats_sum(&t);
	pkts = t.pkts + t.drop_maxflows + t.drop_alloc;
	bytes = t.bytes + t.drop_bytes;
	if (last_j && ms) {
		fm_rate_pkts = div_u64((pkts - last_pkts) * 1000, ms);
		fm_rate_bits = div_u64((bytes - last_bytes) * 8000, ms);
	}
	last_pkts = pkts;
	last_bytes = bytes;
	last_j = now;
}

/* Export bytes per second; with e->lock held, once a second. */
static void update_out_rate(const struct fm_exporter *e)
{
	static u64 last_bytes;
	static unsigned long last_j;
	unsigned long now = jiffies;
	unsigned int ms = jiffies_to_msecs(now - last_j);

	if (last_j && ms)
		fm_rate_out = div_u64((e->pdu_bytes - last_bytes) * 1000, ms);
	last_bytes = e->pdu_bytes;
	last_j = now;
}

static void export_work_fn(struct work_struct *w)
{
	update_rates();
	mutex_lock(&fm_exp.lock);
	export_scan(&fm_exp, false);
	update_out_rate(&fm_exp);
	mutex_unlock(&fm_exp.lock);
	if (READ_ONCE(exporting))
		queue_delayed_work(fm_export_wq, &export_work, SCAN_INTERVAL);
}

void fm_export_flush(void)
{
	mutex_lock(&fm_exp.lock);
	export_scan(&fm_exp, true);
	mutex_unlock(&fm_exp.lock);
}

int fm_export_set_protocol(int protocol)
{
	mutex_lock(&fm_exp.lock);
	fm_pdu_send(&fm_exp);
	fm_exp.enc = encoder_for(protocol);
	fm_exp.templates_at = 0;
	WRITE_ONCE(fm_protocol, protocol);
	mutex_unlock(&fm_exp.lock);
	return 0;
}

static int open_sockets(struct fm_socket *socks, const struct fm_dest *d, int n)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = fm_socket_open(&socks[i], &d[i]);
		if (ret < 0) {
			while (i--)
				fm_socket_close(&socks[i]);
			return ret;
		}
	}
	return 0;
}

int fm_export_set_destinations(const struct fm_dest *d, int n)
{
	struct fm_socket *old, *new;
	int i, ret, nold;

	new = kcalloc(FM_MAX_DESTINATIONS, sizeof(*new), GFP_KERNEL);
	old = kcalloc(FM_MAX_DESTINATIONS, sizeof(*old), GFP_KERNEL);
	if (!new || !old) {
		ret = -ENOMEM;
		goto out;
	}
	ret = open_sockets(new, d, n);
	if (ret < 0)
		goto out;

	mutex_lock(&fm_exp.lock);
	fm_pdu_send(&fm_exp);
	nold = fm_exp.nsocks;
	memcpy(old, fm_exp.socks, sizeof(*old) * nold);
	memcpy(fm_exp.socks, new, sizeof(*new) * n);
	fm_exp.nsocks = n;
	memcpy(fm_dests, d, sizeof(*d) * n);
	fm_ndests = n;
	/* A new collector has no templates yet. */
	fm_exp.templates_at = 0;
	update_pdu_cap(&fm_exp);
	mutex_unlock(&fm_exp.lock);

	for (i = 0; i < nold; i++)
		fm_socket_close(&old[i]);
out:
	kfree(new);
	kfree(old);
	return ret;
}

void fm_export_set_sndbuf(int bytes)
{
	int i;

	mutex_lock(&fm_exp.lock);
	for (i = 0; i < fm_exp.nsocks; i++)
		fm_socket_set_sndbuf(&fm_exp.socks[i], bytes);
	mutex_unlock(&fm_exp.lock);
}

int fm_export_init(void)
{
	int ret;

	mutex_init(&fm_exp.lock);
	fm_exp.enc = encoder_for(fm_protocol);
	fm_export_wq = alloc_workqueue("ipt_netflow", WQ_UNBOUND, 0);
	if (!fm_export_wq)
		return -ENOMEM;
	ret = open_sockets(fm_exp.socks, fm_dests, fm_ndests);
	if (ret < 0) {
		pr_err(FM_NAME ": cannot open export sockets: %d\n", ret);
		destroy_workqueue(fm_export_wq);
		return ret;
	}
	fm_exp.nsocks = fm_ndests;
	update_pdu_cap(&fm_exp);
	INIT_DELAYED_WORK(&export_work, export_work_fn);
	WRITE_ONCE(exporting, true);
	queue_delayed_work(fm_export_wq, &export_work, SCAN_INTERVAL);
	return 0;
}

/* After the target is gone: export everything still counted, then close. */
void fm_export_exit(void)
{
	int i;

	WRITE_ONCE(exporting, false);
	cancel_delayed_work_sync(&export_work);
	fm_export_flush();
	for (i = 0; i < fm_exp.nsocks; i++)
		fm_socket_close(&fm_exp.socks[i]);
	fm_exp.nsocks = 0;
	destroy_workqueue(fm_export_wq);
}
