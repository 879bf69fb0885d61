// SPDX-License-Identifier: GPL-2.0
/*
 * The /metrics page: the configured metrics, then flowmeterd's own
 * counters (per exporter, per socket, reloads) in the Prometheus text
 * format. Metric and label names are what dashboards query: they stay.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include "api.h"
#include "exposition.h"
#include "pipeline.h"
#include "receiver.h"
#include "receiver_kafka.h"
#include "sink.h"

/* Per-exporter counters: one table, one loop. */
static const struct {
	const char *name, *help;
	size_t off;
} exporter_counters[] = {
	{ "packets", "Datagrams received from an exporter.",
	  offsetof(struct fm_sender, packets) },
	{ "template_misses", "Data sets whose template was not (yet) known.",
	  offsetof(struct fm_sender, template_misses) },
	{ "sequence_gaps", "Discontinuities in the exporter's sequence numbers.",
	  offsetof(struct fm_sender, seq_gaps) },
	{ "sequence_missing", "What the gaps say was lost (records or datagrams, per protocol).",
	  offsetof(struct fm_sender, seq_missing) },
};

static const char *err_name(int i)
{
	return fm_err_name(i);
}

static const char *quirk_name(int i)
{
	return fm_quirk_name(i);
}

/* A per-exporter array of counters (at @off in fm_sender): a series per @label. */
static void render_by(struct fm_daemon *d, FILE *o, const char *name, const char *help,
		      const char *label, size_t off, int n, const char *(*value)(int))
{
	const struct fm_sender *e;
	char a[64];
	int i;

	fprintf(o, "# HELP flowmeterd_exporter_%s_total %s\n"
		   "# TYPE flowmeterd_exporter_%s_total counter\n", name, help, name);
	for (e = d->dec.senders; e; e = e->next)
		for (i = 0; i < n; i++)
			fprintf(o, "flowmeterd_exporter_%s_total{exporter=\"%s\",%s=\"%s\"} %llu\n",
				name, fm_addr_str(&e->addr, a, sizeof(a)), label, value(i),
				(unsigned long long)((const uint64_t *)((const char *)e + off))[i]);
}

static void render_exporters(struct fm_daemon *d, FILE *o)
{
	const struct fm_sender *e;
	const struct fm_sampler_stat *s;
	const char *prefix = d->pipe->cfg->prefix;
	char a[64];
	unsigned int c;

	for (c = 0; c < sizeof(exporter_counters) / sizeof(exporter_counters[0]); c++) {
		fprintf(o, "# HELP flowmeterd_exporter_%s_total %s\n"
			   "# TYPE flowmeterd_exporter_%s_total counter\n",
			exporter_counters[c].name, exporter_counters[c].help,
			exporter_counters[c].name);
		for (e = d->dec.senders; e; e = e->next)
			fprintf(o, "flowmeterd_exporter_%s_total{exporter=\"%s\"} %llu\n",
				exporter_counters[c].name, fm_addr_str(&e->addr, a, sizeof(a)),
				(unsigned long long)*(const uint64_t *)((const char *)e +
								 exporter_counters[c].off));
	}
	fputs("# HELP flowmeterd_exporter_records_total Records decoded, by kind.\n"
	      "# TYPE flowmeterd_exporter_records_total counter\n", o);
	for (e = d->dec.senders; e; e = e->next) {
		fm_addr_str(&e->addr, a, sizeof(a));
		fprintf(o, "flowmeterd_exporter_records_total{exporter=\"%s\",kind=\"flow\"} %llu\n"
			   "flowmeterd_exporter_records_total{exporter=\"%s\",kind=\"nat\"} %llu\n"
			   "flowmeterd_exporter_records_total{exporter=\"%s\",kind=\"options\"} %llu\n",
			a, (unsigned long long)e->records, a, (unsigned long long)e->nat_records,
			a, (unsigned long long)e->option_records);
	}
	render_by(d, o, "decode_errors", "Datagrams or parts dropped as malformed, by reason.", "reason",
		  offsetof(struct fm_sender, errors), FM_ERR__COUNT, err_name);
	render_by(d, o, "quirks", "Departures from the protocols decoded anyway, not errors, by kind.", "kind",
		  offsetof(struct fm_sender, quirk), FM_QUIRK__COUNT, quirk_name);
	fputs("# HELP flowmeterd_exporter_templates Templates known for an exporter.\n"
	      "# TYPE flowmeterd_exporter_templates gauge\n", o);
	for (e = d->dec.senders; e; e = e->next)
		fprintf(o, "flowmeterd_exporter_templates{exporter=\"%s\"} %u\n",
			fm_addr_str(&e->addr, a, sizeof(a)), e->ntemplates);
	fputs("# HELP flowmeterd_unknown_exporter_errors_total Datagrams dropped before an exporter was known (exporter cap).\n"
	      "# TYPE flowmeterd_unknown_exporter_errors_total counter\n", o);
	fprintf(o, "flowmeterd_unknown_exporter_errors_total %llu\n",
		(unsigned long long)d->dec.errors[FM_ERR_SENDER_CAP]);
	/* rkosegi/netflow-collector's own counters, for existing dashboards. */
	fprintf(o, "# HELP %s_server_total_flows The total number of ingested flows.\n"
		   "# TYPE %s_server_total_flows counter\n", prefix, prefix);
	for (s = d->samplers; s; s = s->next)
		fprintf(o, "%s_server_total_flows{sampler=\"%s\"} %llu\n", prefix,
			fm_addr_str(&s->addr, a, sizeof(a)), (unsigned long long)s->total);
	fprintf(o, "# HELP %s_server_dropped_flows The total number of dropped flows.\n"
		   "# TYPE %s_server_dropped_flows counter\n", prefix, prefix);
	for (s = d->samplers; s; s = s->next)
		fprintf(o, "%s_server_dropped_flows{sampler=\"%s\"} %llu\n", prefix,
			fm_addr_str(&s->addr, a, sizeof(a)), (unsigned long long)s->dropped);
}

