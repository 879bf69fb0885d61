// SPDX-License-Identifier: GPL-2.0
/*
 * The exporters, one per namespace's meter. Each has a delayed work that
 * runs once a second in process context, on a workqueue of the module's
 * own (it sleeps in synchronize_rcu() and may wait for send buffers): it
 * takes the flows that have ended out of the table, encodes them into PDUs
 * as full as the path MTU allows, and sends each PDU to every destination.
 * Nothing here runs on the packet path. One mutex per exporter orders its
 * worker, flush, configuration changes, NAT events and readers of the
 * statistics.
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
#include "netns.h"
#include "stats.h"

static struct workqueue_struct *export_wq;

#define SCAN_INTERVAL HZ

void fm_export_lock(struct fm_exporter *e)
{
	mutex_lock(&e->lock);
}

void fm_export_unlock(struct fm_exporter *e)
{
	mutex_unlock(&e->lock);
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

void fm_export_send_pending(struct fm_exporter *e)
{
	send_pdu(e);
}

void fm_export_resend_templates(struct fm_exporter *e)
{
	e->want_templates = true;
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

void fm_export_nat(struct fm_exporter *e, const struct fm_nat_event *ev)
{
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
static void scan_table(struct fm_exporter *e, struct fm_table *t, bool all)
{
	struct fm_net *fn = e->fn;
	int inactive = READ_ONCE(fn->s.inactive_timeout);
	unsigned int i, slices = clamp(inactive / 4, 1, 4);
	struct fm_flow *f, *next;

	if (!t)
		return;
	f = fm_table_expire(t, all, slices, inactive,
			    READ_ONCE(fn->s.active_timeout));
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

static void export_scan(struct fm_exporter *e, bool all)
{
	scan_table(e, e->fn->table, all);
}

void fm_export_replace_table(struct fm_exporter *e, struct fm_table *t)
{
	struct fm_net *fn = e->fn;
	struct fm_table *old;
	long freed;

	mutex_lock(&e->lock);
	old = fn->table;
	freed = fm_table_handover(t, old);
	/* Release pairs with the packet path's acquire: @t is whole. */
	smp_store_release(&fn->table, t);
	/* Every packet that could still count into the old table has. */
	synchronize_rcu();
	scan_table(e, old, true);
	fm_table_handover_done(t, old, freed);
	mutex_unlock(&e->lock);
	fm_table_free(old);
}

/* Export bytes per second; with e->lock held, once a second. */
static void update_out_rate(struct fm_exporter *e)
{
	unsigned long now = jiffies;
	unsigned int ms = jiffies_to_msecs(now - e->rate_last_j);

	if (e->rate_last_j && ms)
		e->stats.rate_out = div_u64((e->stats.pdu_bytes - e->rate_last_bytes) * 1000,
					    ms);
	e->rate_last_bytes = e->stats.pdu_bytes;
	e->rate_last_j = now;
}

void fm_export_scan_if_due(struct fm_exporter *e)
{
	lockdep_assert_held(&e->lock);
	if (time_before(jiffies, e->scan_at))
		return;
	e->scan_at = jiffies + SCAN_INTERVAL;
	export_scan(e, false);
}

static void export_work_fn(struct work_struct *w)
{
	struct fm_exporter *e = container_of(to_delayed_work(w),
					     struct fm_exporter, work);
	long delay;

	fm_stats_update_rates(e->fn->stats, &e->fn->rates);
	mutex_lock(&e->lock);
	fm_export_scan_if_due(e);
	update_out_rate(e);
	delay = clamp_t(long, (long)(e->scan_at - jiffies), 1, SCAN_INTERVAL);
	mutex_unlock(&e->lock);
	if (READ_ONCE(e->exporting))
		queue_delayed_work(export_wq, &e->work, delay);
}

void fm_export_flush(struct fm_exporter *e)
{
	mutex_lock(&e->lock);
	export_scan(e, true);
	mutex_unlock(&e->lock);
}

