// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/stat/ipt_netflow: the reference module's report, section by
 * section, for people and for the scripts already reading it; each network
 * namespace's of its own meter.
 * /proc/net/stat/ipt_netflow_snmp: the same numbers as "key value" lines
 * (the reference's keys, plus ours), for programs.
 */
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <flowmeter/wire.h>
#include "config.h"
#include "export.h"
#include "flow_table.h"
#include "nat_events.h"
#include "netns.h"
#include "proc.h"
#include "stats.h"

/* Chain steps per lookup, x100 (a packet is found or makes a flow). */
static unsigned int metric(const struct fm_cpu_stats *s)
{
	return s->pkts ? div64_u64(100 * s->searched, s->pkts) : 100;
}

static void show_cpu(struct seq_file *m, const char *name,
		     const struct fm_cpu_stats *s)
{
	unsigned int mt = metric(s);

	seq_printf(m, "%-6s %llu %llu %llu [%u.%02u], %llu %llu %llu %llu, traffic: %llu, %llu MB, drop: %llu, %llu K\n",
		   name, s->searched, s->pkts - s->new_flows, s->new_flows,
		   mt / 100, mt % 100,
		   s->truncated, s->frags, s->drop_alloc, s->drop_maxflows,
		   s->pkts, s->bytes >> 20, s->drop_maxflows + s->drop_alloc,
		   s->drop_bytes >> 10);
}

/* PDUs a destination did not take, all destinations; export lock held. */
static u64 send_errors(const struct fm_exporter *e)
{
	u64 err = 0;
	int i;

	for (i = 0; i < e->nsocks; i++)
		err += e->socks[i].err_full + e->socks[i].err_unreach +
		       e->socks[i].err_other;
	return err;
}

/* Flows in the table and its peak; a namespace without one has none. */
/* Under RCU: a new hashsize replaces the table (and frees the old one). */
static unsigned int active(const struct fm_net *fn)
{
	const struct fm_table *t;
	unsigned int n = 0;

	rcu_read_lock();
	t = rcu_dereference(fn->table);
	if (t)
		n = fm_table_active(t);
	rcu_read_unlock();
	return n;
}

static unsigned int peak(const struct fm_net *fn)
{
	const struct fm_table *t;
	unsigned int n = 0;

	rcu_read_lock();
	t = rcu_dereference(fn->table);
	if (t)
		n = fm_table_peak(t);
	rcu_read_unlock();
	return n;
}

static int stat_show(struct seq_file *m, void *v)
{
	struct fm_net *fn = fm_net(seq_file_single_net(m));
	struct fm_exporter *e = fn->exp;
	int protocol = READ_ONCE(fn->s.protocol);
	unsigned int nflows = active(fn);
	struct fm_cpu_stats t;
	struct fm_rates r;
	char name[16];
	int cpu, i;

	fm_stats_sum(fn->stats, &t);
	fm_stats_rates(&fn->rates, &r);
	seq_printf(m, KBUILD_MODNAME " (flowmeter) version %s, srcversion %s\n",
		   THIS_MODULE->version, THIS_MODULE->srcversion);
	seq_printf(m, "Protocol version %d", protocol);
	if (protocol == IPFIX_VERSION)
		seq_puts(m, " (ipfix)");
	else
		seq_puts(m, " (netflow)");
	if (protocol != NF5_VERSION)
		seq_printf(m, ", refresh-rate %u, timeout-rate %u, (templates %u, active %u)",
			   READ_ONCE(fn->s.refresh_rate), READ_ONCE(fn->s.timeout_rate),
			   fm_ipfix_templates_active(e), fm_ipfix_templates_active(e));
	seq_puts(m, ".\n");
	seq_printf(m, "Timeouts: active %ds, inactive %ds. Maxflows %u\n",
		   READ_ONCE(fn->s.active_timeout), READ_ONCE(fn->s.inactive_timeout),
		   READ_ONCE(fn->s.maxflows));
	seq_puts(m, "Flow sampling is disabled.\n");
	seq_printf(m, "Natevents %s.\n", READ_ONCE(fn->s.natevents) ? "enabled" : "disabled");
	seq_printf(m, "Flows: active %u (peak %u), mem %zuK, flow size %zu bytes\n",
		   nflows, peak(fn), nflows * fm_flow_size() >> 10,
		   fm_flow_size());
	seq_printf(m, "Hash: size %u (mem %zuK), metric %u.%02u\n",
		   fn->hashsize, fn->table ? fn->hashsize * sizeof(void *) >> 10 : 0,
		   metric(&t) / 100, metric(&t) % 100);
	seq_printf(m, "Rate: %llu bits/sec, %llu packets/sec\n",
		   r.bits, r.pkts);
	seq_puts(m, "cpu#   <search found new [metric], trunc frag alloc maxflows>, traffic: <pkt, bytes>, drop: <pkt, bytes>\n");
	show_cpu(m, "Total", &t);
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%d", cpu);
		show_cpu(m, name, per_cpu_ptr(fn->stats, cpu));
	}
	seq_printf(m, "Other: unknown-l4 %llu\n", t.unknown_l4);

	fm_export_lock(e);
	seq_printf(m, "Export: Rate %llu bytes/s; Total %llu pkts, %llu MB, %llu flows; Errors %llu pkts; Traffic lost %llu pkts, %llu Kbytes, %llu flows.\n",
		   e->stats.rate_out, e->stats.pdus, e->stats.pdu_bytes >> 20, e->stats.flows,
		   send_errors(e), e->stats.lost_packets, e->stats.lost_traffic >> 10,
		   e->stats.lost_flows);
	seq_printf(m, "Templates: sent %llu. Lost: %llu pdus. V5-unexportable: %llu flows.\n",
		   e->stats.templates_sent, e->stats.lost_pdus, e->stats.flows_unexportable);
	seq_printf(m, "Natevents: created %llu, deleted %llu, exported %llu, v5-unexportable %llu, lost %llu (queue full), export-lost %llu, malformed %llu, queued %d of %d bytes\n",
		   fn->nat->stats.created, fn->nat->stats.deleted, e->stats.nat_exported,
		   e->stats.nat_unexportable, fm_nat_lost(fn), e->stats.nat_export_lost,
		   fn->nat->stats.malformed, fm_nat_queued(fn), READ_ONCE(fn->s.nat_queue));
	seq_printf(m, "Ended: idle %llu, active %llu, fin/rst %llu, forced %llu\n",
		   e->stats.flows_by_end[FLOW_END_IDLE], e->stats.flows_by_end[FLOW_END_ACTIVE],
		   e->stats.flows_by_end[FLOW_END_END_OF_FLOW],
		   e->stats.flows_by_end[FLOW_END_FORCED]);
	for (i = 0; i < e->nsocks; i++) {
		const struct fm_socket *s = &e->socks[i];

		seq_printf(m, "sock%d: %pISpc, %s, sndbuf %d, pdus %llu, bytes %llu; err: full %llu, unreachable %llu, other %llu, last %d\n",
			   i, &s->dest.addr.sa,
			   s->connected ? "connected" : "unconnected",
			   s->sock ? READ_ONCE(s->sock->sk->sk_sndbuf) : 0,
			   s->pdus, s->bytes, s->err_full, s->err_unreach,
			   s->err_other, s->last_err);
	}
	fm_export_unlock(e);
	return 0;
}