char *fm_exposition(struct fm_daemon *d, size_t *len)
{
	uint64_t drops = 0, dgrams = 0;
	char *buf = NULL;
	FILE *o;
	int i;

	o = open_memstream(&buf, len);
	if (!o)
		return NULL;
	pthread_rwlock_rdlock(&d->pipe_lock);
	fm_metrics_render(d->pipe->metrics, o);
	if (d->pipe->as_metrics)
		fm_as_metrics_render(d->pipe->as_metrics, o);
	fm_metrics_render_self(d->pipe->metrics, o);
	fm_enrich_render(&d->pipe->enrich, o);
	pthread_mutex_lock(&d->dec_lock);
	render_exporters(d, o);
	pthread_mutex_unlock(&d->dec_lock);
	pthread_rwlock_unlock(&d->pipe_lock);
	fm_sinks_render(d->sinks, d->nsinks, o);
	fm_api_render(d, o);
	fm_kafka_rx_render(d->kafka_rx, o);
	for (i = 0; i < d->nworkers; i++) {
		drops += atomic_load(&d->workers[i].drops);
		dgrams += atomic_load(&d->workers[i].datagrams);
	}
	fprintf(o, "# HELP flowmeterd_datagrams_total Datagrams received on the flow sockets.\n"
		   "# TYPE flowmeterd_datagrams_total counter\n"
		   "flowmeterd_datagrams_total %llu\n"
		   "# HELP flowmeterd_socket_drops_total Datagrams the kernel dropped: flowmeterd too slow or receive_buffer too small.\n"
		   "# TYPE flowmeterd_socket_drops_total counter\n"
		   "flowmeterd_socket_drops_total %llu\n"
		   "# HELP flowmeterd_denied_datagrams_total Datagrams from exporters outside allowed_exporters.\n"
		   "# TYPE flowmeterd_denied_datagrams_total counter\n"
		   "flowmeterd_denied_datagrams_total %llu\n"
		   "# HELP flowmeterd_filtered_records_total Records the pipeline filter dropped.\n"
		   "# TYPE flowmeterd_filtered_records_total counter\n"
		   "flowmeterd_filtered_records_total %llu\n"
		   "# HELP flowmeterd_config_reloads_total Configuration reloads, by result.\n"
		   "# TYPE flowmeterd_config_reloads_total counter\n"
		   "flowmeterd_config_reloads_total{result=\"ok\"} %llu\n"
		   "flowmeterd_config_reloads_total{result=\"failed\"} %llu\n"
		   "# HELP flowmeterd_build_info flowmeterd's version.\n"
		   "# TYPE flowmeterd_build_info gauge\n"
		   "flowmeterd_build_info{version=\"%s\"} 1\n",
		(unsigned long long)dgrams, (unsigned long long)drops,
		(unsigned long long)atomic_load(&d->denied),
		(unsigned long long)atomic_load(&d->filtered),
		(unsigned long long)atomic_load(&d->reloads),
		(unsigned long long)atomic_load(&d->reload_failures), FM_VERSION);
	if (fclose(o)) {
		free(buf);
		return NULL;
	}
	return buf;
}
