// SPDX-License-Identifier: GPL-2.0
/*
 * maxmind_country, maxmind_asn and maxmind_city: GeoLite2 answers for
 * both ends of a flow (libmaxminddb); local ranges are "local", not looked
 * up.
 */
#include <maxminddb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "enrich_maxmind.h"
#include "localnet.h"

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

	if (!m) {
		snprintf(err, len, ": %s: out of memory", mm_files[kind]);
		return -1;
	}
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

static void mm_one(const struct mm *m, struct fm_enriched_rec *f, const struct fm_addr *a,
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
			fm_attr_set(f, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY,
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
			fm_attr_set(f, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY,
				    "Unknown");
		return;
	}
	switch (m->kind) {
	case MM_COUNTRY:
	case MM_CITY:
		if (!mm_string(&res.entry, buf, sizeof(buf), "country", "iso_code", NULL))
			strcpy(buf, "Unknown");
		fm_attr_set(f, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY, buf);
		if (m->kind == MM_CITY &&
		    mm_string(&res.entry, buf, sizeof(buf), "city", "names", "en", NULL))
			fm_attr_set(f, src ? ATTR_SOURCE_CITY : ATTR_DESTINATION_CITY, buf);
		break;
	case MM_ASN:
		if (mm_string(&res.entry, buf, sizeof(buf), "autonomous_system_organization", NULL))
			fm_attr_set(f, src ? ATTR_SOURCE_ASN_ORG : ATTR_DESTINATION_ASN_ORG, buf);
		if (mm_string(&res.entry, buf, sizeof(buf), "autonomous_system_number", NULL))
			fm_attr_set(f, src ? ATTR_SOURCE_ASN_NUM : ATTR_DESTINATION_ASN_NUM, buf);
		break;
	}
}

static void mm_enrich(void *st, struct fm_enriched_rec *f)
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

static const char *const mm_opts[] = { "mmdb_dir", NULL };

const struct fm_enricher fm_enricher_maxmind_country = {
	.name = "maxmind_country", .options = mm_opts, .start = mm_country_start,
	.enrich = mm_enrich, .stop = mm_stop, .tick = mm_tick,
};

const struct fm_enricher fm_enricher_maxmind_asn = {
	.name = "maxmind_asn", .options = mm_opts, .start = mm_asn_start,
	.enrich = mm_enrich, .stop = mm_stop, .tick = mm_tick,
};

const struct fm_enricher fm_enricher_maxmind_city = {
	.name = "maxmind_city", .options = mm_opts, .start = mm_city_start,
	.enrich = mm_enrich, .stop = mm_stop, .tick = mm_tick,
};
