// SPDX-License-Identifier: GPL-2.0
/*
 * The sender registry (api_netflowio_registry.h). Workers ask it once per
 * datagram (a read lock); the API changes it on a copy that is written to
 * the file first, so what the file says and what flowmeterd does never
 * part. The file is opened while flowmeterd is root and rewritten in
 * place through that descriptor, as the template state is.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "addr.h"
#include "api_netflowio_registry.h"

struct fm_nfio_registry {
	pthread_rwlock_t lock;
	struct fm_nfio_sender *s;
	size_t n;
	int fd;				/* -1: in memory only */
	_Atomic size_t active;		/* n, read without the lock: none, nothing to ask */
	_Atomic uint64_t refused;
};

static int load(struct fm_nfio_registry *r, const char *path, char *err, size_t errlen)
{
	char why[256], *buf;
	struct stat st;
	ssize_t got;

	if (fstat(r->fd, &st) < 0) {
		snprintf(err, errlen, "api.registry %s: %s", path, strerror(errno));
		return -1;
	}
	if (!st.st_size)
		return 0;	/* new */
	if (st.st_size > 64 << 20) {
		snprintf(err, errlen, "api.registry %s: larger than 64MiB, not a registry", path);
		return -1;
	}
	buf = malloc(st.st_size);
	if (!buf) {
		snprintf(err, errlen, "api.registry %s: out of memory", path);
		return -1;
	}
	got = pread(r->fd, buf, st.st_size, 0);
	if (got != st.st_size ||
	    fm_nfio_parse_registry(buf, got, &r->s, &r->n, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "api.registry %s: %s", path,
			 got != st.st_size ? "cannot read it" : why);
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
}

struct fm_nfio_registry *fm_nfio_registry_open(const char *path, char *err, size_t errlen)
{
	struct fm_nfio_registry *r = calloc(1, sizeof(*r));

	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pthread_rwlock_init(&r->lock, NULL);
	r->fd = -1;
	if (!path || !*path)
		return r;
	r->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (r->fd < 0) {
		snprintf(err, errlen, "api.registry %s: %s", path, strerror(errno));
		fm_nfio_registry_free(r);
		return NULL;
	}
	if (load(r, path, err, errlen) < 0) {
		fm_nfio_registry_free(r);
		return NULL;
	}
	atomic_store(&r->active, r->n);
	return r;
}

void fm_nfio_registry_free(struct fm_nfio_registry *r)
{
	if (!r)
		return;
	fm_nfio_senders_free(r->s, r->n);
	if (r->fd >= 0)
		close(r->fd);
	pthread_rwlock_destroy(&r->lock);
	free(r);
}

static struct fm_nfio_sender *find(struct fm_nfio_sender *s, size_t n, const struct fm_addr *ip)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fm_addr_eq(&s[i].ip, ip))
			return &s[i];
	return NULL;
}

bool fm_nfio_admit(struct fm_nfio_registry *r, const struct fm_addr *from, unsigned int n)
{
	bool ok;

	if (!r || !n || !atomic_load(&r->active))
		return true;
	pthread_rwlock_rdlock(&r->lock);
	ok = !r->n || find(r->s, r->n, from);
	pthread_rwlock_unlock(&r->lock);
	if (!ok)
		atomic_fetch_add(&r->refused, n);
	return ok;
}

uint64_t fm_nfio_refused(const struct fm_nfio_registry *r)
{
	return r ? atomic_load(&r->refused) : 0;
}

static json_t *prefix_json(const struct fm_nfio_prefix *p)
{
	char a[INET6_ADDRSTRLEN];

	return json_pack("{s:s,s:i}", "prefix", fm_addr_str(&p->net, a, sizeof(a)),
			 "prefixLen", p->len);
}

static json_t *sender_json(const struct fm_nfio_sender *s)
{
	char a[INET6_ADDRSTRLEN];
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	for (i = 0; o && arr && i < s->np; i++)
		json_array_append_new(arr, prefix_json(&s->p[i]));
	json_object_set_new(o, "ip", json_string(fm_addr_str(&s->ip, a, sizeof(a))));
	json_object_set_new(o, "prefixes", arr);
	return o;
}

static json_t *all_json(const struct fm_nfio_sender *s, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < n; i++)
		json_array_append_new(arr, sender_json(&s[i]));
	return arr;
}

json_t *fm_nfio_registry_json(struct fm_nfio_registry *r, const struct fm_addr *ip)
{
	const struct fm_nfio_sender *s;
	json_t *j = NULL;

	pthread_rwlock_rdlock(&r->lock);
	if (!ip)
		j = all_json(r->s, r->n);
	else if ((s = find(r->s, r->n, ip)))
		j = sender_json(s);
	pthread_rwlock_unlock(&r->lock);
	return j;
}

static bool same_prefix(const struct fm_nfio_prefix *a, const struct fm_nfio_prefix *b)
{
	return a->len == b->len && fm_addr_eq(&a->net, &b->net);
}

