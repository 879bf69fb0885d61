// SPDX-License-Identifier: GPL-2.0
/*
 * Exporters, their templates, and the template state file. Templates hang
 * in one hash keyed by (exporter, version, domain, id); each exporter has
 * a cap so that one confused or hostile exporter cannot grow memory
 * without bound.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "decoder.h"

static const char *const err_names[FM_ERR__COUNT] = {
	[FM_ERR_SHORT_HEADER]	= "short_header",
	[FM_ERR_BAD_LENGTH]	= "bad_length",
	[FM_ERR_UNKNOWN_VERSION] = "unknown_version",
	[FM_ERR_SET_PAST_END]	= "set_past_end",
	[FM_ERR_SET_TOO_SHORT]	= "set_too_short",
	[FM_ERR_BAD_SET_ID]	= "bad_set_id",
	[FM_ERR_TEMPLATE_EMPTY]	= "template_empty",
	[FM_ERR_TEMPLATE_BAD]	= "template_bad",
	[FM_ERR_RECORD_ZERO]	= "record_length_zero",
	[FM_ERR_TEMPLATE_CAP]	= "template_cap",
	[FM_ERR_VARLEN]		= "bad_varlen",
	[FM_ERR_EXPORTER_CAP]	= "exporter_cap",
};

const char *fm_err_name(enum fm_err e)
{
	return e < FM_ERR__COUNT ? err_names[e] : "unknown";
}

void fm_decoder_init(struct fm_decoder *d, const struct fm_decoder_opts *o)
{
	memset(d, 0, sizeof(*d));
	if (o)
		d->o = *o;
	if (!d->o.max_templates)
		d->o.max_templates = 1024;
	if (!d->o.max_exporters)
		d->o.max_exporters = 4096;
	if (!d->o.template_timeout_s)
		d->o.template_timeout_s = 1800;
	if (!d->o.default_sampling)
		d->o.default_sampling = 1;
}

void fm_decoder_free(struct fm_decoder *d)
{
	struct fm_exporter *e, *en;
	struct fm_template *t, *tn;
	struct fm_domain *dm, *dn;
	unsigned int i;

	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = tn) {
			tn = t->next;
			free(t);
		}
	for (e = d->exporters; e; e = en) {
		en = e->next;
		for (dm = e->domains; dm; dm = dn) {
			dn = dm->next;
			free(dm);
		}
		free(e);
	}
	memset(d, 0, sizeof(*d));
}

struct fm_exporter *fm_exporter_get(struct fm_decoder *d,
				    const struct fm_addr *a, bool create)
{
	struct fm_exporter *e;

	for (e = d->exporters; e; e = e->next)
		if (fm_addr_eq(&e->addr, a))
			return e;
	if (!create || d->nexporters >= d->o.max_exporters)
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->addr = *a;
	e->next = d->exporters;
	d->exporters = e;
	d->nexporters++;
	return e;
}

const char *fm_exporter_ifname(const struct fm_exporter *e, uint32_t index)
{
	unsigned int i;

	for (i = 0; e && i < e->nifnames; i++)
		if (e->ifnames[i].index == index)
			return e->ifnames[i].name;
	return NULL;
}

static unsigned int bucket(const struct fm_exporter *e, uint8_t version,
			   uint32_t domain, uint16_t id)
{
	uint64_t h = (uintptr_t)e;

	h ^= (uint64_t)version << 56 ^ (uint64_t)domain << 16 ^ id;
	h *= 0x9e3779b97f4a7c15ull;
	return (h >> 40) % FM_TEMPLATE_BUCKETS;
}

struct fm_template *fm_template_find(struct fm_decoder *d,
				     struct fm_exporter *e, uint8_t version,
				     uint32_t domain, uint16_t id)
{
	struct fm_template *t;

	for (t = d->templates[bucket(e, version, domain, id)]; t; t = t->next)
		if (t->exp == e && t->version == version &&
		    t->domain == domain && t->id == id)
			return t;
	return NULL;
}

static void template_unlink(struct fm_decoder *d, struct fm_template *t)
{
	struct fm_template **pp;

	pp = &d->templates[bucket(t->exp, t->version, t->domain, t->id)];
	for (; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			t->exp->ntemplates--;
			d->ntemplates--;
			d->templates_changed = true;
			free(t);
			return;
		}
}

int fm_template_add(struct fm_decoder *d, struct fm_exporter *e,
		    uint8_t version, uint32_t domain, uint16_t id,
		    bool options, uint16_t nscope, const struct fm_field *f,
		    uint16_t n, uint64_t now_ms)
{
	struct fm_template *t, *old;
	uint32_t minlen = 0;
	unsigned int i, b;

	for (i = 0; i < n; i++)
		minlen += f[i].len == IPFIX_VARLEN ? 1 : f[i].len;
	if (!minlen)
		return FM_ERR_RECORD_ZERO;
	old = fm_template_find(d, e, version, domain, id);
	if (old && old->nfields == n && old->options == options &&
	    old->nscope == nscope && !memcmp(old->fields, f, n * sizeof(*f))) {
		old->seen_ms = now_ms;	/* a refresh: nothing else changes */
		return 0;
	}
	if (!old && e->ntemplates >= d->o.max_templates)
		return FM_ERR_TEMPLATE_CAP;
	t = malloc(sizeof(*t) + n * sizeof(*f));
	if (!t)
		return FM_ERR_TEMPLATE_CAP;
	t->exp = e;
	t->domain = domain;
	t->id = id;
	t->version = version;
	t->options = options;
	t->nscope = nscope;
	t->nfields = n;
	t->minlen = minlen;
	t->seen_ms = now_ms;
	memcpy(t->fields, f, n * sizeof(*f));
	if (old)
		template_unlink(d, old);
	b = bucket(e, version, domain, id);
	t->next = d->templates[b];
	d->templates[b] = t;
	e->ntemplates++;
	d->ntemplates++;
	d->templates_changed = true;
	return 0;
}

