// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <maxminddb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "decoder.h"
#include "enrich.h"
#include "rdns.h"
#include "localnet.h"
#include <sys/stat.h>

struct fm_enricher {
	const char *name;
	const char *const *options;	/* known option keys; NULL: any */
	int (*start)(void **st, const struct fm_extension *x, char *err, size_t len);
	void (*enrich)(void *st, struct fm_flow *f);
	void (*stop)(void *st);
	void (*tick)(void *st);		/* once a second, from the main thread */
};

/* ---- protocol_name: /etc/protocols, with the common ones built in ---- */

struct proto_names {
	char name[256][24];
};

static int proto_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct proto_names *p = calloc(1, sizeof(*p));
	char line[512], name[64];
	unsigned int num, i;
	FILE *f;

	(void)x;
	if (!p) {
		snprintf(err, len, "protocol_name: out of memory");
		return -1;
	}
	for (i = 0; i < 256; i++)
		snprintf(p->name[i], sizeof(p->name[i]), "other (%u)", i);
	strcpy(p->name[1], "icmp");
	strcpy(p->name[2], "igmp");
	strcpy(p->name[6], "tcp");
	strcpy(p->name[17], "udp");
	strcpy(p->name[41], "ipv6");
	strcpy(p->name[47], "gre");
	strcpy(p->name[50], "esp");
	strcpy(p->name[51], "ah");
	strcpy(p->name[58], "ipv6-icmp");
	strcpy(p->name[132], "sctp");
	f = fopen("/etc/protocols", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %u", name, &num) == 2 && name[0] != '#' &&
		    num < 256 && strlen(name) < sizeof(p->name[0])) {
			for (i = 0; name[i]; i++)
				name[i] = tolower((unsigned char)name[i]);
			strcpy(p->name[num], name);
		}
	}
	if (f)
		fclose(f);
	*st = p;
	return 0;
}

static void proto_enrich(void *st, struct fm_flow *f)
{
	struct proto_names *p = st;

	if (f->rec->has & FM_HAS_PROTO)
		f->str[ATTR_PROTO_NAME - ATTR_FIRST_STRING] = p->name[f->rec->proto];
}

/* ---- interface_mapper: "index": name, and names learnt from options ---- */

struct if_map {
	int n;
	uint32_t *index;
	char **name;
};

static int ifmap_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct if_map *m = calloc(1, sizeof(*m));
	char *end;
	int i;

	if (!m)
		return -1;
	if (x && x->nkv) {
		m->index = calloc(x->nkv, sizeof(*m->index));
		m->name = calloc(x->nkv, sizeof(*m->name));
	}
	for (i = 0; x && i < x->nkv; i++) {
		unsigned long v = strtoul(x->kv[i].key, &end, 10);

		if (!*x->kv[i].key || *end || v > UINT32_MAX) {
			snprintf(err, len, ":%d:%d: interface_mapper: '%s' is not an interface index",
				 x->kv[i].line, x->kv[i].col, x->kv[i].key);
			free(m->index);
			free(m->name);
			free(m);
			return -1;
		}
		m->index[m->n] = v;
		m->name[m->n++] = x->kv[i].value;
	}
	*st = m;
	return 0;
}

static const char *ifmap_find(const struct if_map *m, uint32_t index)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->index[i] == index)
			return m->name[i];
	return NULL;
}

static void ifmap_enrich(void *st, struct fm_flow *f)
{
	const struct if_map *m = st;
	const char *in = ifmap_find(m, f->rec->in_if);
	const char *out = ifmap_find(m, f->rec->out_if);

	/* The configured map wins; else what the exporter's options said. */
	if (!in && f->rec->in_name[0])
		in = f->rec->in_name;
	if (!out && f->rec->out_name[0])
		out = f->rec->out_name;
	if (in)
		f->str[ATTR_INPUT_INTERFACE_NAME - ATTR_FIRST_STRING] = in;
	if (out)
		f->str[ATTR_OUTPUT_INTERFACE_NAME - ATTR_FIRST_STRING] = out;
}

