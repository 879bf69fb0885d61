// SPDX-License-Identifier: GPL-2.0
/*
 * The exporter. A delayed work runs once a second in process context, on
 * a workqueue of our own (it sleeps in synchronize_rcu() and may wait for
 * send buffers): it takes the flows that have ended out of the table,
 * encodes them into PDUs as full as the path MTU allows, and sends each
 * PDU to every destination. Nothing here runs on the packet path. One
 * mutex orders the worker, flush, configuration changes, NAT events and
 * readers of the statistics.
 */
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <flowmeter/wire.h>
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "stats.h"

struct fm_exporter fm_exp;
static struct workqueue_struct *export_wq;
static struct delayed_work export_work;
static bool exporting;

#define SCAN_INTERVAL HZ

void fm_export_lock(void)
{
	mutex_lock(&fm_exp.lock);
}

void fm_export_unlock(void)
{
	mutex_unlock(&fm_exp.lock);
}

bool fm_export_queue_work(struct work_struct *w)
{
	return queue_work(export_wq, w);
}

static const struct fm_encoder *encoder_for(int protocol)
{
	switch (protocol) {
	case NF5_VERSION:
		return &fm_encoder_v5;
	case NF9_VERSION:
		return &fm_encoder_v9;
	default:
		return &fm_encoder_ipfix;
	}
}

static void use_encoder(struct fm_exporter *e, int protocol)
{
	e->enc = encoder_for(protocol);
	memset(&e->st, 0, sizeof(e->st));
	e->want_templates = true;
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
	e->pdu.cap = cap;
}

/*
 * An ICMP error a collector sent for an earlier PDU is taken before the
 * next one is built, so that one carries templates for a collector that
 * may have just come back.
 */
static void begin(struct fm_exporter *e)
{
	int i;

	for (i = 0; i < e->nsocks; i++)
		if (fm_socket_poll_error(&e->socks[i]))
			e->want_templates = true;
	e->enc->begin(e);
}

static void count_sent(struct fm_export_stats *st, const struct fm_pdu *p)
{
	st->pdus++;
	st->pdu_bytes += p->len;
	st->flows += p->flows;
	st->packets += p->packets;
	st->traffic += p->traffic;
	st->nat_exported += p->nat;
}

static void count_lost(struct fm_export_stats *st, const struct fm_pdu *p)
{
	st->lost_pdus++;
	st->lost_flows += p->flows;
	st->lost_packets += p->packets;
	st->lost_traffic += p->traffic;
	st->nat_export_lost += p->nat;
}

/* Close the PDU and send it to every destination. */
static void send_pdu(struct fm_exporter *e)
{
	struct fm_pdu *p = &e->pdu;
	int i, err, sent = 0;

	if (!p->len)
		return;
	if (!p->records && !p->count) {
		/* Only flows the protocol cannot carry: nothing to send. */
		p->len = 0;
		return;
	}
	e->enc->finish(e);
	for (i = 0; i < e->nsocks; i++) {
		err = fm_socket_send(&e->socks[i], p->buf, p->len);
		if (!err) {
			sent++;
			continue;
		}
		/*
		 * A collector that is not there, or that missed the templates,
		 * must get them first in what it receives next.
		 */
		if (err != -EAGAIN || p->templates)
			e->want_templates = true;
	}
	if (sent)
		count_sent(&e->stats, p);
	else
		count_lost(&e->stats, p);
	/* Sequence numbers count what was sent, so collectors see a loss. */
	e->pdu_seq++;
	e->record_seq += p->records;
	p->len = 0;	/* the next PDU's fields are set when it is begun */
	update_pdu_cap(e);
}

void fm_export_send_pending(void)
{
	send_pdu(&fm_exp);
}

void fm_export_resend_templates(void)
{
	fm_exp.want_templates = true;
}

