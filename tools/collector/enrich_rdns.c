// SPDX-License-Identifier: GPL-2.0
/*
 * reverse_dns: names for addresses, without ever waiting for DNS on the
 * decode path. enrich() only looks in a bounded cache; a miss queues the
 * address (bounded too) and the flow gets "unknown" (or its address, with
 * ip_as_unknown); one resolver thread runs c-ares and fills the cache, so
 * later flows get the name. Answers, negative ones included, live for
 * cache_duration. With tail_pihole, the names clients asked Pi-hole for
 * (before CNAMEs) are learnt from its log and win over PTR records.
 */
#include <ares.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include "addr.h"
#include "clock.h"
#include "enrich_rdns.h"
#include "localnet.h"

enum { E_FREE, E_PENDING, E_NAME, E_NONE };

struct entry {
	struct fm_addr addr;
	uint8_t state;
	bool pihole;		/* learnt from the Pi-hole log: keep over PTR */
	uint64_t expires_ms;
	int next;		/* hash chain, -1 ends */
	char name[256];
};

struct rdns {
	pthread_mutex_t lock;
	struct entry *e;
	int *bucket;
	unsigned int size, nbuckets, hand;	/* clock hand for eviction */
	unsigned int used;
	struct fm_addr *queue;
	unsigned int qsize, qhead, qlen;
	bool lookup_local, lookup_remote, ip_as_unknown;
	uint64_t ttl_ms;
	int timeout_ms;
	char *servers, *pihole;
	ares_channel ch;
	int wake[2];
	pthread_t thread, pihole_thread;
	bool have_pihole_thread;
	atomic_bool stop;
	/* statistics */
	uint64_t hits, misses, queued, queue_full, inflight;
	uint64_t ok, nxdomain, timeouts, failures, pihole_names;
};

static unsigned int hash_addr(const struct fm_addr *a, unsigned int n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ a->a[i]) * 0x100000001b3ull;
	return (h ^ a->family) % n;
}


/* With the lock. */
static struct entry *find(struct rdns *r, const struct fm_addr *a)
{
	int i;

	for (i = r->bucket[hash_addr(a, r->nbuckets)]; i >= 0; i = r->e[i].next)
		if (fm_addr_eq(&r->e[i].addr, a))
			return &r->e[i];
	return NULL;
}

static void unlink_entry(struct rdns *r, int idx)
{
	int *pp = &r->bucket[hash_addr(&r->e[idx].addr, r->nbuckets)];

	for (; *pp >= 0; pp = &r->e[*pp].next)
		if (*pp == idx) {
			*pp = r->e[idx].next;
			break;
		}
	r->e[idx].state = E_FREE;
	r->used--;
}

/* A slot for @a: a free one, else the clock hand's (never a pending one). */
static struct entry *insert(struct rdns *r, const struct fm_addr *a)
{
	unsigned int tries;
	int idx = -1, b;

	for (tries = 0; tries < 2 * r->size; tries++) {
		unsigned int i = r->hand++ % r->size;

		if (r->e[i].state == E_FREE) {
			idx = i;
			break;
		}
		if (r->e[i].state != E_PENDING && r->used >= r->size) {
			unlink_entry(r, i);
			idx = i;
			break;
		}
	}
	if (idx < 0)
		return NULL;
	memset(&r->e[idx], 0, sizeof(r->e[idx]));
	r->e[idx].addr = *a;
	b = hash_addr(a, r->nbuckets);
	r->e[idx].next = r->bucket[b];
	r->bucket[b] = idx;
	r->used++;
	return &r->e[idx];
}

static void name_for(struct rdns *r, struct fm_enriched_rec *f, const struct fm_addr *a,
		     int attr)
{
	char buf[INET6_ADDRSTRLEN];
	struct entry *e;
	const char *name = NULL;
	bool local = fm_addr_is_local(a);

	if (!a->family || (local && !r->lookup_local) || (!local && !r->lookup_remote))
		return;
	pthread_mutex_lock(&r->lock);
	e = find(r, a);
	if (e && e->state != E_PENDING && e->expires_ms < fm_mono_ms() && !e->pihole) {
		unlink_entry(r, e - r->e);
		e = NULL;
	}
	if (e && e->state == E_NAME) {
		r->hits++;
		fm_attr_set(f, attr, e->name);
		pthread_mutex_unlock(&r->lock);
		return;
	}
	if (e) {
		r->hits += e->state == E_NONE;
	} else {
		r->misses++;
		if (r->qlen < r->qsize && (e = insert(r, a))) {
			e->state = E_PENDING;
			r->queue[(r->qhead + r->qlen++) % r->qsize] = *a;
			r->queued++;
			if (write(r->wake[1], "", 1) < 0) {
				/* the resolver is awake anyway: the pipe is full */
			}
		} else {
			r->queue_full++;
		}
	}
	pthread_mutex_unlock(&r->lock);
	name = r->ip_as_unknown ? fm_addr_str(a, buf, sizeof(buf)) : "unknown";
	fm_attr_set(f, attr, name);
}