int fm_export_set_protocol(struct fm_exporter *e, int protocol)
{
	mutex_lock(&e->lock);
	send_pdu(e);
	use_encoder(e, protocol);
	WRITE_ONCE(e->fn->s.protocol, protocol);
	mutex_unlock(&e->lock);
	return 0;
}

static int open_sockets(struct net *net, struct fm_socket *socks,
			const struct fm_dest *d, int n, int sndbuf)
{
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = fm_socket_open(net, &socks[i], &d[i], sndbuf);
		if (ret < 0) {
			while (i--)
				fm_socket_close(&socks[i]);
			return ret;
		}
	}
	return 0;
}

int fm_export_set_destinations(struct fm_exporter *e, const struct fm_dest *d, int n)
{
	struct fm_socket *old, *new;
	int i, ret, nold;

	new = kcalloc(FM_MAX_DESTINATIONS, sizeof(*new), GFP_KERNEL);
	old = kcalloc(FM_MAX_DESTINATIONS, sizeof(*old), GFP_KERNEL);
	if (!new || !old) {
		ret = -ENOMEM;
		goto out;
	}
	ret = open_sockets(e->fn->net, new, d, n, READ_ONCE(e->fn->s.sndbuf));
	if (ret < 0)
		goto out;

	mutex_lock(&e->lock);
	send_pdu(e);
	nold = e->nsocks;
	memcpy(old, e->socks, sizeof(*old) * nold);
	memcpy(e->socks, new, sizeof(*new) * n);
	e->nsocks = n;
	/* A new collector has no templates yet. */
	e->want_templates = true;
	update_pdu_cap(e);
	mutex_unlock(&e->lock);

	for (i = 0; i < nold; i++)
		fm_socket_close(&old[i]);
out:
	kfree(new);
	kfree(old);
	return ret;
}

void fm_export_set_sndbuf(struct fm_exporter *e, int bytes)
{
	int i;

	mutex_lock(&e->lock);
	for (i = 0; i < e->nsocks; i++)
		fm_socket_set_sndbuf(&e->socks[i], bytes);
	mutex_unlock(&e->lock);
}

int fm_export_net_init(struct fm_net *fn, const struct fm_dest *d, int n)
{
	struct fm_exporter *e = kvzalloc(sizeof(*e), GFP_KERNEL);
	int ret;

	if (!e)
		return -ENOMEM;
	e->fn = fn;
	mutex_init(&e->lock);
	use_encoder(e, fn->s.protocol);
	ret = open_sockets(fn->net, e->socks, d, n, fn->s.sndbuf);
	if (ret < 0) {
		pr_err("cannot open export sockets: %d\n", ret);
		kvfree(e);
		return ret;
	}
	e->nsocks = n;
	update_pdu_cap(e);
	INIT_DELAYED_WORK(&e->work, export_work_fn);
	e->scan_at = jiffies + SCAN_INTERVAL;
	WRITE_ONCE(e->exporting, true);
	fn->exp = e;
	queue_delayed_work(export_wq, &e->work, SCAN_INTERVAL);
	return 0;
}

void fm_export_net_flush(struct fm_net *fn)
{
	if (fn->exp)
		fm_export_flush(fn->exp);
}

void fm_export_net_exit(struct fm_net *fn)
{
	struct fm_exporter *e = fn->exp;
	int i;

	if (!e)
		return;
	WRITE_ONCE(e->exporting, false);
	cancel_delayed_work_sync(&e->work);
	fm_export_flush(e);
	for (i = 0; i < e->nsocks; i++)
		fm_socket_close(&e->socks[i]);
	fn->exp = NULL;
	kvfree(e);
}

int fm_export_init(void)
{
	fm_ipfix_init();
	export_wq = alloc_workqueue("ipt_netflow", WQ_UNBOUND, 0);
	return export_wq ? 0 : -ENOMEM;
}

void fm_export_exit(void)
{
	destroy_workqueue(export_wq);
}
