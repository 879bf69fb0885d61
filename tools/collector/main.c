// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeterd: receives NetFlow v1/v5/v7/v9 and IPFIX, counts flows into the
 * configured Prometheus metrics and hands them to the configured stores.
 * The main thread only waits for signals and does the once-a-second chores
 * (idle series, template expiry, state file); workers receive and decode;
 * each store's sink writes from its own thread; libmicrohttpd serves
 * /metrics.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "api.h"
#include "clock.h"
#include "daemon.h"
#include "http.h"
#include "pipeline.h"
#include "receiver.h"
#include "receiver_kafka.h"
#include "sink_elastic.h"
#include "sink_kafka.h"
#include "sink_store.h"
#include "state.h"
#include "templates.h"

#define DEFAULT_CONFIG "/etc/flowmeter/config.yaml"
#define DEFAULT_TELEMETRY "127.0.0.1:30001"

/* The daemon: main owns it; threads and callbacks are handed a pointer. */
static struct fm_daemon fmd;
static int state_fd = -1;

#define fmd_log(fmt, ...) fprintf(stderr, "flowmeterd: " fmt "\n", ##__VA_ARGS__)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeterd [-c FILE] [--check-config]\n"
		"  -c, --config FILE   configuration (default " DEFAULT_CONFIG ")\n"
		"      --check-config  validate the configuration and exit\n"
		"  -h, --help          this text\n"
		"  -V, --version       version\n"
		"Logs go to stderr. SIGHUP reloads the configuration; a file with\n"
		"errors is reported and the running configuration kept.\n");
}

static void apply_sampling(struct fm_daemon *d, const struct fm_config *c)
{
	struct fm_sender *e;
	int i;

	pthread_mutex_lock(&d->dec_lock);
	d->dec.o.default_sampling = c->default_sampling;
	d->dec.o.template_timeout_s = c->template_timeout;
	d->dec.o.max_templates = c->max_templates;
	for (e = d->dec.senders; e; e = e->next)
		e->sampling_override = 0;
	for (i = 0; i < c->nsampling; i++) {
		e = fm_sender_get(&d->dec, &c->sampling[i].exporter, true);
		if (e)
			e->sampling_override = c->sampling[i].rate;
	}
	pthread_mutex_unlock(&d->dec_lock);
}

static void save_state(struct fm_daemon *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int ret;

	if (state_fd < 0)
		return;
	pthread_mutex_lock(&d->dec_lock);
	if (!d->dec.templates_changed) {
		pthread_mutex_unlock(&d->dec_lock);
		return;
	}
	m = open_memstream(&buf, &len);
	ret = m ? fm_state_write(&d->dec, m) : -ENOMEM;
	pthread_mutex_unlock(&d->dec_lock);
	if (m)
		fclose(m);
	/* Written in place through the descriptor opened before privileges went. */
	if (!ret && (ftruncate(state_fd, 0) < 0 ||
		     pwrite(state_fd, buf, len, 0) != (ssize_t)len))
		ret = -errno;
	if (ret < 0)
		fmd_log("cannot save template state: %s", strerror(-ret));
	free(buf);
}

static bool same_store(const struct fm_store_conf *a, const struct fm_store_conf *b)
{
	int i;

	if (strcmp(a->backend, b->backend) || strcmp(a->name, b->name) || a->nopts != b->nopts ||
	    a->queue != b->queue || a->batch != b->batch || a->flush_ms != b->flush_ms ||
	    a->rollup_ms != b->rollup_ms || a->nat_retention_ms != b->nat_retention_ms ||
	    a->max_size != b->max_size || a->ndims != b->ndims ||
	    memcmp(a->retention_ms, b->retention_ms, sizeof(a->retention_ms)) ||
	    memcmp(a->dims, b->dims, a->ndims * sizeof(a->dims[0])))
		return false;
	for (i = 0; i < a->nopts; i++)
		if (strcmp(a->opts[i].key, b->opts[i].key) || strcmp(a->opts[i].value, b->opts[i].value))
			return false;
	return true;
}