static void ifmap_stop(void *st)
{
	struct if_map *m = st;

	free(m->index);
	free(m->name);
	free(m);
}

/* ---- host_alias: "address": name for source_host / destination_host ---- */

struct alias {
	int n;
	struct fm_addr *addr;
	const char **name;
};

static int alias_start(void **st, const struct fm_extension *x, char *err, size_t len)
{
	struct alias *a = calloc(1, sizeof(*a));
	int i;

	if (!a)
		return -1;
	if (x && x->nkv) {
		a->addr = calloc(x->nkv, sizeof(*a->addr));
		a->name = calloc(x->nkv, sizeof(*a->name));
	}
	for (i = 0; x && i < x->nkv; i++) {
		if (fm_addr_parse(x->kv[i].key, &a->addr[a->n]) < 0) {
			snprintf(err, len, ":%d:%d: host_alias: '%s' is not an address",
				 x->kv[i].line, x->kv[i].col, x->kv[i].key);
			free(a->addr);
			free(a->name);
			free(a);
			return -1;
		}
		a->name[a->n++] = x->kv[i].value;
	}
	*st = a;
	return 0;
}

static const char *alias_find(const struct alias *a, const struct fm_addr *x)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (fm_addr_eq(&a->addr[i], x))
			return a->name[i];
	return NULL;
}

static void alias_enrich(void *st, struct fm_flow *f)
{
	const char *s = alias_find(st, &f->rec->src), *d = alias_find(st, &f->rec->dst);

	if (s)
		f->str[ATTR_SOURCE_HOST - ATTR_FIRST_STRING] = s;
	if (d)
		f->str[ATTR_DESTINATION_HOST - ATTR_FIRST_STRING] = d;
}

static void alias_stop(void *st)
{
	struct alias *a = st;

	free(a->addr);
	free(a->name);
	free(a);
}

/* ---- maxmind_country / maxmind_asn / maxmind_city (libmaxminddb) ---- */

enum mm_kind { MM_COUNTRY, MM_ASN, MM_CITY };

/*
 * The database is memory-mapped; geoipupdate replaces the file (a new
 * inode), so once a second we look, open the new one beside, and swap it in
 * under the write lock: lookups wait a moment, none is lost.
 */
struct mm {
	enum mm_kind kind;
	pthread_rwlock_t lock;
	MMDB_s db;
	char path[4096];
	struct stat st;
	unsigned long reloads;
};

static const char *const mm_files[] = {
	"GeoLite2-Country.mmdb", "GeoLite2-ASN.mmdb", "GeoLite2-City.mmdb",
};

static int mm_start(enum mm_kind kind, void **st, const struct fm_extension *x,
		    char *err, size_t len)
{
	const char *dir = fm_ext_get(x, "mmdb_dir");
	struct mm *m = calloc(1, sizeof(*m));
	char path[4096];
	int ret;

	if (!m)
		return -1;
	m->kind = kind;
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/usr/share/GeoIP",
		 mm_files[kind]);
	snprintf(m->path, sizeof(m->path), "%s", path);
	stat(path, &m->st);
	ret = MMDB_open(path, MMDB_MODE_MMAP, &m->db);
	if (ret != MMDB_SUCCESS) {
		snprintf(err, len, ": %s: %s", path, MMDB_strerror(ret));
		free(m);
		return -1;
	}
	pthread_rwlock_init(&m->lock, NULL);
	*st = m;
	return 0;
}

static void mm_tick(void *st)
{
	struct mm *m = st;
	struct stat now;
	MMDB_s db, old;

	if (stat(m->path, &now) < 0 ||
	    (now.st_ino == m->st.st_ino && now.st_mtime == m->st.st_mtime &&
	     now.st_size == m->st.st_size))
		return;
	/* A half-written file fails to open: keep the old one, look again. */
	if (MMDB_open(m->path, MMDB_MODE_MMAP, &db) != MMDB_SUCCESS)
		return;
	pthread_rwlock_wrlock(&m->lock);
	old = m->db;
	m->db = db;
	m->st = now;
	m->reloads++;
	pthread_rwlock_unlock(&m->lock);
	MMDB_close(&old);
	fprintf(stderr, "flowmeterd: %s changed: reloaded\n", m->path);
}

