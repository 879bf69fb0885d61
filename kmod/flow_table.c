// SPDX-License-Identifier: GPL-2.0
/*
 * Flow tables, one per namespace's meter: the packet path's only shared
 * structure.
 *
 * Lookups walk a bucket under RCU without any lock. Counting is two atomic
 * adds on the flow itself, so CPUs meet only when they count the same flow.
 * Inserting takes one of a fixed array of bucket locks shared by all tables
 * (bucket number modulo the array, as conntrack does): real spinlocks, so
 * lockdep sees every context they are taken in. Nothing on the packet path
 * touches a global lock or writes a line shared by all CPUs: the number of
 * flows is a sum of per-CPU counts, maxflows is a pool of credits taken in
 * chunks, and ageing is done by a scan from the exporter, not by keeping an
 * LRU list in packet order.
 *
 * Every entry point from the packet path runs with bottom halves off
 * (target.c and hooks.c make sure of it), so per-CPU data needs no atomics
 * and a lock is never wanted by a softirq that interrupted its holder.
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
#include "flow_table.h"
#include "netns.h"

/*
 * maxflows is a pool of credits, one per flow, per table; maxflows_all a
 * pool shared by every table. A CPU takes credits in chunks while a pool is
 * large and one at a time near its limit; a flow's credit returns to both
 * pools when the exporter takes the flow out. At the limit a packet that
 * needs a new flow only reads an empty pool. The flows admitted can fall
 * short of a limit by the credits other CPUs hold unused: fewer than
 * CREDIT_CHUNK each, and none while the limit is below CREDIT_CHUNK per CPU.
 */
#define CREDIT_CHUNK		32
#define CREDITS_UNLIMITED	(1 << 30)	/* 0 = no limit: 128 GB of flows */

struct fm_table {
	struct hlist_head *buckets;
	unsigned int mask;
	u64 hash_keys[FM_KEY_WORDS + 1];
	struct fm_cpu_stats __percpu *stats;
	unsigned int scan_cursor;	/* next bucket the timeout scan visits */
	unsigned int peak;		/* written by the exporter only */
	atomic_long_t freed;		/* flows taken out; active = new - freed */
	atomic_t gen;			/* bumped when flows leave but for timeouts */
	atomic_t credit_pool;
	int credits_limit;		/* what the pool was sized for */
	struct mutex maxflows_lock;
	unsigned int __percpu *credits;
};

static struct kmem_cache *flow_cache;

#define BUCKET_LOCKS	1024	/* a power of two */
static spinlock_t bucket_locks[BUCKET_LOCKS];

static atomic_t global_pool;	/* maxflows_all */
static int global_limit;

static spinlock_t *bucket_lock(unsigned int bucket)
{
	return &bucket_locks[bucket & (BUCKET_LOCKS - 1)];
}

static int credits_for(unsigned int maxflows)
{
	if (!maxflows || maxflows > CREDITS_UNLIMITED)
		return CREDITS_UNLIMITED;
	return maxflows;
}

/* Up to @chunk credits from @pool, fewer near its end; 0 if it is dry. */
static int pool_take(atomic_t *pool, int chunk)
{
	int have = atomic_read(pool), want;

	do {
		if (have <= 0)
			return 0;
		want = have >= chunk * (int)num_possible_cpus() ? chunk : 1;
	} while (!atomic_try_cmpxchg(pool, &have, have - want));
	return want;
}

static bool take_credit(struct fm_table *t)
{
	unsigned int *c = this_cpu_ptr(t->credits);
	int got, global;

	if (likely(*c)) {
		(*c)--;
		return true;
	}
	got = pool_take(&t->credit_pool, CREDIT_CHUNK);
	if (!got)
		return false;
	global = pool_take(&global_pool, got);
	if (global < got)
		atomic_add(got - global, &t->credit_pool);
	if (!global)
		return false;
	*c = global - 1;
	return true;
}

/* A credit taken for a flow that was not made. */
static void keep_credit(struct fm_table *t)
{
	__this_cpu_inc(*t->credits);
}

