// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: the packet path's only shared structure.
 *
 * Lookups walk a bucket under RCU without any lock. Counting is two atomic
 * adds on the flow itself, so CPUs meet only when they count the same flow.
 * Inserting takes one of a fixed array of bucket locks (bucket number
 * modulo the array, as conntrack does): real spinlocks, so lockdep sees
 * every context they are taken in. Nothing on the packet path touches a
 * global lock or writes a line shared by all CPUs: the number of flows is
 * a sum of per-CPU counts, maxflows is a pool of credits taken in chunks,
 * and ageing is done by a scan from the exporter, not by keeping an LRU
 * list in packet order.
 *
 * Every entry point from the packet path runs with bottom halves off
 * (target.c makes sure of it), so per-CPU data needs no atomics and a lock
 * is never wanted by a softirq that interrupted its holder.
 */
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/tcp.h>
#include <linux/vmalloc.h>
#include <flowmeter/wire.h>
#include "config.h"
#include "flow_table.h"
#include "stats.h"

static struct hlist_head *table;
static unsigned int table_mask;
static u64 hash_keys[FM_KEY_WORDS + 1] __read_mostly;
static unsigned int scan_cursor;	/* next bucket the timeout scan visits */
static struct kmem_cache *flow_cache;
static unsigned int peak;	/* written by the exporter only */
static atomic_long_t freed;	/* flows taken out; active = new - freed */

#define BUCKET_LOCKS	1024	/* a power of two */
static spinlock_t bucket_locks[BUCKET_LOCKS];

static spinlock_t *bucket_lock(unsigned int bucket)
{
	return &bucket_locks[bucket & (BUCKET_LOCKS - 1)];
}

/*
 * maxflows is a pool of credits, one per flow. A CPU takes credits from
 * the pool in chunks while it is large and one at a time near the limit;
 * a flow's credit returns to the pool when the exporter takes the flow
 * out. At the limit a packet that needs a new flow only reads the empty
 * pool. The flows admitted can fall short of the limit by the credits
 * other CPUs hold unused: fewer than CREDIT_CHUNK each, and none while
 * the limit is below CREDIT_CHUNK per CPU.
 */
#define CREDIT_CHUNK	32
#define CREDITS_UNLIMITED	(1 << 30)	/* maxflows=0: 128 GB of flows */
static atomic_t credit_pool;
static DEFINE_PER_CPU(unsigned int, credits);
static DEFINE_MUTEX(maxflows_lock);
static int credits_limit;		/* what the pool was sized for */

static int credits_for(unsigned int maxflows)
{
	if (!maxflows || maxflows > CREDITS_UNLIMITED)
		return CREDITS_UNLIMITED;
	return maxflows;
}

static bool take_credit(void)
{
	unsigned int *c = this_cpu_ptr(&credits);
	int pool, want;

	if (likely(*c)) {
		(*c)--;
		return true;
	}
	pool = atomic_read(&credit_pool);
	do {
		if (pool <= 0)
			return false;
		want = pool >= CREDIT_CHUNK * (int)num_possible_cpus() ?
		       CREDIT_CHUNK : 1;
	} while (!atomic_try_cmpxchg(&credit_pool, &pool, pool - want));
	*c = want - 1;
	return true;
}

/* A credit taken for a flow that was not made. */
static void keep_credit(void)
{
	__this_cpu_inc(credits);
}

void fm_table_set_maxflows(unsigned int maxflows)
{
	int limit = credits_for(maxflows);

	mutex_lock(&maxflows_lock);
	/* May go below zero: no new flows until enough have ended. */
	atomic_add(limit - credits_limit, &credit_pool);
	credits_limit = limit;
	WRITE_ONCE(fm_maxflows, maxflows);
	mutex_unlock(&maxflows_lock);
}

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

static void flow_count(struct fm_flow *f, const struct fm_pkt *p)
{
	u8 tcp_flags = p->tcp_flags;
	int want;

	atomic64_add(p->packets, &f->packets);
	atomic64_add(p->bytes, &f->bytes);
	WRITE_ONCE(f->last, jiffies);
	want = tcp_flags;
	if (unlikely(tcp_flags & (FM_TCP_FIN | FM_TCP_RST)))
		want |= FM_STATE_FIN;
	if (unlikely(want & ~atomic_read(&f->state)))
		atomic_or(want, &f->state);
}

static struct fm_flow *bucket_find(struct hlist_head *b,
				   const struct fm_flow_key *k)
{
	unsigned int words = key_words(k), steps = 0;
	struct fm_flow *f;

	hlist_for_each_entry_rcu(f, b, node) {
		steps++;
		if (key_equal(&f->key, k, words))
			break;
	}
	fm_stat_add(searched, steps);
	return f;
}

static void count_dropped(const struct fm_pkt *p, bool alloc)
{
	if (alloc)
		fm_stat_add(drop_alloc, p->packets);
	else
		fm_stat_add(drop_maxflows, p->packets);
	fm_stat_add(drop_bytes, p->bytes);
}

