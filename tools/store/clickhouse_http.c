// SPDX-License-Identifier: GPL-2.0
/*
 * ClickHouse's HTTP interface (libcurl) and the backend's options. A
 * statement goes as the POST body, or, for an INSERT, in the URL's query
 * parameter with the data as the body; the database, user and password
 * are URL parameters (18.16 knows no other way for all three), escaped by
 * curl. The server's "Code: N" says what went wrong.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clickhouse.h"

/* A statement that takes longer than this is taken as a server gone. */
#define TIMEOUT_S 60

const char *const ch_options[] = { "url", "database", "user", "password", "cluster", "shards",
				   NULL };

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int set(char **dst, const char *v, char *err, size_t errlen)
{
	free(*dst);
	*dst = strdup(v);
	if (!*dst) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* "http://host:port/": a base URL the parameters can follow. */
static int base_url(char **dst, const char *v, size_t n, char *err, size_t errlen)
{
	while (n && (v[0] == ' '))
		v++, n--;
	while (n && v[n - 1] == ' ')
		n--;
	if (n < 8 || (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) ||
	    memchr(v, '?', n)) {
		snprintf(err, errlen, "'%.*s': a ClickHouse server is http://host:8123/", (int)n, v);
		return -1;
	}
	free(*dst);
	if (asprintf(dst, "%.*s%s", (int)n, v, v[n - 1] == '/' ? "" : "/") < 0) {
		*dst = NULL;
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* clickhouse://host:port/database?user=U&password=P: the readers' URL. */
static int from_url(struct ch_conf *c, const char *url, char *err, size_t errlen)
{
	const char *hp = url + strlen("clickhouse://"), *slash, *q;
	char *dup, *kv, *save = NULL;
	int ret = 0;

	if (strncmp(url, "clickhouse://", 13)) {
		snprintf(err, errlen, "'%s': a ClickHouse store is clickhouse://host:8123/database", url);
		return -1;
	}
	slash = hp + strcspn(hp, "/?");
	{
		char *http;

		if (asprintf(&http, "http://%.*s/", (int)(slash - hp), hp) < 0)
			return snprintf(err, errlen, "out of memory"), -1;
		ret = base_url(&c->main.url, http, strlen(http), err, errlen);
		free(http);
		if (ret < 0)
			return -1;
	}
	if (*slash == '/' && slash[1] && slash[1] != '?') {
		size_t n = strcspn(slash + 1, "?");
		char *db = strndup(slash + 1, n);

		if (!db || set(&c->database, db, err, errlen) < 0) {
			free(db);
			return -1;
		}
		free(db);
	}
	q = strchr(url, '?');
	if (!q)
		return 0;
	dup = strdup(q + 1);
	if (!dup)
		return snprintf(err, errlen, "out of memory"), -1;
	for (kv = strtok_r(dup, "&", &save); kv && !ret; kv = strtok_r(NULL, "&", &save)) {
		char *v = strchr(kv, '=');
		int len;
		char *dec;

		if (!v) {
			snprintf(err, errlen, "'%s': parameters are key=value", kv);
			ret = -1;
			break;
		}
		*v++ = 0;
		dec = curl_easy_unescape(NULL, v, 0, &len);
		if (!dec) {
			snprintf(err, errlen, "out of memory");
			ret = -1;
		} else if (!strcmp(kv, "user")) {
			ret = set(&c->user, dec, err, errlen);
		} else if (!strcmp(kv, "password")) {
			ret = set(&c->password, dec, err, errlen);
		} else if (!strcmp(kv, "database")) {
			ret = set(&c->database, dec, err, errlen);
		} else {
			snprintf(err, errlen, "unknown parameter '%s' (known: user, password, database)", kv);
			ret = -1;
		}
		curl_free(dec);
	}
	free(dup);
	return ret;
}

/* The database name goes into DDL: letters, digits and _ only. */
static int check_name(const char *what, const char *v, char *err, size_t errlen)
{
	const char *p;

	if (!*v || strlen(v) > 64 || (*v >= '0' && *v <= '9'))
		goto bad;
	for (p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			goto bad;
	return 0;
bad:
	snprintf(err, errlen, "%s '%s': letters, digits and _ only", what, v);
	return -1;
}

int ch_conf_parse(struct ch_conf *c, const char *url, const struct fm_store_conf *conf,
		  char *err, size_t errlen)
{
	const char *v;

	pthread_once(&curl_once, curl_init);
	memset(c, 0, sizeof(*c));
	if (url) {
		if (from_url(c, url, err, errlen) < 0)
			goto fail;
	} else {
		v = fm_store_conf_opt(conf, "url");
		if (base_url(&c->main.url, v ? v : CH_DEFAULT_URL, strlen(v ? v : CH_DEFAULT_URL),
			     err, errlen) < 0)
			goto fail;
		if ((v = fm_store_conf_opt(conf, "database")) && set(&c->database, v, err, errlen) < 0)
			goto fail;
		if ((v = fm_store_conf_opt(conf, "user")) && set(&c->user, v, err, errlen) < 0)
			goto fail;
		if ((v = fm_store_conf_opt(conf, "password")) && set(&c->password, v, err, errlen) < 0)
			goto fail;
		if ((v = fm_store_conf_opt(conf, "cluster")) && set(&c->cluster, v, err, errlen) < 0)
			goto fail;
		v = fm_store_conf_opt(conf, "shards");
		if (v && !c->cluster) {
			snprintf(err, errlen, "shards: needs cluster: (the cluster's name in the "
				 "server's remote_servers)");
			goto fail;
		}
		if (c->cluster && !v) {
			snprintf(err, errlen, "cluster: needs shards: (each shard's HTTP URL, "
				 "comma-separated, in the cluster's order)");
			goto fail;
		}
		while (v && *v) {
			size_t n = strcspn(v, ",");

			if (c->nshards == CH_MAX_SHARDS) {
				snprintf(err, errlen, "at most %d shards", CH_MAX_SHARDS);
				goto fail;
			}
			if (base_url(&c->shard[c->nshards++].url, v, n, err, errlen) < 0)
				goto fail;
			v += n + (v[n] == ',');
		}
		if (c->cluster && check_name("cluster", c->cluster, err, errlen) < 0)
			goto fail;
	}
	if (!c->database && set(&c->database, CH_DEFAULT_DB, err, errlen) < 0)
		goto fail;
	if (check_name("database", c->database, err, errlen) < 0)
		goto fail;
	if (!c->nshards) {
		c->nshards = 1;
		if (set(&c->shard[0].url, c->main.url, err, errlen) < 0)
			goto fail;
	}
	return 0;
fail:
	ch_conf_free(c);
	return -1;
}

void ch_conf_free(struct ch_conf *c)
{
	int i;

	for (i = 0; i < CH_MAX_SHARDS; i++) {
		free(c->shard[i].url);
		if (c->shard[i].h)
			curl_easy_cleanup(c->shard[i].h);
	}
	free(c->main.url);
	if (c->main.h)
		curl_easy_cleanup(c->main.h);
	free(c->database);
	free(c->user);
	free(c->password);
	free(c->cluster);
	memset(c, 0, sizeof(*c));
}

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	fm_buf_add(arg, p, size * n);
	return ((struct fm_buf *)arg)->oom ? 0 : size * n;
}

static void param(struct fm_buf *u, CURL *h, const char *key, const char *v)
{
	char *e;

	if (!v)
		return;
	e = curl_easy_escape(h, v, 0);
	if (!e) {
		u->oom = true;
		return;
	}
	fm_buf_printf(u, "%s%s=%s", strchr(u->p ? u->p : "", '?') ? "&" : "?", key, e);
	curl_free(e);
}

/* The server's "Code: N, e.displayText() = ..." as FM_STORE_*. */
static int server_error(long status, const struct fm_buf *ans, char *err, size_t errlen)
{
	const char *m = ans->p && ans->len ? ans->p : "";
	int code = 0;

	sscanf(m, "Code: %d", &code);
	snprintf(err, errlen, "clickhouse: HTTP %ld: %.*s", status, (int)strcspn(m, "\n"), m);
	switch (code) {
	case 243:	/* NOT_ENOUGH_SPACE */
		return FM_STORE_FULL;
	case 81:	/* UNKNOWN_DATABASE: dropped under us; connect makes it again */
	case 210:	/* NETWORK_ERROR (a shard behind a Distributed table) */
	case 209:	/* SOCKET_TIMEOUT */
	case 279:	/* ALL_CONNECTION_TRIES_FAILED */
		return FM_STORE_DOWN;
	}
	return status >= 500 && !code ? FM_STORE_DOWN : FM_STORE_FAILED;
}

int ch_post(const struct ch_conf *c, struct ch_server *srv, const char *database,
	    const char *query, const struct fm_buf *body, struct fm_buf *out,
	    char *err, size_t errlen)
{
	struct fm_buf url = { 0 }, ans = { 0 };
	long status = 0;
	CURLcode rc;
	int ret = 0;

	if (!srv->h && !(srv->h = curl_easy_init())) {
		snprintf(err, errlen, "out of memory");
		return FM_STORE_DOWN;
	}
	fm_buf_str(&url, srv->url);
	param(&url, srv->h, "database", database);
	param(&url, srv->h, "user", c->user);
	param(&url, srv->h, "password", c->password);
	if (body)
		param(&url, srv->h, "query", query);
	if (url.oom) {
		fm_buf_free(&url);
		snprintf(err, errlen, "out of memory");
		return FM_STORE_FAILED;
	}
	curl_easy_setopt(srv->h, CURLOPT_URL, url.p);
	curl_easy_setopt(srv->h, CURLOPT_POST, 1L);
	curl_easy_setopt(srv->h, CURLOPT_POSTFIELDS, body ? body->p : query);
	curl_easy_setopt(srv->h, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)(body ? body->len : strlen(query)));
	curl_easy_setopt(srv->h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(srv->h, CURLOPT_WRITEDATA, out ? out : &ans);
	curl_easy_setopt(srv->h, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
	curl_easy_setopt(srv->h, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(srv->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(srv->h, CURLOPT_USERAGENT, "flowmeter");
	/* Without it curl waits a second for "100 Continue" before every big INSERT. */
	{
		struct curl_slist *hdr = curl_slist_append(NULL, "Expect:");

		curl_easy_setopt(srv->h, CURLOPT_HTTPHEADER, hdr);
		rc = curl_easy_perform(srv->h);
		curl_easy_setopt(srv->h, CURLOPT_HTTPHEADER, NULL);
		curl_slist_free_all(hdr);
	}
	fm_buf_free(&url);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "clickhouse %s: %s", srv->url, curl_easy_strerror(rc));
		ret = rc == CURLE_WRITE_ERROR ? FM_STORE_FAILED : FM_STORE_DOWN;
	} else {
		curl_easy_getinfo(srv->h, CURLINFO_RESPONSE_CODE, &status);
		if (status != 200)
			ret = server_error(status, out ? out : &ans, err, errlen);
	}
	fm_buf_free(&ans);
	return ret;
}

int ch_each_shard(struct ch_conf *c, const char *query, char *err, size_t errlen)
{
	int i, ret = 0;

	for (i = 0; i < c->nshards && !ret; i++)
		ret = ch_post(c, &c->shard[i], c->database, query, NULL, NULL, err, errlen);
	return ret;
}
