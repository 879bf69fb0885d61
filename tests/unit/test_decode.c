// SPDX-License-Identifier: GPL-2.0
/*
 * The decoder against crafted datagrams: every protocol path, valid and
 * malformed. Each malformed case must be counted under its reason and
 * produce no record; nothing may read past the datagram (ASan watches).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "decode.h"
#include "state.h"
#include "templates.h"

/* ---- a datagram builder ---- */
struct pkt {
	uint8_t b[65536];
	size_t len;
	size_t set;	/* open set's offset */
};

static void u8(struct pkt *p, unsigned int v) { p->b[p->len++] = v; }
static void u16(struct pkt *p, unsigned int v) { u8(p, v >> 8); u8(p, v); }
static void u32(struct pkt *p, uint32_t v) { u16(p, v >> 16); u16(p, v); }
static void u64(struct pkt *p, uint64_t v) { u32(p, v >> 32); u32(p, v); }
static void bytes(struct pkt *p, const void *v, size_t n) { memcpy(p->b + p->len, v, n); p->len += n; }

static void ipfix_hdr(struct pkt *p, uint32_t seq, uint32_t domain)
{
	p->len = 0;
	u16(p, 10); u16(p, 0); u32(p, 1700000000); u32(p, seq); u32(p, domain);
}

static void v9_hdr(struct pkt *p, uint16_t count, uint32_t seq, uint32_t src)
{
	p->len = 0;
	u16(p, 9); u16(p, count); u32(p, 100000); u32(p, 1700000000); u32(p, seq); u32(p, src);
}

static void set_open(struct pkt *p, uint16_t id) { p->set = p->len; u16(p, id); u16(p, 0); }
static void set_close(struct pkt *p)
{
	size_t l = p->len - p->set;

	p->b[p->set + 2] = l >> 8;
	p->b[p->set + 3] = l;
}
static void ipfix_done(struct pkt *p) { p->b[2] = p->len >> 8; p->b[3] = p->len; }

/* ---- collecting what the decoder gives ---- */
static struct fm_rec got[4096];
static int ngot;

static void take(const struct fm_rec *r, void *ctx)
{
	(void)ctx;
	if (ngot < 4096)
		got[ngot++] = *r;
}

static struct fm_decoder D;
static struct fm_addr EXP = { .family = AF_INET, .a = { 192, 0, 2, 1 } };

static int setup(void **s) { (void)s; fm_decoder_init(&D, NULL); ngot = 0; return 0; }
static int teardown(void **s) { (void)s; fm_decoder_free(&D); return 0; }

static int dec(struct pkt *p) { return fm_decode(&D, &EXP, p->b, p->len, 1700000000000ull, take, NULL); }
static struct fm_sender *exp_(void) { return fm_sender_get(&D, &EXP, false); }

static const uint8_t A1[4] = { 10, 1, 0, 2 }, A2[4] = { 10, 2, 0, 2 };

/* The flow template of the kernel module's IPFIX encoder, minus a few. */
static void ipfix_template(struct pkt *p, uint16_t id)
{
	set_open(p, 2);
	u16(p, id); u16(p, 7);
	u16(p, 8); u16(p, 4);	/* sourceIPv4Address */
	u16(p, 12); u16(p, 4);	/* destinationIPv4Address */
	u16(p, 7); u16(p, 2);
	u16(p, 11); u16(p, 2);
	u16(p, 4); u16(p, 1);
	u16(p, 1); u16(p, 8);	/* octetDeltaCount */
	u16(p, 2); u16(p, 4);	/* packetDeltaCount, reduced size */
	set_close(p);
}

static void ipfix_record(struct pkt *p, uint16_t sport, uint64_t bytes_, uint32_t pkts)
{
	bytes(p, A1, 4); bytes(p, A2, 4); u16(p, sport); u16(p, 53); u8(p, 17);
	u64(p, bytes_); u32(p, pkts);
}