/* Count the packet @p describes in its flow, creating the flow if needed. */
void fm_table_count(const struct fm_pkt *p)
{
	unsigned int bucket = key_hash(&p->key) & table_mask;
	struct hlist_head *b = &table[bucket];
	struct fm_flow *f, *old;
	spinlock_t *lock;

	f = bucket_find(b, &p->key);
	if (likely(f)) {
		flow_count(f, p);
		goto counted;
	}

	if (unlikely(!take_credit())) {
		count_dropped(p, false);
		return;
	}
	f = kmem_cache_alloc(flow_cache, GFP_ATOMIC);
	if (unlikely(!f)) {
		keep_credit();
		count_dropped(p, true);
		return;
	}
	f->key = p->key;
	atomic_set(&f->state, p->tcp_flags |
		   ((p->tcp_flags & (FM_TCP_FIN | FM_TCP_RST)) ? FM_STATE_FIN : 0));
	f->oif = p->oif;
	f->first = jiffies;
	f->last = f->first;
	atomic64_set(&f->packets, p->packets);
	atomic64_set(&f->bytes, p->bytes);
	f->nexthop = p->nexthop;
	f->next_dead = NULL;

	lock = bucket_lock(bucket);
	spin_lock(lock);
	/* Another CPU may have added the same flow since our lookup. */
	old = bucket_find(b, &p->key);
	if (unlikely(old)) {
		flow_count(old, p);
		spin_unlock(lock);
		kmem_cache_free(flow_cache, f);
		keep_credit();
		goto counted;
	}
	hlist_add_head_rcu(&f->node, b);
	spin_unlock(lock);
	fm_stat_inc(new_flows);
counted:
	fm_stat_add(pkts, p->packets);
	fm_stat_add(bytes, p->bytes);
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
static bool bucket_has_ended(struct hlist_head *b, unsigned long now)
{
	struct fm_flow *f;
	bool ended = false;

	rcu_read_lock();
	hlist_for_each_entry_rcu(f, b, node) {
		if (flow_ended(f, now, false)) {
			ended = true;
			break;
		}
	}
	rcu_read_unlock();
	return ended;
}

struct fm_flow *fm_table_expire(bool all, unsigned int slices)
{
	struct fm_flow *dead = NULL, *f;
	unsigned int i, todo, n = 0, active;
	unsigned long now = jiffies;

	active = fm_table_active();
	if (active > peak)
		peak = active;

	todo = table_mask + 1;
	if (!all && slices > 1)
		todo = DIV_ROUND_UP(todo, slices);
	for (i = 0; i < todo; i++) {
		unsigned int bucket = scan_cursor;
		struct hlist_head *b = &table[bucket];
		struct hlist_node *tmp;

		scan_cursor = (scan_cursor + 1) & table_mask;
		if ((i & 1023) == 0)
			cond_resched();
		if (hlist_empty(b) || (!all && !bucket_has_ended(b, now)))
			continue;
		/* The packet path takes the same lock from softirq. */
		spin_lock_bh(bucket_lock(bucket));
		hlist_for_each_entry_safe(f, tmp, b, node) {
			u8 end = flow_ended(f, now, all);

			if (!end)
				continue;
			atomic_or(end << FM_STATE_END_SHIFT, &f->state);
			hlist_del_rcu(&f->node);
			f->next_dead = dead;
			dead = f;
			n++;
		}
		spin_unlock_bh(bucket_lock(bucket));
	}
	if (!n)
		return NULL;
	atomic_long_add(n, &freed);
	atomic_add(n, &credit_pool);
	/* Every packet that found one of these flows has finished counting. */
	synchronize_rcu();
	return dead;
}

void fm_flow_free(struct fm_flow *f)
{
	kmem_cache_free(flow_cache, f);
}

unsigned int fm_table_active(void)
{
	long n = -atomic_long_read(&freed);
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(&fm_stats, cpu)->new_flows);
	return n > 0 ? n : 0;
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
	int i;

	table = kvcalloc(fm_hashsize, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table_mask = fm_hashsize - 1;
	for (i = 0; i < BUCKET_LOCKS; i++)
		spin_lock_init(&bucket_locks[i]);
	get_random_bytes(hash_keys, sizeof(hash_keys));
	flow_cache = kmem_cache_create("ipt_netflow_flow", sizeof(struct fm_flow),
				       0, 0, NULL);
	if (!flow_cache) {
		kvfree(table);
		return -ENOMEM;
	}
	credits_limit = credits_for(fm_maxflows);
	atomic_set(&credit_pool, credits_limit);
	return 0;
}

/* The exporter has emptied the table and freed every flow already. */
void fm_table_exit(void)
{
	kmem_cache_destroy(flow_cache);
	kvfree(table);
}