void fm_template_withdraw(struct fm_decoder *d, struct fm_exporter *e,
			  uint32_t domain, uint16_t id, bool all, bool options)
{
	struct fm_template *t, *next;
	unsigned int i;

	if (!all) {
		t = fm_template_find(d, e, IPFIX_VERSION, domain, id);
		if (t)
			template_unlink(d, t);
		return;
	}
	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = next) {
			next = t->next;
			if (t->exp == e && t->version == IPFIX_VERSION &&
			    t->domain == domain && t->options == options)
				template_unlink(d, t);
		}
}

void fm_decoder_expire(struct fm_decoder *d, uint64_t now_ms)
{
	uint64_t ttl = (uint64_t)d->o.template_timeout_s * 1000;
	struct fm_template *t, *next;
	unsigned int i;

	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = next) {
			next = t->next;
			if (t->seen_ms + ttl < now_ms)
				template_unlink(d, t);
		}
}

/*
 * One line per template:
 *   T <exporter> <version> <domain> <id> <options> <nscope> <seen_ms> id:len:pen ...
 * The file is written beside and renamed, so a crash leaves the old one.
 */
int fm_templates_write(struct fm_decoder *d, FILE *f)
{
	struct fm_template *t;
	unsigned int i, j;
	char addr[64];

	fprintf(f, "# flowmeter template state, version 1\n");
	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = t->next) {
			fprintf(f, "T %s %u %u %u %d %u %llu",
				fm_addr_str(&t->exp->addr, addr, sizeof(addr)),
				t->version, t->domain, t->id, t->options,
				t->nscope, (unsigned long long)t->seen_ms);
			for (j = 0; j < t->nfields; j++)
				fprintf(f, " %u:%u:%u", t->fields[j].id,
					t->fields[j].len, t->fields[j].pen);
			fputc('\n', f);
		}
	if (fflush(f) || ferror(f))
		return -EIO;
	d->templates_changed = false;
	return 0;
}

int fm_templates_save(struct fm_decoder *d, const char *path)
{
	char tmp[4096];
	FILE *f;
	int ret;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	ret = fm_templates_write(d, f);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

int fm_templates_load(struct fm_decoder *d, const char *path, uint64_t now_ms)
{
	struct fm_field fields[512];
	unsigned int version, domain, id, opt, nscope, fid, flen, fpen;
	unsigned long long seen;
	char line[16384], addr[64];
	struct fm_exporter *e;
	struct fm_addr a;
	int n = 0, off, pos;
	uint16_t nf;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "T %63s %u %u %u %u %u %llu%n", addr, &version,
			   &domain, &id, &opt, &nscope, &seen, &off) != 7)
			continue;
		if (fm_addr_parse(addr, &a) < 0 || id > 65535)
			continue;
		/* Stale state is no better than none. */
		if (seen + (uint64_t)d->o.template_timeout_s * 1000 < now_ms)
			continue;
		for (nf = 0; nf < 512 &&
		     sscanf(line + off, " %u:%u:%u%n", &fid, &flen, &fpen, &pos) == 3;
		     nf++, off += pos) {
			fields[nf].id = fid;
			fields[nf].len = flen;
			fields[nf].pen = fpen;
		}
		if (!nf || nscope > nf)
			continue;
		e = fm_exporter_get(d, &a, true);
		if (e && !fm_template_add(d, e, version, domain, id, opt, nscope,
					  fields, nf, seen))
			n++;
	}
	fclose(f);
	d->templates_changed = false;
	return n;
}
