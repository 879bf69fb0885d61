// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the v1/v5/v7, v9 and IPFIX decoder with its template
 * state. Templates and options change how later datagrams decode, so an
 * input is a sequence of datagrams, each as
 *
 *   u8 ctl   bits 0-1: which of four exporters sent it (three IPv4, one IPv6)
 *            bit 2:    the clock passes template_timeout first (expiry)
 *            bit 3, of the first datagram: save and reload the state at the end
 *            bit 4, of the first datagram: print as JSON, not text
 *   u16 len  big-endian; the last datagram may be shorter than it says
 *   len bytes
 *
 * (tests/fuzz/mkcorpus.py writes the seeds so). Every record and options
 * record is printed as flowmeter-dump would (text or JSON, as the input
 * says), and the per-exporter counters too. The template state, saved and loaded into a
 * fresh decoder, must give as many templates back (half the cost of an
 * input: so only when the input asks).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <arpa/inet.h>
#include "decode.h"
#include "print.h"
#include "state.h"
#include "templates.h"

static FILE *sink;
static bool json;

static void on_rec(const struct fm_rec *r, void *ctx)
{
	(void)ctx;
	fm_rec_print(sink, r, json);
}

static void on_opt(const struct fm_opt_rec *o, void *ctx)
{
	(void)ctx;
	fm_opt_print(sink, o, json);
}

static void exporter(unsigned int i, struct fm_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (i == 3) {
		a->family = AF_INET6;
		inet_pton(AF_INET6, "2001:db8::1", a->a);
	} else {
		a->family = AF_INET;
		a->a[0] = 192, a->a[2] = 2, a->a[3] = 1 + i;
	}
}

/* Save, load into a fresh decoder: the same templates must come back. */
static void state_roundtrip(struct fm_decoder *d, uint64_t now_ms)
{
	static struct fm_decoder back;
	char path[64];
	FILE *f;
	int fd, n;

	fd = memfd_create("fuzz-state", 0);
	if (fd < 0)
		abort();
	f = fdopen(dup(fd), "w");
	if (!f || fm_state_write(d, f) || fclose(f))
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	fm_decoder_init(&back, &d->o);
	n = fm_state_load(&back, path, now_ms);
	if (n < 0 || (unsigned int)n != d->ntemplates || back.ntemplates != d->ntemplates) {
		fprintf(stderr, "state: %u templates saved, %d (%u) loaded\n",
			d->ntemplates, n, back.ntemplates);
		abort();
	}
	fm_decoder_free(&back);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fm_decoder d;
	struct fm_decoder_opts o = { .max_templates = 64, .max_senders = 4 };
	uint64_t now_ms = 1700000000000ull;
	bool roundtrip = size && (data[0] & 8);
	size_t off = 0;

	if (!sink)
		sink = fopen("/dev/null", "w");
	json = size && (data[0] & 16);
	fm_decoder_init(&d, &o);
	d.opt_fn = on_opt;
	while (size - off >= 3) {
		unsigned int ctl = data[off], len = data[off + 1] << 8 | data[off + 2];
		struct fm_addr from;

		off += 3;
		if (len > size - off)
			len = size - off;
		if (ctl & 4) {
			now_ms += (uint64_t)d.o.template_timeout_s * 1000 + 1;
			fm_rx_templates_expire(&d, now_ms);
		}
		exporter(ctl & 3, &from);
		/* A copy of its own size, so ASan sees any read past the datagram. */
		uint8_t *p = malloc(len ? len : 1);

		if (!p)
			abort();
		memcpy(p, data + off, len);
		fm_decode(&d, &from, p, len, now_ms, on_rec, NULL);
		free(p);
		off += len;
		now_ms += 1000;
	}
	fm_stats_print(sink, &d, json);
	if (roundtrip)
		state_roundtrip(&d, now_ms);
	fm_decoder_free(&d);
	return 0;
}
