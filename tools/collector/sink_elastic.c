// SPDX-License-Identifier: GPL-2.0
/*
 * The Elasticsearch output: a batch of ECS documents (ecs_json.h) as one
 * _bulk request (NDJSON: an action line {"create":{"_index":...}} and the
 * document, each ending in a newline), daily indices, over libcurl from
 * the sink's writer thread. The answer is read item by item: 2xx taken,
 * 429 sent again, anything else dropped and counted; a whole request that
 * gets 429, 5xx or no answer is retried with a doubling pause, then its
 * documents dropped. With file:, the documents alone go to an NDJSON file
 * or stdout (for Filebeat, Vector, Logstash); with no url, that file is
 * what counts as taken. Never run against a live cluster here (none can
 * be installed); tests/tools/elastic.sh is a strict fake of the API.
 */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ecs_json.h"
#include "sink_elastic.h"
#include "store.h"

struct elastic_out {
	const struct fm_elastic_conf *c;
	struct fm_sink *sink;
	CURL *curl;
	struct curl_slist *headers;
	char *bulk_url;
	FILE *file;
	/* Per batch: each document and whether it is still to be sent. */
	char **docs;
	size_t *lens;
	bool *pending;
	size_t cap;
	/* The answer being read. */
	char *resp;
	size_t resp_len;
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct elastic_out *e = arg;
	char *nr;

	if (e->resp_len + size * n > (64u << 20))
		return 0;	/* an answer that big is no bulk answer */
	nr = realloc(e->resp, e->resp_len + size * n + 1);
	if (!nr)
		return 0;
	memcpy(nr + e->resp_len, p, size * n);
	e->resp = nr;
	e->resp_len += size * n;
	e->resp[e->resp_len] = 0;
	return size * n;
}

