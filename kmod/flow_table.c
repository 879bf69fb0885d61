// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: the packet path's only shared structure.
 *
 * Lookups walk a bucket under RCU without any lock. Counting is two atomic
 * adds on the flow itself, so CPUs meet only when they count the same flow.
 * Inserting takes the bucket's bit lock (bit 0 of the bucket head, no extra
 * memory). Nothing on the packet path touches a global lock, a global
 * atomic or a list shared by all flows: the number of flows is a per-CPU
 * counter, and ageing is done by a scan from the exporter, not by keeping
 * an LRU list in packet order.
 */
#include <linux/mm.h>
#include <linux/percpu_counter.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/vmalloc.h>
#include <flowmeter/wire.h>
#include "flow.h"
#include "netflow.h"

static struct hlist_bl_head *table;
static unsigned int table_mask;
static u64 hash_keys[FM_KEY_WORDS + 1] __read_mostly;
static unsigned int scan_cursor;	/* next bucket the timeout scan visits */
static struct kmem_cache *flow_cache;
static struct percpu_counter nflows;
static unsigned int peak;	/* written by the exporter only */

static unsigned int key_words(const struct fm_flow_key *k)
{
	return k->family == NFPROTO_IPV4 ? FM_KEY_WORDS_V4 : FM_KEY_WORDS;
}

/*
 * Multilinear hashing with random 64-bit keys, taking the top 32 bits:
 * strongly universal (Lemire and Kaser, "Strongly universal string hashing
 * is fast"), so someone who does not know the keys cannot aim packets at
 * one bucket, and about four instructions a word where jhash needs twenty.
 */
static u32 key_hash(const struct fm_flow_key *k)
{
	const u32 *w = (const u32 *)k;
	unsigned int i, n = key_words(k);
	u64 h = hash_keys[0];

	for (i = 0; i < n; i++)
		h += hash_keys[i + 1] * w[i];
	return h >> 32;
}