bool fm_nfio_registry_has(struct fm_nfio_registry *r, const struct fm_addr *ip,
			  const struct fm_nfio_prefix *p)
{
	const struct fm_nfio_sender *s;
	bool ok = false;
	size_t i;

	pthread_rwlock_rdlock(&r->lock);
	s = find(r->s, r->n, ip);
	ok = s && !p;
	for (i = 0; s && p && i < s->np && !ok; i++)
		ok = same_prefix(&s->p[i], p);
	pthread_rwlock_unlock(&r->lock);
	return ok;
}

/* A deep copy with room for one more sender. */
static struct fm_nfio_sender *copy(const struct fm_nfio_sender *s, size_t n)
{
	struct fm_nfio_sender *c = calloc(n + 1, sizeof(*c));
	size_t i;

	for (i = 0; c && i < n; i++) {
		c[i].ip = s[i].ip;
		c[i].np = s[i].np;
		c[i].p = malloc((s[i].np + 1) * sizeof(*c[i].p));
		if (!c[i].p) {
			fm_nfio_senders_free(c, i);
			return NULL;
		}
		memcpy(c[i].p, s[i].p, s[i].np * sizeof(*c[i].p));
	}
	return c;
}

static int save(struct fm_nfio_registry *r, const struct fm_nfio_sender *s, size_t n,
		char *err, size_t errlen)
{
	json_t *j;
	char *text;
	size_t len;
	int ret = 0;

	if (r->fd < 0)
		return 0;
	j = json_pack("{s:o}", "senders", all_json(s, n));
	text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (!text) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	len = strlen(text);
	text[len] = '\n';	/* json_dumps' NUL: the file ends in a newline */
	if (ftruncate(r->fd, 0) < 0 || pwrite(r->fd, text, len + 1, 0) != (ssize_t)len + 1 ||
	    fdatasync(r->fd) < 0) {
		snprintf(err, errlen, "cannot write the registry: %s", strerror(errno));
		ret = -1;
	}
	free(text);
	return ret;
}

/* The change made on a copy, the copy saved, and only then the copy is the registry. */
static int change(struct fm_nfio_registry *r, const struct fm_addr *ip,
		  const struct fm_nfio_prefix *p, size_t np, bool put, char *err, size_t errlen)
{
	struct fm_nfio_sender *c, *s;
	size_t n, i, k;
	int ret = 0;

	pthread_rwlock_wrlock(&r->lock);
	n = r->n;
	c = copy(r->s, n);
	if (!c) {
		pthread_rwlock_unlock(&r->lock);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s = find(c, n, ip);
	if (put && !s) {
		if (n >= FM_NFIO_MAX_SENDERS) {
			snprintf(err, errlen, "%d senders at most", FM_NFIO_MAX_SENDERS);
			ret = 1;
			goto out;
		}
		s = &c[n++];
		s->ip = *ip;
		s->p = calloc(1, sizeof(*s->p));
		if (!s->p) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
			goto out;
		}
	} else if (!s) {
		snprintf(err, errlen, "no such sender");
		ret = 1;
		goto out;
	}
	if (put) {
		struct fm_nfio_prefix *np2 = realloc(s->p, (s->np + np + 1) * sizeof(*s->p));

		if (!np2) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
			goto out;
		}
		s->p = np2;
		for (i = 0; i < np; i++) {
			for (k = 0; k < s->np && !same_prefix(&s->p[k], &p[i]); k++)
				;
			if (k == s->np)
				s->p[s->np++] = p[i];	/* a set: once each */
		}
		if (s->np > FM_NFIO_MAX_PREFIXES) {
			snprintf(err, errlen, "%d prefixes per sender at most", FM_NFIO_MAX_PREFIXES);
			ret = 1;
			goto out;
		}
	} else if (!p) {
		free(s->p);
		*s = c[--n];
	} else {
		for (i = 0; i < np; i++)
			for (k = 0; k < s->np; k++)
				if (same_prefix(&s->p[k], &p[i]))
					s->p[k--] = s->p[--s->np];
	}
	ret = save(r, c, n, err, errlen);
out:
	if (!ret) {
		fm_nfio_senders_free(r->s, r->n);
		r->s = c;
		r->n = n;
		atomic_store(&r->active, n);
	} else {
		fm_nfio_senders_free(c, n);
	}
	pthread_rwlock_unlock(&r->lock);
	return ret;
}

int fm_nfio_registry_put(struct fm_nfio_registry *r, const struct fm_addr *ip,
			 const struct fm_nfio_prefix *p, size_t n, char *err, size_t errlen)
{
	return change(r, ip, p, n, true, err, errlen);
}

int fm_nfio_registry_delete(struct fm_nfio_registry *r, const struct fm_addr *ip,
			    const struct fm_nfio_prefix *p, size_t n, char *err, size_t errlen)
{
	return change(r, ip, p, n, false, err, errlen);
}
