// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter-dump: decode NetFlow v1/v5/v7/v9 and IPFIX from a pcap file or
 * a UDP port and print every record, options records too (-n: flows and
 * NAT events only), as text or one JSON object a line.
 * The decoder is the collector's own (tools/lib).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "clock.h"
#include "decode.h"
#include "pcap.h"
#include "print.h"

static bool json;
static volatile sig_atomic_t stop;

static void on_record(const struct fm_rec *r, void *ctx)
{
	(void)ctx;
	fm_rec_print(stdout, r, json);
}

/* What an exporter says about itself: samplers, interface names, its clock. */
static void on_option(const struct fm_opt_rec *o, void *ctx)
{
	(void)ctx;
	fm_opt_print(stdout, o, json);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeter-dump [-j] [-s] [-n] [-p PORT] -r FILE.pcap\n"
		"       flowmeter-dump [-j] [-s] [-n] [-c COUNT] -l [ADDR:]PORT\n"
		"  -r FILE    read a pcap capture (UDP to PORT, or any UDP without -p)\n"
		"  -l ADDR    listen on UDP [ADDR:]PORT ([::]:PORT for IPv6 and IPv4)\n"
		"  -c COUNT   with -l: stop after COUNT datagrams\n"
		"  -j         one JSON object per record\n"
		"  -s         then per-exporter counters, decode errors and quirks (stderr)\n"
		"  -n         no options records (sampling, interface names...)\n"
		"  -V         version\n");
}

static int read_pcap(struct fm_decoder *d, const char *path, int port)
{
	struct fm_pcap p;
	struct fm_udp u;
	const char *err;
	int r;

	if (fm_pcap_open(&p, path, &err) < 0) {
		fprintf(stderr, "flowmeter-dump: %s: %s\n", path, err);
		return 1;
	}
	while ((r = fm_pcap_next(&p, &u)) == 1)
		if (port < 0 || u.dport == port)
			fm_decode(d, &u.src, u.data, u.len, u.ts_ms, on_record, NULL);
	fm_pcap_close(&p);
	if (r < 0) {
		fprintf(stderr, "flowmeter-dump: %s: broken capture\n", path);
		return 1;
	}
	return 0;
}

static int listen_udp(struct fm_decoder *d, const char *spec, long count)
{
	static uint8_t buf[65536];
	struct sockaddr_storage local;
	socklen_t len;
	char ep[256], why[128];
	int fd, off = 0;

	/* A bare PORT listens on every IPv4 address. */
	snprintf(ep, sizeof(ep), "%s%s", strchr(spec, ':') ? "" : ":", spec);
	if (fm_endpoint_resolve(ep, "0.0.0.0", &local, &len, why, sizeof(why)) < 0) {
		fprintf(stderr, "flowmeter-dump: %s: %s\n", spec, why);
		return 1;
	}
	fd = socket(local.ss_family, SOCK_DGRAM, 0);
	if (local.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	if (fd < 0 || bind(fd, (struct sockaddr *)&local, len) < 0) {
		fprintf(stderr, "flowmeter-dump: bind %s: %s\n", spec, strerror(errno));
		return 1;
	}
	while (!stop && count--) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		struct fm_addr from;
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&ss, &sl);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		fm_addr_from_sockaddr(&ss, &from);
		fm_decode(d, &from, buf, n, fm_now_ms(), on_record, NULL);
		fflush(stdout);
	}
	close(fd);
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	const char *file = NULL, *listen_on = NULL;
	struct fm_decoder d;
	bool stats = false, options = true;
	long count = -1;
	int c, port = -1, ret;

	while ((c = getopt(argc, argv, "r:l:p:c:jsnhV")) != -1) {
		switch (c) {
		case 'r': file = optarg; break;
		case 'l': listen_on = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'c': count = atol(optarg); break;
		case 'j': json = true; break;
		case 's': stats = true; break;
		case 'n': options = false; break;
		case 'V': printf("flowmeter-dump %s\n", FM_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!file == !listen_on || optind != argc) {
		usage(stderr);
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fm_decoder_init(&d, NULL);
	if (options)
		d.opt_fn = on_option;
	ret = file ? read_pcap(&d, file, port) : listen_udp(&d, listen_on, count);
	if (stats)
		fm_stats_print(stderr, &d, json);
	fm_decoder_free(&d);
	return ret;
}