static void export_flow(struct fm_exporter *e, const struct fm_flow *f)
{
	u8 end = fm_flow_end(f);

	if (!e->pdu.len)
		begin(e);
	/* An empty PDU takes at least one record, so this ends. */
	while (!e->enc->add_flow(e, f)) {
		send_pdu(e);
		begin(e);
	}
	if (end < ARRAY_SIZE(e->stats.flows_by_end))
		e->stats.flows_by_end[end]++;
}

void fm_export_nat(const struct fm_nat_event *ev)
{
	struct fm_exporter *e = &fm_exp;

	if (!e->enc->add_nat) {
		e->stats.nat_unexportable++;
		return;
	}
	if (!e->pdu.len)
		begin(e);
	while (!e->enc->add_nat(e, ev)) {
		send_pdu(e);
		begin(e);
	}
	e->pdu.nat++;
}

/*
 * With e->lock held. A timeout scan visits part of the table each second,
 * the whole of it every inactive_timeout / 4 seconds (1 to 4): a flow
 * leaves at most that long after its timeout, and a big table costs a
 * quarter of a full pass per second.
 */
static void export_scan(struct fm_exporter *e, bool all)
{
	unsigned int i, slices = clamp(READ_ONCE(fm_inactive_timeout) / 4, 1, 4);
	struct fm_flow *f, *next;

	f = fm_table_expire(all, slices);
	for (i = 1; f; f = next, i++) {
		next = f->next_dead;
		export_flow(e, f);
		fm_flow_free(f);
		/* A flush hands over the whole table. */
		if (!(i & 255))
			cond_resched();
	}
	send_pdu(e);
}

/* Export bytes per second; with e->lock held, once a second. */
static void update_out_rate(struct fm_exporter *e)
{
	static u64 last_bytes;
	static unsigned long last_j;
	unsigned long now = jiffies;
	unsigned int ms = jiffies_to_msecs(now - last_j);

	if (last_j && ms)
		e->stats.rate_out = div_u64((e->stats.pdu_bytes - last_bytes) * 1000, ms);
	last_bytes = e->stats.pdu_bytes;
	last_j = now;
}

static void export_work_fn(struct work_struct *w)
{
	fm_stats_update_rates();
	mutex_lock(&fm_exp.lock);
	export_scan(&fm_exp, false);
	update_out_rate(&fm_exp);
	mutex_unlock(&fm_exp.lock);
	if (READ_ONCE(exporting))
		queue_delayed_work(export_wq, &export_work, SCAN_INTERVAL);
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
	send_pdu(&fm_exp);
	use_encoder(&fm_exp, protocol);
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
	send_pdu(&fm_exp);
	nold = fm_exp.nsocks;
	memcpy(old, fm_exp.socks, sizeof(*old) * nold);
	memcpy(fm_exp.socks, new, sizeof(*new) * n);
	fm_exp.nsocks = n;
	/* A new collector has no templates yet. */
	fm_exp.want_templates = true;
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
	const struct fm_dest *dests;
	int ret, n;

	mutex_init(&fm_exp.lock);
	fm_ipfix_init();
	use_encoder(&fm_exp, fm_protocol);
	export_wq = alloc_workqueue("ipt_netflow", WQ_UNBOUND, 0);
	if (!export_wq)
		return -ENOMEM;
	n = fm_config_dests(&dests);
	ret = open_sockets(fm_exp.socks, dests, n);
	if (ret < 0) {
		pr_err("cannot open export sockets: %d\n", ret);
		destroy_workqueue(export_wq);
		return ret;
	}
	fm_exp.nsocks = n;
	update_pdu_cap(&fm_exp);
	INIT_DELAYED_WORK(&export_work, export_work_fn);
	WRITE_ONCE(exporting, true);
	queue_delayed_work(export_wq, &export_work, SCAN_INTERVAL);
	return 0;
}

void fm_export_exit(void)
{
	int i;

	WRITE_ONCE(exporting, false);
	cancel_delayed_work_sync(&export_work);
	fm_export_flush();
	for (i = 0; i < fm_exp.nsocks; i++)
		fm_socket_close(&fm_exp.socks[i]);
	fm_exp.nsocks = 0;
	destroy_workqueue(export_wq);
}