static int mm_country_start(void **st, const struct fm_extension *x, char *e, size_t l)
{
	return mm_start(MM_COUNTRY, st, x, e, l);
}

static int mm_asn_start(void **st, const struct fm_extension *x, char *e, size_t l)
{
	return mm_start(MM_ASN, st, x, e, l);
}

static int mm_city_start(void **st, const struct fm_extension *x, char *e, size_t l)
{
	return mm_start(MM_CITY, st, x, e, l);
}

static bool mm_string(MMDB_entry_s *en, char *buf, size_t len, ...)
{
	MMDB_entry_data_s d;
	va_list ap;
	int ret;

	va_start(ap, len);
	ret = MMDB_vget_value(en, &d, ap);
	va_end(ap);
	if (ret != MMDB_SUCCESS || !d.has_data)
		return false;
	if (d.type == MMDB_DATA_TYPE_UTF8_STRING) {
		snprintf(buf, len, "%.*s", (int)d.data_size, d.utf8_string);
		return true;
	}
	if (d.type == MMDB_DATA_TYPE_UINT32) {
		snprintf(buf, len, "%u", d.uint32);
		return true;
	}
	return false;
}

static void mm_one(const struct mm *m, struct fm_flow *f, const struct fm_addr *a,
		   bool src)
{
	struct sockaddr_storage ss = { 0 };
	MMDB_lookup_result_s res;
	char buf[128];
	int err;

	if (!a->family)
		return;
	if (fm_addr_is_local(a)) {
		if (m->kind != MM_ASN)
			fm_flow_set(f, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY,
				    "local");
		return;
	}
	if (a->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, a->a, 4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, a->a, 16);
	}
	res = MMDB_lookup_sockaddr((MMDB_s *)&m->db, (struct sockaddr *)&ss, &err);
	if (err != MMDB_SUCCESS || !res.found_entry) {
		if (m->kind != MM_ASN)
			fm_flow_set(f, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY,
				    "Unknown");
		return;
	}
	switch (m->kind) {
	case MM_COUNTRY:
	case MM_CITY:
		if (!mm_string(&res.entry, buf, sizeof(buf), "country", "iso_code", NULL))
			strcpy(buf, "Unknown");
		fm_flow_set(f, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY, buf);
		if (m->kind == MM_CITY &&
		    mm_string(&res.entry, buf, sizeof(buf), "city", "names", "en", NULL))
			fm_flow_set(f, src ? ATTR_SOURCE_CITY : ATTR_DESTINATION_CITY, buf);
		break;
	case MM_ASN:
		if (mm_string(&res.entry, buf, sizeof(buf), "autonomous_system_organization", NULL))
			fm_flow_set(f, src ? ATTR_SOURCE_ASN_ORG : ATTR_DESTINATION_ASN_ORG, buf);
		if (mm_string(&res.entry, buf, sizeof(buf), "autonomous_system_number", NULL))
			fm_flow_set(f, src ? ATTR_SOURCE_ASN_NUM : ATTR_DESTINATION_ASN_NUM, buf);
		break;
	}
}

static void mm_enrich(void *st, struct fm_flow *f)
{
	struct mm *m = st;

	pthread_rwlock_rdlock(&m->lock);
	mm_one(m, f, &f->rec->src, true);
	mm_one(m, f, &f->rec->dst, false);
	pthread_rwlock_unlock(&m->lock);
}

static void mm_stop(void *st)
{
	struct mm *m = st;

	MMDB_close(&m->db);
	pthread_rwlock_destroy(&m->lock);
	free(m);
}

static void free_stop(void *st)
{
	free(st);
}

static const char *const mm_opts[] = { "mmdb_dir", NULL };
static const char *const no_opts[] = { NULL };
static const char *const rdns_opts[] = {
	"cache_duration", "lookup_local", "lookup_remote", "ip_as_unknown",
	"tail_pihole", "servers", "cache_size", "queue_size", "timeout_ms", NULL,
};