static void rdns_enrich(void *st, struct fm_enriched_rec *f)
{
	struct rdns *r = st;

	name_for(r, f, &f->rec->src, ATTR_SOURCE_NAME);
	name_for(r, f, &f->rec->dst, ATTR_DESTINATION_NAME);
}

struct query {
	struct rdns *r;
	struct fm_addr a;
};

/* 4.3.2.1.in-addr.arpa / nibbles.ip6.arpa */
static void ptr_name(const struct fm_addr *a, char *buf, size_t len)
{
	size_t off = 0;
	int i;

	if (a->family == AF_INET) {
		snprintf(buf, len, "%u.%u.%u.%u.in-addr.arpa", a->a[3], a->a[2], a->a[1], a->a[0]);
		return;
	}
	for (i = 15; i >= 0 && off + 4 < len; i--)
		off += snprintf(buf + off, len - off, "%x.%x.", a->a[i] & 15, a->a[i] >> 4);
	snprintf(buf + off, len - off, "ip6.arpa");
}

/*
 * A PTR query of our own rather than ares_gethostbyaddr(), which reports
 * every failure (refused, timed out) as "not found".
 */
static void answered(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct query *q = arg;
	struct rdns *r = q->r;
	struct hostent *h = NULL;
	struct entry *e;

	(void)timeouts;
	if (status == ARES_SUCCESS)
		status = ares_parse_ptr_reply(abuf, alen, q->a.a,
					      q->a.family == AF_INET ? 4 : 16,
					      q->a.family, &h);
	pthread_mutex_lock(&r->lock);
	r->inflight--;
	e = find(r, &q->a);
	if (status == ARES_SUCCESS && h && h->h_name) {
		r->ok++;
		if (e && !e->pihole) {
			snprintf(e->name, sizeof(e->name), "%s", h->h_name);
			e->state = E_NAME;
		}
	} else {
		if (status == ARES_ENOTFOUND || status == ARES_ENODATA)
			r->nxdomain++;
		else if (status == ARES_ETIMEOUT)
			r->timeouts++;
		else if (status != ARES_EDESTRUCTION)
			r->failures++;
		if (e && e->state == E_PENDING)
			e->state = E_NONE;
	}
	if (e)
		e->expires_ms = fm_mono_ms() + r->ttl_ms;
	pthread_mutex_unlock(&r->lock);
	if (h)
		ares_free_hostent(h);
	free(q);
}

static void *resolver(void *arg)
{
	struct rdns *r = arg;

	while (!atomic_load(&r->stop)) {
		struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 }, *tvp;
		fd_set rd, wr;
		char drain[64], name[80];
		int nfds;

		/* Start what was queued. */
		pthread_mutex_lock(&r->lock);
		while (r->qlen) {
			struct query *q = malloc(sizeof(*q));
			struct fm_addr a = r->queue[r->qhead];

			r->qhead = (r->qhead + 1) % r->qsize;
			r->qlen--;
			if (!q) {
				struct entry *e = find(r, &a);

				if (e)
					unlink_entry(r, e - r->e);
				continue;
			}
			q->r = r;
			q->a = a;
			r->inflight++;
			pthread_mutex_unlock(&r->lock);
			ptr_name(&a, name, sizeof(name));
			ares_query(r->ch, name, 1 /* IN */, 12 /* PTR */, answered, q);
			pthread_mutex_lock(&r->lock);
		}
		pthread_mutex_unlock(&r->lock);

		FD_ZERO(&rd);
		FD_ZERO(&wr);
		nfds = ares_fds(r->ch, &rd, &wr);
		FD_SET(r->wake[0], &rd);
		if (r->wake[0] >= nfds)
			nfds = r->wake[0] + 1;
		tvp = ares_timeout(r->ch, &tv, &tv);
		if (select(nfds, &rd, &wr, NULL, tvp) < 0 && errno != EINTR)
			break;
		if (FD_ISSET(r->wake[0], &rd))
			while (read(r->wake[0], drain, sizeof(drain)) > 0)
				;
		ares_process(r->ch, &rd, &wr);
	}
	return NULL;
}

/*
 * Pi-hole's log (pihole -t prints the same lines):
 *   ... query[A] www.example.com from 192.168.1.10
 *   ... cname www.example.com is edge.example.net
 *   ... reply edge.example.net is 93.184.216.34
 * The address gets the name the client asked for: the last query's.
 */