/* Whether @c configures the stores the daemon runs. */
static bool same_stores(const struct fm_daemon *d, const struct fm_config *c)
{
	int i;

	if (d->nstores != c->nstores)
		return false;
	for (i = 0; i < c->nstores; i++)
		if (!same_store(&d->stores[i], &c->stores[i]))
			return false;
	return true;
}

static void reload(struct fm_daemon *d, const char *path)
{
	struct fm_pipeline *np, *old;
	struct fm_config *c;
	char err[1024];

	c = fm_config_load(path, err, sizeof(err));
	/* Kept series move from the old metrics: no worker may count meanwhile. */
	pthread_rwlock_wrlock(&d->pipe_lock);
	np = c ? fm_pipeline_new(c, d->pipe, err, sizeof(err)) : NULL;
	old = d->pipe;
	if (np)
		d->pipe = np;
	pthread_rwlock_unlock(&d->pipe_lock);
	if (!np) {
		fm_config_free(c);
		atomic_fetch_add(&d->reload_failures, 1);
		fmd_log("reload failed, keeping the running configuration: %s", err);
		return;
	}
	if (!same_stores(d, c))
		fmd_log("store: changes take effect on restart; still writing as started");
	if (strcmp(old->cfg->netflow_endpoint, c->netflow_endpoint) ||
	    strcmp(old->cfg->telemetry_endpoint ? old->cfg->telemetry_endpoint : "",
		   c->telemetry_endpoint ? c->telemetry_endpoint : "") ||
	    old->cfg->workers != c->workers)
		fmd_log("endpoints and workers change on restart only; still on %s",
			old->cfg->netflow_endpoint);
	apply_sampling(d, c);
	fm_pipeline_free(old);
	atomic_fetch_add(&d->reloads, 1);
	fmd_log("configuration reloaded from %s", path);
}

/*
 * Root only binds: sockets, the HTTP port and the state file are open, and
 * the stores are made usable by the user flowmeterd runs on as (config
 * `user`, default nobody) unless told `user: root`. @pw is that user, NULL
 * to stay.
 */
static int run_as(const char *user, struct passwd **pw)
{
	*pw = NULL;
	if (geteuid() != 0 || (user && !strcmp(user, "root")))
		return 0;
	*pw = getpwnam(user ? user : "nobody");
	if (!*pw) {
		fmd_log("user %s does not exist", user ? user : "nobody");
		return -1;
	}
	return 0;
}

static int drop_privileges(const struct passwd *pw)
{
	if (!pw)
		return 0;
	if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
		fmd_log("cannot become %s: %s", pw->pw_name, strerror(errno));
		return -1;
	}
	fmd_log("running as %s", pw->pw_name);
	return 0;
}

/*
 * One sink per configured store, their files made ready for @pw while
 * root. The daemon takes the stores from the first configuration: they
 * live as long as the sinks.
 */
static int open_stores(struct fm_daemon *d, struct fm_config *c, const struct passwd *pw)
{
	char err[1024];
	int i;

	d->stores = c->stores;
	d->nstores = c->nstores;
	c->stores = NULL;
	c->nstores = 0;
	if (!d->nstores)
		return 0;
	d->sinks = calloc(d->nstores, sizeof(*d->sinks));
	if (!d->sinks) {
		fmd_log("out of memory");
		return -1;
	}
	for (i = 0; i < d->nstores; i++) {
		const struct fm_store_conf *sc = &d->stores[i];

		if (pw && fm_store_prepare(sc, pw->pw_uid, pw->pw_gid, err, sizeof(err)) < 0)
			fmd_log("store %s: %s (it will count its records as dropped until it can write)",
				sc->name, err);
		d->sinks[i] = fm_sink_store_new(sc, err, sizeof(err));
		if (!d->sinks[i]) {
			fmd_log("%s", err);
			return -1;
		}
		d->nsinks++;
	}
	return 0;
}

/*
 * The streams (docs/streams.md): sinks after the stores' for the outputs,
 * and the Kafka input. They keep the first configuration's settings, as
 * the stores do: @c's sections move to the daemon's.
 */