void fm_table_set_maxflows(struct fm_table *t, unsigned int maxflows)
{
	int limit = credits_for(maxflows);

	mutex_lock(&t->maxflows_lock);
	/* May go below zero: no new flows until enough have ended. */
	atomic_add(limit - t->credits_limit, &t->credit_pool);
	t->credits_limit = limit;
	mutex_unlock(&t->maxflows_lock);
}

void fm_tables_set_maxflows_all(unsigned int maxflows)
{
	static DEFINE_MUTEX(lock);
	int limit = credits_for(maxflows);

	mutex_lock(&lock);
	atomic_add(limit - global_limit, &global_pool);
	global_limit = limit;
	mutex_unlock(&lock);
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
static u32 key_hash(const struct fm_table *t, const struct fm_flow_key *k)
{
	const u32 *w = (const u32 *)k;
	unsigned int i, n = key_words(k);
	u64 h = t->hash_keys[0];

	for (i = 0; i < n; i++)
		h += t->hash_keys[i + 1] * w[i];
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

static struct fm_flow *bucket_find(struct fm_table *t, struct hlist_head *b,
				   const struct fm_flow_key *k)
{
	unsigned int words = key_words(k), steps = 0;
	struct fm_flow *f;

	hlist_for_each_entry_rcu(f, b, node) {
		steps++;
		if (key_equal(&f->key, k, words))
			break;
	}
	fm_stat_add(t->stats, searched, steps);
	return f;
}

static void count_dropped(struct fm_table *t, const struct fm_pkt *p, bool alloc)
{
	if (alloc)
		fm_stat_add(t->stats, drop_alloc, p->packets);
	else
		fm_stat_add(t->stats, drop_maxflows, p->packets);
	fm_stat_add(t->stats, drop_bytes, p->bytes);
}

/* Count the packet @p describes in its flow, creating the flow if needed. */
void fm_table_count(struct fm_table *t, const struct fm_pkt *p)
{
	unsigned int bucket = key_hash(t, &p->key) & t->mask;
	struct hlist_head *b = &t->buckets[bucket];
	struct fm_flow *f, *old;
	spinlock_t *lock;

	f = bucket_find(t, b, &p->key);
	if (likely(f)) {
		flow_count(f, p);
		goto counted;
	}

	if (unlikely(!take_credit(t))) {
		count_dropped(t, p, false);
		return;
	}
	f = kmem_cache_alloc(flow_cache, GFP_ATOMIC);
	if (unlikely(!f)) {
		keep_credit(t);
		count_dropped(t, p, true);
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
	old = bucket_find(t, b, &p->key);
	if (unlikely(old)) {
		flow_count(old, p);
		spin_unlock(lock);
		kmem_cache_free(flow_cache, f);
		keep_credit(t);
		goto counted;
	}
	hlist_add_head_rcu(&f->node, b);
	spin_unlock(lock);
	fm_stat_inc(t->stats, new_flows);
counted:
	fm_stat_add(t->stats, pkts, p->packets);
	fm_stat_add(t->stats, bytes, p->bytes);
}

static u8 flow_ended(const struct fm_flow *f, unsigned long now, bool all,
		     unsigned long inactive, unsigned long active)
{
	if (atomic_read(&f->state) & FM_STATE_FIN)
		return FLOW_END_END_OF_FLOW;
	if (time_after_eq(now, READ_ONCE(f->last) + inactive))
		return FLOW_END_IDLE;
	if (time_after_eq(now, f->first + active))
		return FLOW_END_ACTIVE;
	if (all)
		return FLOW_END_FORCED;
	return 0;
}

/*
 * Most scans find most buckets with nothing to do: look without locks
 * first, so the cost of a scan is a read of each flow, not two locks.
 */
static bool bucket_has_ended(struct hlist_head *b, unsigned long now,
			     unsigned long inactive, unsigned long active)
{
	struct fm_flow *f;
	bool ended = false;

	rcu_read_lock();
	hlist_for_each_entry_rcu(f, b, node) {
		if (flow_ended(f, now, false, inactive, active)) {
			ended = true;
			break;
		}
	}
	rcu_read_unlock();
	return ended;
}

struct fm_flow *fm_table_expire(struct fm_table *t, bool all, unsigned int slices,
				int inactive_timeout, int active_timeout)
{
	unsigned long inactive = (unsigned long)inactive_timeout * HZ;
	unsigned long active = (unsigned long)active_timeout * HZ;
	struct fm_flow *dead = NULL, *f;
	unsigned int i, todo, n = 0, nflows;
	unsigned long now = jiffies;

	nflows = fm_table_active(t);
	if (nflows > t->peak)
		t->peak = nflows;

	todo = t->mask + 1;
	if (!all && slices > 1)
		todo = DIV_ROUND_UP(todo, slices);
	for (i = 0; i < todo; i++) {
		unsigned int bucket = t->scan_cursor;
		struct hlist_head *b = &t->buckets[bucket];
		struct hlist_node *tmp;

		t->scan_cursor = (t->scan_cursor + 1) & t->mask;
		if ((i & 1023) == 0)
			cond_resched();
		if (hlist_empty(b) ||
		    (!all && !bucket_has_ended(b, now, inactive, active)))
			continue;
		/* The packet path takes the same lock from softirq. */
		spin_lock_bh(bucket_lock(bucket));
		hlist_for_each_entry_safe(f, tmp, b, node) {
			u8 end = flow_ended(f, now, all, inactive, active);

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
	if (all)
		atomic_inc(&t->gen);
	if (!n)
		return NULL;
	atomic_long_add(n, &t->freed);
	atomic_add(n, &t->credit_pool);
	atomic_add(n, &global_pool);
	/* Every packet that found one of these flows has finished counting. */
	synchronize_rcu();
	return dead;
}

void fm_flow_free(struct fm_flow *f)
{
	kmem_cache_free(flow_cache, f);
}

static bool addr_in(const struct in6_addr *a, const struct in6_addr *net,
		    unsigned int prefix, unsigned int family)
{
	unsigned int words = family == NFPROTO_IPV4 ? 1 : 4, i, bits;

	if (prefix > words * 32)
		return false;
	for (i = 0; i < words && prefix; i++, prefix -= bits) {
		u32 mask;

		bits = min(prefix, 32U);
		mask = bits == 32 ? U32_MAX : ~(U32_MAX >> bits);
		if ((ntohl(a->s6_addr32[i]) ^ ntohl(net->s6_addr32[i])) & mask)
			return false;
	}
	return true;
}

static bool flow_matches(const struct fm_flow *f, const struct fm_flow_filter *m)
{
	const struct fm_flow_key *k = &f->key;
	struct in6_addr src = {}, dst = {};

	if (!m)
		return true;
	if (m->family && k->family != m->family)
		return false;
	if (m->proto && k->proto != m->proto)
		return false;
	if (m->port && k->sport != m->port && k->dport != m->port)
		return false;
	if (m->ifindex && k->iif != m->ifindex && f->oif != m->ifindex)
		return false;
	if (k->family == NFPROTO_IPV4) {
		src.s6_addr32[0] = k->addr.v4.src;
		dst.s6_addr32[0] = k->addr.v4.dst;
	} else {
		src = k->addr.v6.src;
		dst = k->addr.v6.dst;
	}
	if (m->src_len != FM_FILTER_NONE &&
	    !addr_in(&src, &m->src, m->src_len, k->family))
		return false;
	if (m->dst_len != FM_FILTER_NONE &&
	    !addr_in(&dst, &m->dst, m->dst_len, k->family))
		return false;
	return true;
}

static void view(struct fm_flow_view *v, const struct fm_flow *f)
{
	v->key = f->key;
	v->oif = f->oif;
	v->tcp_flags = fm_flow_tcp_flags(f);
	v->packets = fm_flow_packets(f);
	v->bytes = fm_flow_bytes(f);
	v->first = f->first;
	v->last = READ_ONCE(f->last);
	v->nexthop = f->nexthop;
}

unsigned int fm_table_snapshot(struct fm_table *t, struct fm_dump_cursor *c,
			       const struct fm_flow_filter *m,
			       struct fm_flow_view *v, unsigned int max)
{
	unsigned int n = 0;

	rcu_read_lock();
	for (; c->bucket <= t->mask; c->bucket++, c->skip = 0) {
		struct hlist_head *b = &t->buckets[c->bucket];
		unsigned int in_bucket = 0, i = 0;
		struct fm_flow *f;

		hlist_for_each_entry_rcu(f, b, node)
			in_bucket += flow_matches(f, m);
		in_bucket = in_bucket > c->skip ? in_bucket - c->skip : 0;
		/* Whole buckets: a flow is never shown twice or skipped. */
		if (n && n + in_bucket > max)
			break;
		hlist_for_each_entry_rcu(f, b, node) {
			if (!flow_matches(f, m) || i++ < c->skip)
				continue;
			if (n == max) {
				/* One bucket larger than a whole message. */
				c->skip = i - 1;
				goto out;
			}
			view(&v[n++], f);
		}
	}
out:
	rcu_read_unlock();
	return n;
}

unsigned int fm_table_generation(const struct fm_table *t)
{
	return atomic_read(&t->gen);
}

struct fm_cpu_stats __percpu *fm_table_stats(const struct fm_table *t)
{
	return t->stats;
}

unsigned int fm_table_active(const struct fm_table *t)
{
	long n = -atomic_long_read(&t->freed);
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(t->stats, cpu)->new_flows);
	return n > 0 ? n : 0;
}

unsigned int fm_table_peak(const struct fm_table *t)
{
	return max_t(unsigned int, t->peak, fm_table_active(t));
}

size_t fm_flow_size(void)
{
	return kmem_cache_size(flow_cache);
}

struct fm_table *fm_table_new(unsigned int hashsize, unsigned int maxflows,
			      struct fm_cpu_stats __percpu *stats)
{
	struct fm_table *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->buckets = kvcalloc(hashsize, sizeof(*t->buckets), GFP_KERNEL);
	t->credits = alloc_percpu(unsigned int);
	if (!t->buckets || !t->credits) {
		free_percpu(t->credits);
		kvfree(t->buckets);
		kfree(t);
		return NULL;
	}
	t->mask = hashsize - 1;
	t->stats = stats;
	get_random_bytes(t->hash_keys, sizeof(t->hash_keys));
	mutex_init(&t->maxflows_lock);
	t->credits_limit = credits_for(maxflows);
	atomic_set(&t->credit_pool, t->credits_limit);
	return t;
}

/* Every flow was taken out (fm_table_expire(all)) and freed already. */
void fm_table_free(struct fm_table *t)
{
	unsigned int held = 0;
	int cpu;

	if (!t)
		return;
	/* Credits CPUs still hold go back to the pool of all namespaces. */
	for_each_possible_cpu(cpu)
		held += *per_cpu_ptr(t->credits, cpu);
	atomic_add(held, &global_pool);
	free_percpu(t->credits);
	kvfree(t->buckets);
	kfree(t);
}

long fm_table_handover(struct fm_table *t, const struct fm_table *old)
{
	long freed = atomic_long_read(&old->freed);

	atomic_set(&t->gen, atomic_read(&old->gen) + 1);
	t->peak = fm_table_peak(old);
	/* New flows are counted per namespace: the old table's are in it. */
	atomic_long_set(&t->freed, freed);
	return freed;
}

void fm_table_handover_done(struct fm_table *t, const struct fm_table *old,
			    long freed)
{
	atomic_long_add(atomic_long_read(&old->freed) - freed, &t->freed);
}

struct fm_table *fm_net_table(struct fm_net *fn)
{
	struct fm_table *t;

	mutex_lock(&fn->lock);
	t = fn->table;
	if (t)
		goto out;
	t = fm_table_new(fn->hashsize, READ_ONCE(fn->s.maxflows), fn->stats);
	if (!t)
		goto out;
	/*
	 * The packet path reads it without the lock: release pairs with its
	 * acquire, so it never sees the table half made.
	 */
	smp_store_release(&fn->table, t);
out:
	mutex_unlock(&fn->lock);
	return t;
}

int fm_tables_init(unsigned int maxflows_all)
{
	int i;

	for (i = 0; i < BUCKET_LOCKS; i++)
		spin_lock_init(&bucket_locks[i]);
	flow_cache = kmem_cache_create("ipt_netflow_flow", sizeof(struct fm_flow),
				       0, 0, NULL);
	if (!flow_cache)
		return -ENOMEM;
	global_limit = credits_for(maxflows_all);
	atomic_set(&global_pool, global_limit);
	return 0;
}

void fm_tables_exit(void)
{
	kmem_cache_destroy(flow_cache);
}