static void pihole_line(struct rdns *r, const char *line, char *asked, size_t alen)
{
	const char *p;
	char name[200], addr[64];
	struct fm_addr a;
	struct entry *e;

	if ((p = strstr(line, " query[")) && sscanf(p, " query[%*[^]]] %199s", name) == 1) {
		snprintf(asked, alen, "%s", name);
		return;
	}
	if (!(p = strstr(line, " reply ")) ||
	    sscanf(p, " reply %199s is %63s", name, addr) != 2 ||
	    fm_addr_parse(addr, &a) < 0)
		return;
	pthread_mutex_lock(&r->lock);
	e = find(r, &a);
	if (!e)
		e = insert(r, &a);
	if (e) {
		snprintf(e->name, sizeof(e->name), "%s", asked[0] ? asked : name);
		e->state = E_NAME;	/* a PTR answer still to come will not overwrite */
		e->pihole = true;
		e->expires_ms = fm_mono_ms() + r->ttl_ms;
		r->pihole_names++;
	}
	pthread_mutex_unlock(&r->lock);
}

/* Follow the log file (like tail -F), or read a command's output. */
static void *pihole_follow(void *arg)
{
	struct rdns *r = arg;
	char line[1024], asked[256] = "";
	bool file = r->pihole[0] == '/';
	FILE *f = NULL;

	while (!atomic_load(&r->stop)) {
		if (!f) {
			f = file ? fopen(r->pihole, "r") : popen(r->pihole, "r");
			if (!f) {
				usleep(500000);
				continue;
			}
			if (file)
				fseek(f, 0, SEEK_END);
		}
		if (fgets(line, sizeof(line), f)) {
			pihole_line(r, line, asked, sizeof(asked));
			continue;
		}
		if (!file) {
			pclose(f);
			f = NULL;
		} else {
			clearerr(f);
		}
		usleep(200000);
	}
	if (f)
		file ? fclose(f) : pclose(f);
	return NULL;
}

static bool opt_bool(const struct fm_extension *x, const char *k, bool def)
{
	const char *v = fm_ext_get(x, k);

	if (!v)
		return def;
	return !strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1");
}

/* "1h", "30m", "90s", "3600" */
static long duration_s(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || n < 0)
		return -1;
	switch (*end) {
	case 0: case 's': return n;
	case 'm': return n * 60;
	case 'h': return n * 3600;
	case 'd': return n * 86400;
	default: return -1;
	}
}

static int rdns_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct ares_options o = { 0 };
	const char *v;
	struct rdns *r = calloc(1, sizeof(*r));
	long ttl;
	unsigned int i;

	if (!r) {
		snprintf(err, len, ": reverse_dns: out of memory");
		return -1;
	}
	r->lookup_local = opt_bool(x, "lookup_local", false);
	r->lookup_remote = opt_bool(x, "lookup_remote", true);
	r->ip_as_unknown = opt_bool(x, "ip_as_unknown", false);
	v = fm_ext_get(x, "cache_duration");
	ttl = v ? duration_s(v) : 3600;
	if (ttl < 0) {
		snprintf(err, len, ": reverse_dns: cache_duration '%s' is not a duration (1h, 30m, 90s)", v);
		free(r);
		return -1;
	}
	r->ttl_ms = ttl * 1000;
	v = fm_ext_get(x, "cache_size");
	r->size = v ? strtoul(v, NULL, 10) : 65536;
	v = fm_ext_get(x, "queue_size");
	r->qsize = v ? strtoul(v, NULL, 10) : 1024;
	v = fm_ext_get(x, "timeout_ms");
	r->timeout_ms = v ? atoi(v) : 2000;
	if (r->size < 16)
		r->size = 16;
	if (r->qsize < 1)
		r->qsize = 1;
	r->nbuckets = r->size;
	r->e = calloc(r->size, sizeof(*r->e));
	r->bucket = malloc(r->nbuckets * sizeof(*r->bucket));
	r->queue = calloc(r->qsize, sizeof(*r->queue));
	if (!r->e || !r->bucket || !r->queue || pipe2(r->wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		snprintf(err, len, ": reverse_dns: out of memory");
		goto fail;
	}
	for (i = 0; i < r->nbuckets; i++)
		r->bucket[i] = -1;
	pthread_mutex_init(&r->lock, NULL);
	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
		goto fail;
	o.timeout = r->timeout_ms;
	o.tries = 2;
	if (ares_init_options(&r->ch, &o, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES) != ARES_SUCCESS) {
		snprintf(err, len, ": reverse_dns: cannot set up the resolver");
		goto fail;
	}
	v = fm_ext_get(x, "servers");
	if (v && ares_set_servers_ports_csv(r->ch, v) != ARES_SUCCESS) {
		snprintf(err, len, ": reverse_dns: servers '%s' (want addr[:port],...)", v);
		ares_destroy(r->ch);
		goto fail;
	}
	if (pthread_create(&r->thread, NULL, resolver, r)) {
		ares_destroy(r->ch);
		goto fail;
	}
	v = fm_ext_get(x, "tail_pihole");
	if (v && *v && strcmp(v, "false")) {
		r->pihole = strdup(!strcmp(v, "true") ? "pihole -t" : v);
		if (r->pihole && !pthread_create(&r->pihole_thread, NULL, pihole_follow, r))
			r->have_pihole_thread = true;
	}
	*st = r;
	return 0;
fail:
	free(r->e);
	free(r->bucket);
	free(r->queue);
	free(r);
	return -1;
}