static int open_streams(struct fm_daemon *d, struct fm_config *c)
{
	struct fm_sink **ns;
	char err[1024];

	d->kafka = c->kafka;
	d->elastic = c->elastic;
	d->kafka_input = c->kafka_input;
	c->kafka = NULL;
	c->elastic = NULL;
	c->kafka_input = NULL;
	ns = realloc(d->sinks, (d->nsinks + 2) * sizeof(*ns));
	if (!ns) {
		fmd_log("out of memory");
		return -1;
	}
	d->sinks = ns;
	if (d->kafka) {
		d->sinks[d->nsinks] = fm_sink_kafka_new(d->kafka, err, sizeof(err));
		if (!d->sinks[d->nsinks]) {
			fmd_log("%s", err);
			return -1;
		}
		d->nsinks++;
	}
	if (d->elastic) {
		d->sinks[d->nsinks] = fm_sink_elastic_new(d->elastic, err, sizeof(err));
		if (!d->sinks[d->nsinks]) {
			fmd_log("%s", err);
			return -1;
		}
		d->nsinks++;
	}
	if (d->kafka_input) {
		d->kafka_rx = fm_kafka_rx_new(d, d->kafka_input, err, sizeof(err));
		if (!d->kafka_rx) {
			fmd_log("%s", err);
			return -1;
		}
	}
	return 0;
}

static void close_stores(struct fm_daemon *d)
{
	int i;

	for (i = 0; i < d->nsinks; i++)
		fm_sink_free(d->sinks[i]);
	free(d->sinks);
	for (i = 0; i < d->nstores; i++)
		fm_store_conf_free(&d->stores[i]);
	free(d->stores);
	d->sinks = NULL;
	d->stores = NULL;
	d->nsinks = d->nstores = 0;
	fm_kafka_conf_free(d->kafka);
	fm_elastic_conf_free(d->elastic);
	d->kafka = NULL;
	d->elastic = NULL;
}