/* Word 2 holds the family, so keys of different families never match. */
static bool key_equal(const struct fm_flow_key *a, const struct fm_flow_key *b,
		      unsigned int words)
{
	const u32 *x = (const u32 *)a, *y = (const u32 *)b;
	unsigned int i;

	for (i = 0; i < words; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

static void flow_count(struct fm_flow *f, unsigned int len, u8 tcp_flags)
{
	int want;

	atomic64_inc(&f->packets);
	atomic64_add(len, &f->bytes);
	WRITE_ONCE(f->last, jiffies);
	want = tcp_flags;
	if (unlikely(tcp_flags & (FM_TCP_FIN | FM_TCP_RST)))
		want |= FM_STATE_FIN;
	if (unlikely(want & ~atomic_read(&f->state)))
		atomic_or(want, &f->state);
}

static struct fm_flow *bucket_find(struct hlist_bl_head *b,
				   const struct fm_flow_key *k)
{
	unsigned int words = key_words(k), steps = 0;
	struct hlist_bl_node *pos;
	struct fm_flow *f;

	hlist_bl_for_each_entry_rcu(f, pos, b, node) {
		steps++;
		if (key_equal(&f->key, k, words))
			break;
	}
	fm_stat_add(searched, steps);
	return pos ? f : NULL;
}

static void count_dropped(unsigned int len, bool alloc)
{
	if (alloc)
		fm_stat_inc(drop_alloc);
	else
		fm_stat_inc(drop_maxflows);
	fm_stat_add(drop_bytes, len);
}

/*
 * Count @skb in its flow, creating the flow if needed. Runs in the packet
 * path with bottom halves off and under rcu_read_lock (the xtables core
 * holds both).
 */
void fm_table_count(struct sk_buff *skb, const struct fm_pkt *p)
{
	struct hlist_bl_head *b;
	struct fm_flow *f, *old;
	unsigned int len = skb->len;

	b = &table[key_hash(&p->key) & table_mask];
	f = bucket_find(b, &p->key);
	if (likely(f)) {
		flow_count(f, len, p->tcp_flags);
		goto counted;
	}

	if (fm_maxflows &&
	    percpu_counter_compare(&nflows, fm_maxflows) >= 0) {
		count_dropped(len, false);
		return;
	}
	f = kmem_cache_alloc(flow_cache, GFP_ATOMIC);
	if (unlikely(!f)) {
		count_dropped(len, true);
		return;
	}
	f->key = p->key;
	atomic_set(&f->state, p->tcp_flags |
		   ((p->tcp_flags & (FM_TCP_FIN | FM_TCP_RST)) ? FM_STATE_FIN : 0));
	f->oif = p->oif;
	f->first = jiffies;
	f->last = f->first;
	atomic64_set(&f->packets, 1);
	atomic64_set(&f->bytes, len);
	f->nexthop = p->nexthop;
	f->next_dead = NULL;

	hlist_bl_lock(b);
	/* Another CPU may have added the same flow since our lookup. */
	old = bucket_find(b, &p->key);
	if (unlikely(old)) {
		flow_count(old, len, p->tcp_flags);
		hlist_bl_unlock(b);
		kmem_cache_free(flow_cache, f);
		goto counted;
	}
	hlist_bl_add_head_rcu(&f->node, b);
	hlist_bl_unlock(b);
	percpu_counter_inc(&nflows);
	fm_stat_inc(new_flows);
counted:
	fm_stat_inc(pkts);
	fm_stat_add(bytes, len);
}

static u8 flow_ended(const struct fm_flow *f, unsigned long now, bool all)
{
	if (atomic_read(&f->state) & FM_STATE_FIN)
		return FLOW_END_END_OF_FLOW;
	if (time_after_eq(now, READ_ONCE(f->last) +
			  (unsigned long)fm_inactive_timeout * HZ))
		return FLOW_END_IDLE;
	if (time_after_eq(now, f->first + (unsigned long)fm_active_timeout * HZ))
		return FLOW_END_ACTIVE;
	if (all)
		return FLOW_END_FORCED;
	return 0;
}

/*
 * Most scans find most buckets with nothing to do: look without locks
 * first, so the cost of a scan is a read of each flow, not two locks.
 */
static bool bucket_has_ended(struct hlist_bl_head *b, unsigned long now)
{
	struct hlist_bl_node *pos;
	struct fm_flow *f;
	bool ended = false;

	rcu_read_lock();
	hlist_bl_for_each_entry_rcu(f, pos, b, node) {
		if (flow_ended(f, now, false)) {
			ended = true;
			break;
		}
	}
	rcu_read_unlock();
	return ended;
}

unsigned int fm_table_expire(bool all, unsigned int slices, fm_expire_fn fn,
			     void *ctx)
{
	struct fm_flow *dead = NULL, *f, *next;
	unsigned int i, todo, n = 0, active;
	unsigned long now = jiffies;

	active = percpu_counter_sum_positive(&nflows);
	if (active > peak)
		peak = active;

	todo = table_mask + 1;
	if (!all && slices > 1)
		todo = DIV_ROUND_UP(todo, slices);
	for (i = 0; i < todo; i++) {
		struct hlist_bl_head *b = &table[scan_cursor];
		struct hlist_bl_node *pos, *tmp;

		scan_cursor = (scan_cursor + 1) & table_mask;
		if ((i & 1023) == 0)
			cond_resched();
		if (hlist_bl_empty(b) || (!all && !bucket_has_ended(b, now)))
			continue;
		/* The packet path takes the same bit lock from softirq. */
		local_bh_disable();
		hlist_bl_lock(b);
		hlist_bl_for_each_entry_safe(f, pos, tmp, b, node) {
			u8 end = flow_ended(f, now, all);

			if (!end)
				continue;
			atomic_or(end << FM_STATE_END_SHIFT, &f->state);
			hlist_bl_del_rcu(&f->node);
			f->next_dead = dead;
			dead = f;
			n++;
		}
		hlist_bl_unlock(b);
		local_bh_enable();
	}
	if (!n)
		return 0;
	percpu_counter_sub(&nflows, n);
	/* Every packet that found one of these flows has finished counting. */
	synchronize_rcu();
	for (f = dead; f; f = next) {
		next = f->next_dead;
		fn(f, ctx);
	}
	return n;
}

void fm_flow_free(struct fm_flow *f)
{
	kmem_cache_free(flow_cache, f);
}

unsigned int fm_table_active(void)
{
	return percpu_counter_sum_positive(&nflows);
}

unsigned int fm_table_peak(void)
{
	return max_t(unsigned int, peak, fm_table_active());
}

size_t fm_flow_size(void)
{
	return kmem_cache_size(flow_cache);
}

int fm_table_init(void)
{
	int ret;

	table = kvcalloc(fm_hashsize, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table_mask = fm_hashsize - 1;
	get_random_bytes(hash_keys, sizeof(hash_keys));
	flow_cache = kmem_cache_create("ipt_netflow_flow", sizeof(struct fm_flow),
				       0, 0, NULL);
	if (!flow_cache) {
		ret = -ENOMEM;
		goto err_cache;
	}
	ret = percpu_counter_init(&nflows, 0, GFP_KERNEL);
	if (ret)
		goto err_counter;
	return 0;

err_counter:
	kmem_cache_destroy(flow_cache);
err_cache:
	kvfree(table);
	return ret;
}

/* The exporter has emptied the table and freed every flow already. */
void fm_table_exit(void)
{
	percpu_counter_destroy(&nflows);
	kmem_cache_destroy(flow_cache);
	kvfree(table);
}