static void rdns_stop(void *st)
{
	struct rdns *r = st;

	atomic_store(&r->stop, true);
	if (write(r->wake[1], "", 1) < 0) {
		/* full: it wakes anyway */
	}
	pthread_join(r->thread, NULL);
	if (r->have_pihole_thread)
		pthread_join(r->pihole_thread, NULL);
	ares_destroy(r->ch);	/* answers the queries in flight with EDESTRUCTION */
	ares_library_cleanup();
	close(r->wake[0]);
	close(r->wake[1]);
	pthread_mutex_destroy(&r->lock);
	free(r->pihole);
	free(r->e);
	free(r->bucket);
	free(r->queue);
	free(r);
}

static void rdns_render(void *st, FILE *o)
{
	struct rdns *r = st;

	pthread_mutex_lock(&r->lock);
	fprintf(o, "# HELP flowmeterd_rdns_cache_hits_total reverse_dns: lookups answered from the cache.\n"
		   "# TYPE flowmeterd_rdns_cache_hits_total counter\n"
		   "flowmeterd_rdns_cache_hits_total %llu\n"
		   "# HELP flowmeterd_rdns_cache_misses_total reverse_dns: addresses not in the cache.\n"
		   "# TYPE flowmeterd_rdns_cache_misses_total counter\n"
		   "flowmeterd_rdns_cache_misses_total %llu\n"
		   "# HELP flowmeterd_rdns_cache_entries reverse_dns: addresses cached (names, negatives, pending).\n"
		   "# TYPE flowmeterd_rdns_cache_entries gauge\n"
		   "flowmeterd_rdns_cache_entries %u\n"
		   "# HELP flowmeterd_rdns_queue_depth reverse_dns: addresses waiting or in flight.\n"
		   "# TYPE flowmeterd_rdns_queue_depth gauge\n"
		   "flowmeterd_rdns_queue_depth %llu\n"
		   "# HELP flowmeterd_rdns_queue_full_total reverse_dns: misses not queued (queue full).\n"
		   "# TYPE flowmeterd_rdns_queue_full_total counter\n"
		   "flowmeterd_rdns_queue_full_total %llu\n"
		   "# HELP flowmeterd_rdns_lookups_total reverse_dns: PTR lookups by result.\n"
		   "# TYPE flowmeterd_rdns_lookups_total counter\n"
		   "flowmeterd_rdns_lookups_total{result=\"ok\"} %llu\n"
		   "flowmeterd_rdns_lookups_total{result=\"nxdomain\"} %llu\n"
		   "flowmeterd_rdns_lookups_total{result=\"timeout\"} %llu\n"
		   "flowmeterd_rdns_lookups_total{result=\"error\"} %llu\n"
		   "# HELP flowmeterd_rdns_pihole_names_total reverse_dns: names learnt from Pi-hole.\n"
		   "# TYPE flowmeterd_rdns_pihole_names_total counter\n"
		   "flowmeterd_rdns_pihole_names_total %llu\n",
		(unsigned long long)r->hits, (unsigned long long)r->misses, r->used,
		(unsigned long long)(r->qlen + r->inflight), (unsigned long long)r->queue_full,
		(unsigned long long)r->ok, (unsigned long long)r->nxdomain,
		(unsigned long long)r->timeouts, (unsigned long long)r->failures,
		(unsigned long long)r->pihole_names);
	pthread_mutex_unlock(&r->lock);
}

static const char *const rdns_opts[] = {
	"cache_duration", "lookup_local", "lookup_remote", "ip_as_unknown",
	"tail_pihole", "servers", "cache_size", "queue_size", "timeout_ms", NULL,
};

const struct fm_enricher fm_enricher_reverse_dns = {
	.name = "reverse_dns", .options = rdns_opts, .start = rdns_start,
	.enrich = rdns_enrich, .stop = rdns_stop, .render = rdns_render,
};
