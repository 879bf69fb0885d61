// SPDX-License-Identifier: GPL-2.0
/*
 * /api/v1/health (api_health.h). The exporters are read under the
 * decoder's lock, as /metrics reads them, so a total here is a sum of
 * one instant's counters.
 */
#include <jansson.h>
#include <stdatomic.h>
#include "api_health.h"
#include "receiver.h"
#include "sink.h"
#include "when.h"

static json_t *n(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *exporters(struct fm_daemon *d, uint64_t *records, uint64_t *misses,
			 uint64_t *errors)
{
	json_t *a = json_array();
	const struct fm_sender *e;
	char addr[64];
	uint64_t err;
	int i;

	pthread_mutex_lock(&d->dec_lock);
	for (e = d->dec.senders; e && a; e = e->next) {
		for (err = 0, i = 0; i < FM_ERR__COUNT; i++)
			err += e->errors[i];
		*records += e->records;
		*misses += e->template_misses;
		*errors += err;
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"exporter", fm_addr_str(&e->addr, addr, sizeof(addr)),
			"packets", n(e->packets), "records", n(e->records),
			"nat_records", n(e->nat_records), "option_records", n(e->option_records),
			"template_misses", n(e->template_misses), "sequence_gaps", n(e->seq_gaps),
			"sequence_missing", n(e->seq_missing), "decode_errors", n(err),
			"templates", n(e->ntemplates)));
	}
	*errors += d->dec.errors[FM_ERR_SENDER_CAP];
	pthread_mutex_unlock(&d->dec_lock);
	return a;
}

static json_t *outputs(struct fm_daemon *d, uint64_t *dropped)
{
	json_t *a = json_array();
	struct fm_sink_stats st;
	int i;

	for (i = 0; i < d->nsinks && a; i++) {
		fm_sink_stats(d->sinks[i], &st);
		*dropped += st.dropped;
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b}",
			"kind", st.kind, "name", st.name, "offered", n(st.offered),
			"stored", n(st.stored), "dropped", n(st.dropped), "queued", n(st.queued),
			"connected", st.connected));
	}
	return a;
}

void fm_api_health(struct fm_daemon *d, const struct fm_http_req *r, struct fm_http_resp *out)
{
	uint64_t records = 0, misses = 0, errors = 0, dropped = 0, drops = 0, dgrams = 0;
	char now[40], started[40];
	json_t *ex, *outs;
	int i;

	ex = exporters(d, &records, &misses, &errors);
	outs = outputs(d, &dropped);
	for (i = 0; i < d->nworkers; i++) {
		drops += atomic_load(&d->workers[i].drops);
		dgrams += atomic_load(&d->workers[i].datagrams);
	}
	fm_http_json(out, 200, json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"version", FM_VERSION,
		"now", fm_time_rfc3339(r->now_ms, now, sizeof(now)), "now_ms", n(r->now_ms),
		"started", fm_time_rfc3339(d->started_ms, started, sizeof(started)),
		"datagrams", n(dgrams), "socket_drops", n(drops),
		"denied_datagrams", n(atomic_load(&d->denied)),
		"filtered_records", n(atomic_load(&d->filtered)),
		"records", n(records), "template_misses", n(misses), "decode_errors", n(errors),
		"output_drops", n(dropped),
		"exporters", ex ? ex : json_null(), "outputs", outs ? outs : json_null()));
}