static void test_v5(void **s)
{
	struct pkt p;
	int i;

	(void)s;
	p.len = 0;
	u16(&p, 5); u16(&p, 2); u32(&p, 50000); u32(&p, 1700000000); u32(&p, 0);
	u32(&p, 100); u8(&p, 0); u8(&p, 0); u16(&p, 0);
	for (i = 0; i < 2; i++) {
		bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 0);
		u16(&p, 3); u16(&p, 4); u32(&p, 10 + i); u32(&p, 1000 + i);
		u32(&p, 40000); u32(&p, 49000); u16(&p, 40001 + i); u16(&p, 53);
		u8(&p, 0); u8(&p, 0x12); u8(&p, 6); u8(&p, 0); u16(&p, 64500); u16(&p, 64501);
		u8(&p, 24); u8(&p, 24); u16(&p, 0);
	}
	assert_int_equal(dec(&p), 2);
	assert_int_equal(ngot, 2);
	assert_int_equal(got[1].packets, 11);
	assert_int_equal(got[1].bytes, 1001);
	assert_int_equal(got[1].sport, 40002);
	assert_int_equal(got[1].proto, 6);
	assert_int_equal(got[1].tcp_flags, 0x12);
	assert_int_equal(got[1].in_if, 3);
	assert_int_equal(got[1].src_as, 64500);
	assert_memory_equal(got[0].src.a, A1, 4);
	/* first/last are uptime: 10 s and 1 s before the header's now. */
	assert_int_equal(got[0].start_ms, 1700000000000ull - 10000);
	assert_int_equal(got[0].end_ms, 1700000000000ull - 1000);
	/* The next PDU should start at flow 102; 105 is a gap of 3. */
	p.b[16] = 0; p.b[17] = 0; p.b[18] = 0; p.b[19] = 105;
	dec(&p);
	assert_int_equal(exp_()->seq_gaps, 1);
	assert_int_equal(exp_()->seq_missing, 3);
}

static void test_v5_sampling(void **s)
{
	struct pkt p;

	(void)s;
	p.len = 0;
	u16(&p, 5); u16(&p, 1); u32(&p, 0); u32(&p, 0); u32(&p, 0); u32(&p, 0);
	u8(&p, 0); u8(&p, 0); u16(&p, 0x4000 | 100);	/* mode 1, 1 in 100 */
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 0); u32(&p, 0);
	u32(&p, 3); u32(&p, 300); u32(&p, 0); u32(&p, 0); u32(&p, 0); u32(&p, 0x00110000); u32(&p, 0); u32(&p, 0);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(got[0].packets, 300);
	assert_int_equal(got[0].bytes, 30000);
	assert_int_equal(got[0].sampling, 100);
	/* A per-exporter override wins over what the exporter says. */
	exp_()->sampling_override = 10;
	ngot = 0;
	dec(&p);
	assert_int_equal(got[0].packets, 30);
}

static void test_v5_malformed(void **s)
{
	struct pkt p;

	(void)s;
	p.len = 0;
	u16(&p, 5); u16(&p, 1); u32(&p, 0);
	assert_int_equal(dec(&p), -1);		/* header cut short */
	assert_int_equal(exp_()->errors[FM_ERR_SHORT_HEADER], 1);
	p.len = 0;
	u16(&p, 5); u16(&p, 3); u32(&p, 0); u32(&p, 0); u32(&p, 0); u32(&p, 0); u32(&p, 0);
	u32(&p, 0);				/* count 3, no records */
	assert_int_equal(dec(&p), -1);
	assert_int_equal(exp_()->errors[FM_ERR_BAD_LENGTH], 1);
	p.len = 0;
	u16(&p, 6); u16(&p, 0);
	assert_int_equal(dec(&p), -1);
	assert_int_equal(exp_()->errors[FM_ERR_UNKNOWN_VERSION], 1);
	p.len = 2;
	assert_int_equal(dec(&p), -1);
	assert_int_equal(exp_()->errors[FM_ERR_SHORT_HEADER], 2);
	assert_int_equal(ngot, 0);
}