/* -1 to go on, or the exit status. */
static int options(int argc, char **argv, const char **path, bool *check)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': *path = optarg; break;
		case 'C': *check = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("flowmeterd %s\n", FM_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

/* Templates of the last run, and the descriptor later saves go through. */
static void open_state(struct fm_daemon *d, const char *file)
{
	int n = fm_state_load(&d->dec, file, d->started_ms);

	if (n > 0)
		fmd_log("%d templates from %s", n, file);
	state_fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (state_fd < 0)
		fmd_log("template state %s: %s (templates will not survive a restart)",
			file, strerror(errno));
}

/*
 * The HTTP APIs read the stores, so they come after them, and still as
 * root: the listeners bind, the sender registry's file opens.
 */
static int open_api(struct fm_daemon *d, struct fm_config *c, const char *telemetry)
{
	char err[1024];

	if (fm_api_start(d, c, err, sizeof(err)) < 0 ||
	    fm_http_start(d, telemetry, d->api->conf.listen, d->api->conf.max_body,
			  err, sizeof(err)) < 0) {
		fmd_log("%s", err);
		return -1;
	}
	return 0;
}

/*
 * Bind and ready the stores while root, then drop privileges, then let the
 * sinks and the workers run.
 */
static int start(struct fm_daemon *d, struct fm_config *c)
{
	const char *telemetry = c->telemetry_endpoint ? c->telemetry_endpoint :
				DEFAULT_TELEMETRY;
	struct passwd *pw;
	char err[1024];
	int i, n, ret;

	n = c->workers ? c->workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	ret = fm_receivers_open(d, c->netflow_endpoint, n, c->receive_buffer,
				err, sizeof(err));
	if (ret < 0) {
		fmd_log("%s", err);
		return -1;
	}
	if (run_as(c->user, &pw) < 0 || open_stores(d, c, pw) < 0 || open_streams(d, c) < 0 ||
	    open_api(d, c, telemetry) < 0 ||
	    drop_privileges(pw) < 0)
		return -1;
	for (i = 0; i < d->nsinks; i++)
		if (fm_sink_start(d->sinks[i]) < 0) {
			fmd_log("cannot start the writer of output %d", i);
			return -1;
		}
	if (d->kafka_rx && fm_kafka_rx_start(d->kafka_rx) < 0) {
		fmd_log("cannot start the Kafka input");
		return -1;
	}
	if (fm_receivers_start(d) < 0)
		return -1;
	fmd_log("listening on %s (%d workers), metrics on http://%s/metrics",
		c->netflow_endpoint, n, telemetry);
	return 0;
}

/* The main thread's chores, once a second. */
static void tick(struct fm_daemon *d, uint64_t now, uint64_t *last_save)
{
	pthread_rwlock_rdlock(&d->pipe_lock);
	fm_metrics_flush(d->pipe->metrics, now);
	fm_enrich_tick(&d->pipe->enrich);
	pthread_rwlock_unlock(&d->pipe_lock);
	pthread_mutex_lock(&d->dec_lock);
	fm_rx_templates_expire(&d->dec, now);
	pthread_mutex_unlock(&d->dec_lock);
	if (now - *last_save >= 10000 || atomic_load(&d->stop)) {
		save_state(d);
		*last_save = now;
	}
}

/* Until SIGINT or SIGTERM; SIGHUP reloads @path. */
static void serve(struct fm_daemon *d, const char *path, const sigset_t *sigs)
{
	uint64_t last_save = 0;

	while (!atomic_load(&d->stop)) {
		struct timespec one = { .tv_sec = 1 };
		int sig = sigtimedwait(sigs, NULL, &one);
		uint64_t now = fm_now_ms();

		if (sig == SIGHUP)
			reload(d, path);
		else if (sig == SIGINT || sig == SIGTERM)
			atomic_store(&d->stop, true);
		tick(d, now, &last_save);
	}
	fmd_log("stopping");
}

static void stop(struct fm_daemon *d)
{
	atomic_store(&d->stop, true);
	fm_http_stop();
	fm_receivers_stop(d);
	fm_kafka_rx_free(d->kafka_rx);
	d->kafka_rx = NULL;
	fm_kafka_input_conf_free(d->kafka_input);
	d->kafka_input = NULL;
	/* No worker offers any more: the sinks write what is queued and stop. */
	close_stores(d);
	fm_api_stop(d);
	save_state(d);
	if (state_fd >= 0)
		close(state_fd);
	fm_pipeline_free(d->pipe);
	fm_decoder_free(&d->dec);
	while (d->samplers) {
		struct fm_sampler_stat *s = d->samplers;

		d->samplers = s->next;
		free(s);
	}
}

int main(int argc, char **argv)
{
	const char *path = DEFAULT_CONFIG;
	bool check = false;
	struct fm_config *c;
	char err[1024];
	sigset_t sigs;
	int ret;

	ret = options(argc, argv, &path, &check);
	if (ret >= 0)
		return ret;
	c = fm_config_load(path, err, sizeof(err));
	if (!c) {
		fmd_log("%s", err);
		return 1;
	}
	pthread_rwlock_init(&fmd.pipe_lock, NULL);
	pthread_mutex_init(&fmd.dec_lock, NULL);
	fmd.pipe = fm_pipeline_new(c, NULL, err, sizeof(err));
	if (!fmd.pipe) {
		fmd_log("%s", err);
		fm_config_free(c);
		return 1;
	}
	if (check) {
		printf("%s: ok (%d metric items, %d filters, %d enrichers, %d stores)\n", path,
		       c->nmetrics, c->nfilters, c->nenrich, c->nstores);
		fm_pipeline_free(fmd.pipe);
		return 0;
	}

	/* Defaults first; the configuration's values as a reload sets them. */
	fm_decoder_init(&fmd.dec, NULL);
	apply_sampling(&fmd, c);
	fmd.started_ms = fm_now_ms();
	if (c->state_file && *c->state_file)
		open_state(&fmd, c->state_file);

	/* Signals are this thread's alone (sigtimedwait): blocked before others start. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	ret = start(&fmd, c);
	if (!ret)
		serve(&fmd, path, &sigs);
	stop(&fmd);
	return ret < 0 ? 1 : 0;
}