static int snmp_show(struct seq_file *m, void *v)
{
	struct fm_net *fn = fm_net(seq_file_single_net(m));
	struct fm_exporter *e = fn->exp;
	struct fm_cpu_stats t;
	struct fm_rates r;
	u64 err;
	int i;

	fm_stats_sum(fn->stats, &t);
	fm_stats_rates(&fn->rates, &r);
	seq_printf(m, "inBitRate    %llu\n", r.bits);
	seq_printf(m, "inPacketRate %llu\n", r.pkts);
	seq_printf(m, "inFlows      %llu\n", t.new_flows);
	seq_printf(m, "inPackets    %llu\n", t.pkts + t.drop_maxflows + t.drop_alloc);
	seq_printf(m, "inBytes      %llu\n", t.bytes + t.drop_bytes);
	seq_printf(m, "hashMetric   %u.%02u\n", metric(&t) / 100, metric(&t) % 100);
	seq_printf(m, "hashMemory   %zu\n", active(fn) * fm_flow_size() +
		   (fn->table ? fn->hashsize * sizeof(void *) : 0));
	seq_printf(m, "hashFlows    %u\n", active(fn));
	seq_printf(m, "hashPeak     %u\n", peak(fn));
	seq_printf(m, "meterPackets %llu\n", t.pkts);
	seq_printf(m, "meterBytes   %llu\n", t.bytes);
	seq_printf(m, "dropPackets  %llu\n", t.drop_maxflows + t.drop_alloc);
	seq_printf(m, "dropBytes    %llu\n", t.drop_bytes);
	seq_printf(m, "dropMaxflows %llu\n", t.drop_maxflows);
	seq_printf(m, "dropAlloc    %llu\n", t.drop_alloc);
	seq_printf(m, "fragPackets  %llu\n", t.frags);
	seq_printf(m, "truncPackets %llu\n", t.truncated);
	seq_printf(m, "otherL4Packets %llu\n", t.unknown_l4);
	fm_export_lock(e);
	seq_printf(m, "outByteRate  %llu\n", e->stats.rate_out);
	seq_printf(m, "outFlows     %llu\n", e->stats.flows);
	seq_printf(m, "outPackets   %llu\n", e->stats.pdus);
	seq_printf(m, "outBytes     %llu\n", e->stats.pdu_bytes);
	seq_printf(m, "lostFlows    %llu\n", e->stats.lost_flows);
	seq_printf(m, "lostPackets  %llu\n", e->stats.lost_packets);
	seq_printf(m, "lostBytes    %llu\n", e->stats.lost_traffic);
	seq_printf(m, "lostPdus     %llu\n", e->stats.lost_pdus);
	seq_printf(m, "outTemplates %llu\n", e->stats.templates_sent);
	seq_printf(m, "outV5Unexportable %llu\n", e->stats.flows_unexportable);
	seq_printf(m, "natCreated   %llu\n", fn->nat->stats.created);
	seq_printf(m, "natDeleted   %llu\n", fn->nat->stats.deleted);
	seq_printf(m, "natExported  %llu\n", e->stats.nat_exported);
	seq_printf(m, "natUnexportable %llu\n", e->stats.nat_unexportable);
	seq_printf(m, "natLost      %llu\n", fm_nat_lost(fn));
	seq_printf(m, "natExportLost %llu\n", e->stats.nat_export_lost);
	seq_printf(m, "natDrainYields %llu\n", fn->nat->stats.yields);
	seq_printf(m, "natMalformed %llu\n", fn->nat->stats.malformed);
	seq_printf(m, "natRecvErrors %llu\n", fn->nat->stats.recv_errors);
	err = send_errors(e);
	for (i = 0; i < e->nsocks; i++) {
		const struct fm_socket *s = &e->socks[i];

		seq_printf(m, "sock%d %pISpc %llu %llu %llu %llu %llu\n", i,
			   &s->dest.addr.sa, s->pdus, s->bytes, s->err_full,
			   s->err_unreach, s->err_other);
	}
	fm_export_unlock(e);
	seq_printf(m, "errTotal     %llu\n", err);
	return 0;
}

int fm_proc_net_init(struct fm_net *fn)
{
	struct net *net = fn->net;

	if (!proc_create_net_single("ipt_netflow", 0444, net->proc_net_stat,
				    stat_show, NULL))
		return -ENOMEM;
	if (!proc_create_net_single("ipt_netflow_snmp", 0444, net->proc_net_stat,
				    snmp_show, NULL)) {
		remove_proc_entry("ipt_netflow", net->proc_net_stat);
		return -ENOMEM;
	}
	return 0;
}

void fm_proc_net_exit(struct fm_net *fn)
{
	remove_proc_entry("ipt_netflow_snmp", fn->net->proc_net_stat);
	remove_proc_entry("ipt_netflow", fn->net->proc_net_stat);
}