static void test_ipfix(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 7);
	ipfix_template(&p, 300);
	set_open(&p, 300);
	ipfix_record(&p, 1111, 5000000000ull, 12);
	ipfix_record(&p, 2222, 64, 1);
	set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 2);
	assert_int_equal(got[0].bytes, 5000000000ull);
	assert_int_equal(got[0].packets, 12);
	assert_int_equal(got[1].sport, 2222);
	assert_int_equal(got[1].domain, 7);
	assert_int_equal(got[1].template_id, 300);
	assert_int_equal(exp_()->ntemplates, 1);
	/* Sequence counts data records: 2 sent, so 2 is next; 5 is a gap of 3. */
	ipfix_hdr(&p, 5, 7);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(exp_()->seq_gaps, 1);
	assert_int_equal(exp_()->seq_missing, 3);
	/* Another domain has templates of its own. */
	ipfix_hdr(&p, 0, 8);
	set_open(&p, 300);
	ipfix_record(&p, 1, 1, 1);
	set_close(&p);
	ipfix_done(&p);
	ngot = 0;
	assert_int_equal(dec(&p), 0);
	assert_int_equal(exp_()->template_misses, 1);
}

static void test_ipfix_withdraw(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	ipfix_template(&p, 300);
	ipfix_template(&p, 301);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(exp_()->ntemplates, 2);
	/* Withdraw 300 alone. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2); u16(&p, 300); u16(&p, 0); set_close(&p);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(exp_()->ntemplates, 1);
	assert_null(fm_rx_template_find(&D, exp_(), 10, 0, 300));
	assert_non_null(fm_rx_template_find(&D, exp_(), 10, 0, 301));
	/* Withdraw all: template id 2 (the set id) with no fields. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2); u16(&p, 2); u16(&p, 0); set_close(&p);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(exp_()->ntemplates, 0);
}

static void test_ipfix_varlen_enterprise(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2);
	u16(&p, 400); u16(&p, 4);
	u16(&p, 8); u16(&p, 4);
	u16(&p, 0x8000 | 17); u16(&p, 6); u32(&p, 29305);	/* enterprise element */
	u16(&p, 82); u16(&p, 65535);				/* ifName, variable */
	u16(&p, 1); u16(&p, 4);
	set_close(&p);
	set_open(&p, 400);
	bytes(&p, A1, 4); bytes(&p, "zzzzzz", 6); u8(&p, 4); bytes(&p, "eth0", 4); u32(&p, 77);
	bytes(&p, A2, 4); bytes(&p, "zzzzzz", 6); u8(&p, 255); u16(&p, 3); bytes(&p, "lan", 3); u32(&p, 88);
	set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 2);
	assert_int_equal(got[0].bytes, 77);
	assert_int_equal(got[1].bytes, 88);
	assert_memory_equal(got[1].src.a, A2, 4);
	/* A variable length running past the set is dropped and counted. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 400);
	bytes(&p, A1, 4); bytes(&p, "zzzzzz", 6); u8(&p, 200); bytes(&p, "eth0", 4); u32(&p, 77);
	set_close(&p);
	ipfix_done(&p);
	ngot = 0;
	assert_int_equal(dec(&p), 0);
	assert_int_equal(exp_()->errors[FM_ERR_VARLEN], 1);
}

static void test_ipfix_options_sampling(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	ipfix_template(&p, 300);
	set_open(&p, 3);
	u16(&p, 500); u16(&p, 3); u16(&p, 1);
	u16(&p, 10); u16(&p, 4);	/* scope: ingressInterface */
	u16(&p, 305); u16(&p, 4);	/* samplingPacketInterval */
	u16(&p, 82); u16(&p, 8);	/* ifName */
	set_close(&p);
	set_open(&p, 500);
	u32(&p, 3); u32(&p, 64); bytes(&p, "wan0\0\0\0\0", 8);
	set_close(&p);
	set_open(&p, 300);
	ipfix_record(&p, 1, 100, 2);
	set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 2);	/* records: one option, one data */
	assert_int_equal(ngot, 1);
	assert_int_equal(got[0].bytes, 6400);
	assert_int_equal(got[0].packets, 128);
	assert_int_equal(exp_()->option_records, 1);
	assert_string_equal(fm_sender_ifname(exp_(), 3), "wan0");
	/* Later records carry the name of their interface. */
	ipfix_hdr(&p, 3, 0);
	set_open(&p, 2);
	u16(&p, 320); u16(&p, 2); u16(&p, 10); u16(&p, 4); u16(&p, 1); u16(&p, 8);
	set_close(&p);
	set_open(&p, 320);
	u32(&p, 3); u64(&p, 5);
	set_close(&p);
	ipfix_done(&p);
	ngot = 0;
	assert_int_equal(dec(&p), 1);
	assert_string_equal(got[0].in_name, "wan0");
	assert_string_equal(got[0].out_name, "");
}