static int elastic_connect(void *out, uint64_t now_ms, char *err, size_t errlen)
{
	struct elastic_out *e = out;
	const struct fm_elastic_conf *c = e->c;
	char auth[512];

	(void)now_ms;
	if (c->file && !e->file) {
		e->file = strcmp(c->file, "-") ? fopen(c->file, "a") : stdout;
		if (!e->file) {
			snprintf(err, errlen, "%s: %s", c->file, strerror(errno));
			return FM_STORE_DOWN;
		}
	}
	if (!c->url || e->curl)
		return 0;
	e->curl = curl_easy_init();
	if (!e->curl) {
		snprintf(err, errlen, "cannot make a libcurl handle");
		return FM_STORE_DOWN;
	}
	e->headers = curl_slist_append(NULL, "Content-Type: application/x-ndjson");
	if (c->api_key) {
		snprintf(auth, sizeof(auth), "Authorization: ApiKey %s", c->api_key);
		e->headers = curl_slist_append(e->headers, auth);
	}
	curl_easy_setopt(e->curl, CURLOPT_URL, e->bulk_url);
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, e->headers);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, e);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, (long)c->timeout_ms);
	curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e->curl, CURLOPT_SSL_VERIFYPEER, c->verify_tls ? 1L : 0L);
	curl_easy_setopt(e->curl, CURLOPT_SSL_VERIFYHOST, c->verify_tls ? 2L : 0L);
	if (c->user) {
		curl_easy_setopt(e->curl, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(e->curl, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	return 0;
}

static bool grow(struct elastic_out *e, size_t n)
{
	char **d;
	size_t *l;
	bool *p;

	if (n <= e->cap)
		return true;
	d = realloc(e->docs, n * sizeof(*d));
	if (d)
		e->docs = d;
	l = realloc(e->lens, n * sizeof(*l));
	if (l)
		e->lens = l;
	p = realloc(e->pending, n * sizeof(*p));
	if (p)
		e->pending = p;
	if (!d || !l || !p)
		return false;
	e->cap = n;
	return true;
}

/* The pending documents as one bulk body; which ones, in order, into @order. */
static char *bulk_body(struct elastic_out *e, const struct fm_srec *r, size_t n,
		       size_t *order, size_t *norder, size_t *len)
{
	char *buf = NULL, index[300];
	FILE *o = open_memstream(&buf, len);
	json_t *action;
	size_t i;

	if (!o)
		return NULL;
	*norder = 0;
	for (i = 0; i < n; i++) {
		char *line;

		if (!e->pending[i])
			continue;
		fm_ecs_index(&r[i], e->c->index, index, sizeof(index));
		action = json_pack("{s{ss}}", "create", "_index", index);
		line = action ? json_dumps(action, JSON_COMPACT) : NULL;
		json_decref(action);
		if (!line)
			continue;
		fprintf(o, "%s\n", line);
		free(line);
		fwrite(e->docs[i], 1, e->lens[i], o);
		fputc('\n', o);
		order[(*norder)++] = i;
	}
	if (fclose(o)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * One bulk request. Returns the HTTP status (0: no answer), and settles
 * what the items say: taken, dropped, or still pending (429).
 */
static long post(struct elastic_out *e, const char *body, size_t len, const size_t *order,
		 size_t norder, uint64_t *ok, uint64_t *bad, char *err, size_t errlen)
{
	json_t *j, *items, *it;
	json_error_t je;
	long status = 0;
	size_t i;
	CURLcode rc;

	e->resp_len = 0;
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	rc = curl_easy_perform(e->curl);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s: %s", e->bulk_url, curl_easy_strerror(rc));
		return 0;
	}
	curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status == 429 || status >= 500) {
		snprintf(err, errlen, "%s: HTTP %ld", e->bulk_url, status);
		return status;
	}
	if (status < 200 || status >= 300) {
		/* The request itself refused (400: our framing; 401/403: credentials). */
		snprintf(err, errlen, "%s: HTTP %ld: %.200s", e->bulk_url, status,
			 e->resp ? e->resp : "");
		for (i = 0; i < norder; i++)
			e->pending[order[i]] = false;
		*bad += norder;
		return status;
	}
	j = e->resp ? json_loadb(e->resp, e->resp_len, 0, &je) : NULL;
	items = j ? json_object_get(j, "items") : NULL;
	if (!json_is_array(items) || json_array_size(items) != norder) {
		snprintf(err, errlen, "%s: an answer that is no bulk answer", e->bulk_url);
		json_decref(j);
		for (i = 0; i < norder; i++)
			e->pending[order[i]] = false;
		*bad += norder;
		return status;
	}
	json_array_foreach(items, i, it) {
		const char *k;
		json_t *res = NULL;
		long st;

		json_object_foreach(it, k, res)
			break;
		st = res ? (long)json_integer_value(json_object_get(res, "status")) : 0;
		if (st == 429)
			continue;	/* stays pending: sent again */
		e->pending[order[i]] = false;
		if (st >= 200 && st < 300) {
			(*ok)++;
		} else {
			(*bad)++;
			if (!*err) {
				char *why = json_dumps(json_object_get(res, "error"), JSON_COMPACT);

				snprintf(err, errlen, "a document refused (%ld): %.200s", st,
					 why ? why : "");
				free(why);
			}
		}
	}
	json_decref(j);
	return status;
}

static int elastic_write(void *out, const struct fm_srec *r, size_t n, char *err,
			 size_t errlen)
{
	struct elastic_out *e = out;
	uint64_t ok = 0, bad = 0, pause_ms = 500;
	size_t i, norder, len, *order;
	unsigned int attempt;
	int ret = 0;

	*err = 0;
	if (!grow(e, n) || !(order = calloc(n, sizeof(*order)))) {
		snprintf(err, errlen, "out of memory for a batch of %zu", n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		e->docs[i] = fm_ecs_encode(&r[i], &e->lens[i]);
		e->pending[i] = e->docs[i];
		bad += !e->docs[i];
	}
	if (e->file) {
		for (i = 0; i < n; i++)
			if (e->docs[i]) {
				fwrite(e->docs[i], 1, e->lens[i], e->file);
				fputc('\n', e->file);
			}
		if (fflush(e->file) && !e->curl) {
			snprintf(err, errlen, "%s: %s", e->c->file, strerror(errno));
			ret = -1;
		}
	}
	for (attempt = 0; e->curl && attempt <= e->c->retries; attempt++) {
		char *body = bulk_body(e, r, n, order, &norder, &len);
		long st;

		if (!norder) {
			free(body);
			break;
		}
		if (attempt) {
			struct timespec ts = { pause_ms / 1000, pause_ms % 1000 * 1000000 };

			nanosleep(&ts, NULL);
			pause_ms *= 2;
		}
		st = body ? post(e, body, len, order, norder, &ok, &bad, err, errlen) : 0;
		free(body);
		if (st >= 200 && st < 300 && !*err)
			continue;	/* a 429 item may be left: sent again */
		if (st >= 400 && st < 500 && st != 429)
			break;
	}
	for (i = 0; i < n; i++) {
		if (e->curl && e->pending[i])
			bad++;		/* retries spent */
		else if (!e->curl && e->docs[i] && !ret)
			ok++;		/* the file was the output */
		free(e->docs[i]);
	}
	free(order);
	if (ret < 0) {
		fm_sink_settle(e->sink, 0, 0, bad);
		return ret;
	}
	fm_sink_settle(e->sink, ok, 0, bad);
	return 0;
}

static void elastic_disconnect(void *out)
{
	struct elastic_out *e = out;

	if (e->curl)
		curl_easy_cleanup(e->curl);
	curl_slist_free_all(e->headers);
	e->curl = NULL;
	e->headers = NULL;
}

static void elastic_free(void *out)
{
	struct elastic_out *e = out;

	elastic_disconnect(e);
	if (e->file && e->file != stdout)
		fclose(e->file);
	free(e->docs);
	free(e->lens);
	free(e->pending);
	free(e->resp);
	free(e->bulk_url);
	free(e);
}

static const struct fm_sink_ops elastic_ops = {
	.kind = "elasticsearch",
	.connect = elastic_connect,
	.write = elastic_write,
	.disconnect = elastic_disconnect,
	.free = elastic_free,
	.async = true,
};

struct fm_sink *fm_sink_elastic_new(const struct fm_elastic_conf *c, char *err, size_t errlen)
{
	struct fm_sink_conf sc = { "elasticsearch", c->queue, c->batch, c->flush_ms };
	struct elastic_out *e = calloc(1, sizeof(*e));

	if (e && c->url) {
		size_t n = strlen(c->url);

		e->bulk_url = malloc(n + 8);
		if (e->bulk_url)
			snprintf(e->bulk_url, n + 8, "%s%s_bulk", c->url,
				 n && c->url[n - 1] == '/' ? "" : "/");
	}
	if (!e || (c->url && !e->bulk_url)) {
		free(e);
		snprintf(err, errlen, "elasticsearch: out of memory");
		return NULL;
	}
	e->c = c;
	/* Opened now, while root: the writer runs after privileges are dropped. */
	if (c->file)
		e->file = strcmp(c->file, "-") ? fopen(c->file, "a") : stdout;
	e->sink = fm_sink_new(&sc, &elastic_ops, e, err, errlen);
	return e->sink;
}