static const struct fm_enricher enrichers[] = {
	{ "protocol_name", no_opts, proto_start, proto_enrich, free_stop, NULL },
	{ "interface_mapper", NULL, ifmap_start, ifmap_enrich, ifmap_stop, NULL },
	{ "host_alias", NULL, alias_start, alias_enrich, alias_stop, NULL },
	{ "maxmind_country", mm_opts, mm_country_start, mm_enrich, mm_stop, mm_tick },
	{ "maxmind_asn", mm_opts, mm_asn_start, mm_enrich, mm_stop, mm_tick },
	{ "maxmind_city", mm_opts, mm_city_start, mm_enrich, mm_stop, mm_tick },
	{ "reverse_dns", rdns_opts, fm_rdns_start, fm_rdns_enrich, fm_rdns_stop, fm_rdns_tick },
};

#define NENRICHERS (int)(sizeof(enrichers) / sizeof(enrichers[0]))

static const struct fm_enricher *find(const char *name)
{
	int i;

	for (i = 0; i < NENRICHERS; i++)
		if (!strcmp(enrichers[i].name, name))
			return &enrichers[i];
	return NULL;
}

bool fm_enricher_known(const char *name)
{
	return find(name) != NULL;
}

const char *fm_enricher_names(void)
{
	return "protocol_name, interface_mapper, host_alias, maxmind_country, maxmind_asn, maxmind_city, reverse_dns";
}

int fm_enrich_start(struct fm_enrich_chain *ch, const struct fm_config *c,
		    char *err, size_t errlen)
{
	int i, j;

	memset(ch, 0, sizeof(*ch));
	ch->e = calloc(c->nenrich + 1, sizeof(*ch->e));
	ch->state = calloc(c->nenrich + 1, sizeof(*ch->state));
	if (!ch->e || !ch->state) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Options of an enricher must be ones it knows. */
	for (i = 0; i < c->next; i++) {
		const struct fm_enricher *e = find(c->ext[i].name);

		for (j = 0; e && e->options && j < c->ext[i].nkv; j++) {
			const char *const *o;

			for (o = e->options; *o && strcmp(*o, c->ext[i].kv[j].key); o++)
				;
			if (!*o) {
				snprintf(err, errlen, "%s:%d:%d: %s has no option '%s'",
					 c->path, c->ext[i].kv[j].line, c->ext[i].kv[j].col,
					 e->name, c->ext[i].kv[j].key);
				fm_enrich_stop(ch);
				return -1;
			}
		}
	}
	for (i = 0; i < c->nenrich; i++) {
		const struct fm_extension *x = fm_config_ext(c, c->enrich[i]);
		char e[512] = "";

		ch->e[i] = find(c->enrich[i]);
		if (ch->e[i]->start(&ch->state[i], x, e, sizeof(e)) < 0) {
			if (e[0] == ':')
				snprintf(err, errlen, "%s%s", c->path, e);
			else
				snprintf(err, errlen, "%s: enricher %s%s", c->path,
					 c->enrich[i], e);
			fm_enrich_stop(ch);
			return -1;
		}
		ch->n = i + 1;
	}
	return 0;
}

void fm_enrich_run(const struct fm_enrich_chain *ch, struct fm_flow *f)
{
	int i;

	for (i = 0; i < ch->n; i++)
		ch->e[i]->enrich(ch->state[i], f);
}

void fm_enrich_tick(const struct fm_enrich_chain *ch)
{
	int i;

	for (i = 0; i < ch->n; i++)
		if (ch->e[i]->tick)
			ch->e[i]->tick(ch->state[i]);
}

void fm_enrich_render(const struct fm_enrich_chain *ch, FILE *out)
{
	int i;

	for (i = 0; i < ch->n; i++)
		if (ch->e[i]->stop == fm_rdns_stop)
			fm_rdns_render(ch->state[i], out);
}

void fm_enrich_stop(struct fm_enrich_chain *ch)
{
	int i;

	for (i = 0; i < ch->n; i++)
		ch->e[i]->stop(ch->state[i]);
	free(ch->e);
	free(ch->state);
	memset(ch, 0, sizeof(*ch));
}