static void test_v9(void **s)
{
	struct pkt p;

	(void)s;
	v9_hdr(&p, 2, 0, 1);
	set_open(&p, 0);
	u16(&p, 256); u16(&p, 4);
	u16(&p, 8); u16(&p, 4); u16(&p, 12); u16(&p, 4); u16(&p, 2); u16(&p, 4);
	u16(&p, 22); u16(&p, 4);	/* FIRST_SWITCHED */
	set_close(&p);
	set_open(&p, 256);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 9); u32(&p, 90000);
	u16(&p, 0);			/* padding */
	set_close(&p);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(got[0].packets, 9);
	assert_int_equal(got[0].start_ms, 1700000000000ull - 10000);
	/* v9 counts PDUs: 1 next; 3 is a gap. */
	v9_hdr(&p, 0, 3, 1);
	dec(&p);
	assert_int_equal(exp_()->seq_gaps, 1);
}

static void test_tf_malformed(void **s)
{
	struct pkt p;
	struct fm_sender *e;

	(void)s;
	/* Set running past the end. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 300); u32(&p, 0);
	p.b[p.set + 2] = 0x10;	/* 4096 bytes */
	ipfix_done(&p);
	dec(&p);
	e = exp_();
	assert_int_equal(e->errors[FM_ERR_SET_PAST_END], 1);
	/* Set shorter than its header. */
	ipfix_hdr(&p, 0, 0);
	u16(&p, 300); u16(&p, 2);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_SET_TOO_SHORT], 1);
	/* IPFIX length beyond the datagram. */
	ipfix_hdr(&p, 0, 0);
	p.b[2] = 0x40;
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_BAD_LENGTH], 1);
	/* v9 template with zero fields. */
	v9_hdr(&p, 1, 0, 0);
	set_open(&p, 0); u16(&p, 256); u16(&p, 0); set_close(&p);
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_TEMPLATE_EMPTY], 1);
	/* Template whose records are 0 bytes: would loop forever if accepted. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2); u16(&p, 300); u16(&p, 2); u16(&p, 8); u16(&p, 0); u16(&p, 12); u16(&p, 0);
	set_close(&p);
	set_open(&p, 300); u32(&p, 0); set_close(&p);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_RECORD_ZERO], 1);
	assert_int_equal(e->ntemplates, 0);
	/* Template with more fields than its set holds. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2); u16(&p, 300); u16(&p, 9); u16(&p, 8); u16(&p, 4); set_close(&p);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_TEMPLATE_BAD], 1);
	/* Reserved set id. */
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 7); u32(&p, 0); set_close(&p);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_BAD_SET_ID], 1);
	/* Short headers. */
	p.len = 0;
	u16(&p, 10); u16(&p, 16); u32(&p, 0);
	dec(&p);
	p.len = 0;
	u16(&p, 9); u16(&p, 0); u32(&p, 0);
	dec(&p);
	assert_int_equal(e->errors[FM_ERR_SHORT_HEADER], 2);
	assert_int_equal(ngot, 0);
}

static void test_template_cap(void **s)
{
	struct fm_decoder_opts o = { .max_templates = 3 };
	struct pkt p;
	int i;

	(void)s;
	fm_decoder_free(&D);
	fm_decoder_init(&D, &o);
	ipfix_hdr(&p, 0, 0);
	for (i = 0; i < 5; i++)
		ipfix_template(&p, 300 + i);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(exp_()->ntemplates, 3);
	assert_int_equal(exp_()->errors[FM_ERR_TEMPLATE_CAP], 2);
	/* Redefining a known one is not a new one. */
	ipfix_hdr(&p, 0, 0);
	ipfix_template(&p, 300);
	ipfix_done(&p);
	dec(&p);
	assert_int_equal(exp_()->errors[FM_ERR_TEMPLATE_CAP], 2);
}

