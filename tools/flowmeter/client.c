// SPDX-License-Identifier: GPL-2.0
/*
 * The HTTP API's client (libcurl): the query as the API's parameters, the
 * answer through the same JSON reader flowmeterd's writer is paired with
 * (json.c), so --server prints what --db prints.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "client.h"
#include "json.h"

#define TIMEOUT_S 60

static size_t collect(char *p, size_t size, size_t n, void *f)
{
	return fwrite(p, size, n, f) * size;
}

int fm_client_query(const char *server, const struct fm_query *q, struct fm_result *res,
		    char *err, size_t errlen)
{
	char *params = fm_query_params(q), *url = NULL, *body = NULL;
	size_t len = 0, n = strlen(server);
	long status = 0;
	json_error_t je;
	json_t *j = NULL;
	CURLcode rc;
	FILE *f;
	CURL *h;
	int ret = -1;

	f = open_memstream(&body, &len);
	h = curl_easy_init();
	if (!params || !f || !h ||
	    asprintf(&url, "%.*s/api/v1/%s?%s", (int)(n && server[n - 1] == '/' ? n - 1 : n),
		     server, fm_query_kind_name(q->kind), params) < 0) {
		snprintf(err, errlen, "out of memory");
		url = NULL;
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "flowmeter/" FM_VERSION);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	fclose(f);
	f = NULL;
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "%s: %s", url, curl_easy_strerror(rc));
		goto out;
	}
	j = json_loadb(body ? body : "", len, 0, &je);
	if (!j) {
		snprintf(err, errlen, "%s: HTTP %ld, not JSON (%s)", url, status, je.text);
		goto out;
	}
	if (status != 200) {
		const char *why = json_string_value(json_object_get(j, "error"));

		snprintf(err, errlen, "%s: HTTP %ld: %s", server, status, why ? why : "no reason given");
		goto out;
	}
	ret = fm_result_from_json(j, res, err, errlen);
out:
	if (f)
		fclose(f);
	json_decref(j);
	if (h)
		curl_easy_cleanup(h);
	free(body);
	free(url);
	free(params);
	return ret;
}