static void test_template_expiry_and_state(void **s)
{
	char path[] = "/tmp/fm-state-XXXXXX";
	struct fm_decoder d2;
	struct pkt p;
	int fd;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	ipfix_template(&p, 300);
	ipfix_done(&p);
	dec(&p);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(fm_state_save(&D, path), 0);
	/* A restart: the data decodes at once, no template needed. */
	fm_decoder_init(&d2, NULL);
	assert_int_equal(fm_state_load(&d2, path, 1700000000000ull + 1000), 1);
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 300);
	ipfix_record(&p, 9, 99, 1);
	set_close(&p);
	ipfix_done(&p);
	ngot = 0;
	assert_int_equal(fm_decode(&d2, &EXP, p.b, p.len, 1700000001000ull, take, NULL), 1);
	assert_int_equal(got[0].bytes, 99);
	/* Stale state is not loaded. */
	fm_decoder_free(&d2);
	fm_decoder_init(&d2, NULL);
	assert_int_equal(fm_state_load(&d2, path, 1700000000000ull + 3600 * 1000), 0);
	fm_decoder_free(&d2);
	unlink(path);
	/* Expiry: 1800 s after its definition the template is gone. */
	fm_rx_templates_expire(&D, 1700000000000ull + 1801 * 1000);
	assert_int_equal(exp_()->ntemplates, 0);
}

static void test_nat_event(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2);
	u16(&p, 258); u16(&p, 8);
	u16(&p, 323); u16(&p, 8); u16(&p, 230); u16(&p, 1); u16(&p, 4); u16(&p, 1);
	u16(&p, 8); u16(&p, 4); u16(&p, 12); u16(&p, 4);
	u16(&p, 225); u16(&p, 4); u16(&p, 227); u16(&p, 2); u16(&p, 7); u16(&p, 2);
	set_close(&p);
	set_open(&p, 258);
	u64(&p, 1700000000123ull); u8(&p, 1); u8(&p, 17); bytes(&p, A1, 4); bytes(&p, A2, 4);
	u8(&p, 198); u8(&p, 51); u8(&p, 100); u8(&p, 7); u16(&p, 40001); u16(&p, 5555);
	set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(got[0].kind, FM_REC_NAT);
	assert_int_equal(got[0].nat_event, 1);
	assert_int_equal(got[0].post_sport, 40001);
	assert_int_equal(got[0].post_src.a[0], 198);
	assert_int_equal(got[0].end_ms, 1700000000123ull);
	assert_int_equal(exp_()->nat_records, 1);
	assert_int_equal(exp_()->records, 0);
}

/* Random bytes after a valid header: counted, never a crash or a leak. */
static void test_fuzz(void **s)
{
	struct pkt p;
	unsigned int seed = 1, i, n;

	(void)s;
	for (i = 0; i < 20000; i++) {
		uint16_t v = (i % 3 == 0) ? 9 : (i % 3 == 1) ? 10 : 5;

		n = 4 + rand_r(&seed) % 300;
		p.len = n;
		for (unsigned int j = 0; j < n; j++)
			p.b[j] = rand_r(&seed);
		p.b[0] = v >> 8;
		p.b[1] = v;
		if (v == 10 && i % 2) {
			p.b[2] = n >> 8;
			p.b[3] = n;
		}
		/* Templates from one datagram meet data from the next. */
		fm_decode(&D, &EXP, p.b, p.len, 1700000000000ull, take, NULL);
		ngot = 0;
	}
	assert_true(exp_()->packets == 20000);
	assert_true(exp_()->ntemplates <= D.o.max_templates);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v5, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v5_sampling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v5_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfix_withdraw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfix_varlen_enterprise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfix_options_sampling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v9, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tf_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_expiry_and_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nat_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
