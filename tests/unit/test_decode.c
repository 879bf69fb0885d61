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

/* ---- what real exporters send (docs/flowmeterd.8, QUIRKS) ---- */

static void v9_template(struct pkt *p, uint16_t id, const uint16_t *f, unsigned int n)
{
	unsigned int i;

	set_open(p, 0);
	u16(p, id); u16(p, n);
	for (i = 0; i < n; i++) {
		u16(p, f[2 * i]); u16(p, f[2 * i + 1]);
	}
	set_close(p);
}

static const uint8_t V6A[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t V6B[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t Z16[16], Z4[4];

/*
 * A dual-stack template: IPv4 and IPv6 elements in one, the unused family
 * zero-filled. Before, the last element read won: IPv4 flows came out as
 * :: -> ::.
 */
static void test_dual_stack(void **s)
{
	static const uint16_t f[] = {
		8, 4, 12, 4, 27, 16, 28, 16, 15, 4, 62, 16, 225, 4, 281, 16,
		4, 1, 1, 4,
	};
	static const uint8_t NH[4] = { 10, 0, 0, 254 }, X[4] = { 198, 51, 100, 7 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 4, 0, 0);
	v9_template(&p, 256, f, sizeof(f) / 4);
	set_open(&p, 256);
	/* IPv4, translated, IPv4 next hop. */
	bytes(&p, A1, 4); bytes(&p, A2, 4); bytes(&p, Z16, 16); bytes(&p, Z16, 16);
	bytes(&p, NH, 4); bytes(&p, Z16, 16); bytes(&p, X, 4); bytes(&p, Z16, 16);
	u8(&p, 6); u32(&p, 100);
	/* IPv6, next hop only in IPv4 (RFC 5549), no translation. */
	bytes(&p, Z4, 4); bytes(&p, Z4, 4); bytes(&p, V6A, 16); bytes(&p, V6B, 16);
	bytes(&p, NH, 4); bytes(&p, Z16, 16); bytes(&p, Z4, 4); bytes(&p, Z16, 16);
	u8(&p, 17); u32(&p, 200);
	set_close(&p);
	assert_int_equal(dec(&p), 2);
	assert_int_equal(got[0].src.family, AF_INET);
	assert_memory_equal(got[0].src.a, A1, 4);
	assert_int_equal(got[0].dst.family, AF_INET);
	assert_memory_equal(got[0].dst.a, A2, 4);
	assert_int_equal(got[0].nexthop.family, AF_INET);
	assert_int_equal(got[0].post_src.family, AF_INET);
	assert_memory_equal(got[0].post_src.a, X, 4);
	assert_int_equal(got[1].src.family, AF_INET6);
	assert_memory_equal(got[1].src.a, V6A, 16);
	assert_int_equal(got[1].dst.family, AF_INET6);
	assert_memory_equal(got[1].dst.a, V6B, 16);
	assert_int_equal(got[1].nexthop.family, AF_INET);
	assert_memory_equal(got[1].nexthop.a, NH, 4);
	assert_true(got[0].has & FM_HAS_SRC && got[1].has & FM_HAS_DST);
}

/* ipVersion (60) decides, even for an all-zero source (0.0.0.0, DHCP). */
static void test_dual_stack_ip_version(void **s)
{
	static const uint16_t f[] = { 60, 1, 8, 4, 27, 16, 12, 4, 28, 16, 1, 4 };
	static const uint8_t BC[4] = { 255, 255, 255, 255 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 3, 0, 0);
	v9_template(&p, 257, f, sizeof(f) / 4);
	set_open(&p, 257);
	u8(&p, 4); bytes(&p, Z4, 4); bytes(&p, Z16, 16); bytes(&p, BC, 4); bytes(&p, Z16, 16); u32(&p, 1);
	u8(&p, 6); bytes(&p, Z4, 4); bytes(&p, Z16, 16); bytes(&p, Z4, 4); bytes(&p, V6B, 16); u32(&p, 2);
	set_close(&p);
	assert_int_equal(dec(&p), 2);
	assert_int_equal(got[0].src.family, AF_INET);
	assert_int_equal(got[0].dst.family, AF_INET);
	assert_memory_equal(got[0].dst.a, BC, 4);
	assert_int_equal(got[1].src.family, AF_INET6);
	assert_memory_equal(got[1].src.a, Z16, 16);
	assert_int_equal(got[1].dst.family, AF_INET6);
}

/*
 * Cisco ASA NSEL (v9), as Cisco's NSEL guide lays out its IPv4 event
 * template: connection id, addresses, ports, interfaces, ICMP type and
 * code apart, the translation, firewall event and extended event, event
 * and creation times, and bytes and packets only as initiator and
 * responder counts. Before: 0 bytes, 0 packets, no NAT event.
 */
static void nsel_template(struct pkt *p)
{
	static const uint16_t f[] = {
		148, 4, 8, 4, 7, 2, 10, 2, 12, 4, 11, 2, 14, 2, 4, 1, 176, 1, 177, 1,
		225, 4, 226, 4, 227, 2, 228, 2, 233, 1, 33002, 2, 323, 8, 152, 8,
		231, 4, 232, 4, 298, 4, 299, 4,
	};

	v9_template(p, 263, f, sizeof(f) / 4);
}

static void nsel_record(struct pkt *p, uint8_t proto, uint8_t icmp_type, uint8_t event,
			uint32_t ib, uint32_t rb, uint32_t ip, uint32_t rp, bool nat)
{
	static const uint8_t X[4] = { 198, 51, 100, 7 };

	u32(p, 77); bytes(p, A1, 4); u16(p, proto == 1 ? 0 : 40001); u16(p, 3);
	bytes(p, A2, 4); u16(p, proto == 1 ? 0 : 443); u16(p, 4); u8(p, proto);
	u8(p, icmp_type); u8(p, 0);
	bytes(p, nat ? X : A1, 4); bytes(p, A2, 4); u16(p, nat ? 1025 : 40001); u16(p, 443);
	u8(p, event); u16(p, 0); u64(p, 1700000001234ull); u64(p, 1700000000100ull);
	u32(p, ib); u32(p, rb); u32(p, ip); u32(p, rp);
}

static void test_nsel(void **s)
{
	struct pkt p;

	(void)s;
	v9_hdr(&p, 5, 0, 0);
	nsel_template(&p);
	set_open(&p, 263);
	nsel_record(&p, 6, 0, FM_FW_CREATED, 0, 0, 0, 0, true);
	nsel_record(&p, 6, 0, FM_FW_DELETED, 1500, 64000, 20, 50, true);
	nsel_record(&p, 1, 8, FM_FW_DENIED, 84, 0, 1, 0, false);
	nsel_record(&p, 6, 0, FM_FW_UPDATE, 10, 20, 1, 2, false);
	set_close(&p);
	assert_int_equal(dec(&p), 4);
	/* A translated create and delete give a NAT event each, after the flow. */
	assert_int_equal(ngot, 6);
	assert_int_equal(got[0].kind, FM_REC_FLOW);
	assert_int_equal(got[0].fw_event, FM_FW_CREATED);
	assert_int_equal(got[0].flows, 0);
	assert_int_equal(got[1].kind, FM_REC_NAT);
	assert_int_equal(got[1].nat_event, NAT_EVENT_CREATE);
	assert_int_equal(got[1].post_sport, 1025);
	assert_int_equal(got[1].post_src.a[0], 198);
	assert_int_equal(got[1].end_ms, 1700000001234ull);
	assert_int_equal(got[1].bytes, 0);
	assert_int_equal(got[2].kind, FM_REC_FLOW);
	assert_int_equal(got[2].bytes, 65500);
	assert_int_equal(got[2].rev_bytes, 64000);
	assert_int_equal(got[2].packets, 70);
	assert_int_equal(got[2].rev_packets, 50);
	assert_int_equal(got[2].flows, 1);
	assert_true(got[2].has & FM_HAS_REVERSE);
	assert_int_equal(got[3].kind, FM_REC_NAT);
	assert_int_equal(got[3].nat_event, NAT_EVENT_DELETE);
	/* Denied ICMP echo: type and code as v5 has them, in the port. */
	assert_int_equal(got[4].proto, 1);
	assert_int_equal(got[4].dport, 8 << 8);
	assert_int_equal(got[4].flows, 1);
	assert_int_equal(got[4].bytes, 84);
	assert_int_equal(got[5].fw_event, FM_FW_UPDATE);
	assert_int_equal(got[5].bytes, 30);
	assert_int_equal(got[5].flows, 0);
	assert_int_equal(exp_()->records, 4);
	assert_int_equal(exp_()->nat_records, 2);
}

/* The ASA's older v9 ids (8.2): 40001-40005, and bytes as octetTotalCount (85). */
static void test_nsel_legacy_ids(void **s)
{
	static const uint16_t f[] = {
		8, 4, 7, 2, 12, 4, 11, 2, 4, 1, 40001, 4, 40002, 4, 40003, 2, 40004, 2,
		40005, 1, 323, 8, 85, 4,
	};
	static const uint8_t X[4] = { 198, 51, 100, 8 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 2, 0, 0);
	v9_template(&p, 264, f, sizeof(f) / 4);
	set_open(&p, 264);
	bytes(&p, A1, 4); u16(&p, 5000); bytes(&p, A2, 4); u16(&p, 53); u8(&p, 17);
	bytes(&p, X, 4); bytes(&p, A2, 4); u16(&p, 6000); u16(&p, 53); u8(&p, 2);
	u64(&p, 1700000002000ull); u32(&p, 777);
	set_close(&p);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(ngot, 2);
	assert_int_equal(got[0].bytes, 777);
	assert_true(got[0].has & FM_HAS_POST_NAT);
	assert_int_equal(got[0].post_sport, 6000);
	assert_int_equal(got[1].kind, FM_REC_NAT);
	assert_int_equal(got[1].nat_event, NAT_EVENT_DELETE);
	assert_memory_equal(got[1].post_src.a, X, 4);
	assert_int_equal(got[1].post_dport, 53);
}

/*
 * H3C's v9 template with VRFname (236) of length 65535, which RFC 3954
 * does not allow: read as IPFIX's variable length. Before, the template
 * was dropped (template_bad) and its data lost.
 */
static void test_v9_varlen(void **s)
{
	static const uint16_t f[] = { 8, 4, 12, 4, 4, 1, 1, 4, 236, 65535, 10, 4 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 4, 0, 0);
	v9_template(&p, 300, f, sizeof(f) / 4);
	set_open(&p, 300);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u8(&p, 6); u32(&p, 1000); u8(&p, 5); bytes(&p, "vpn-a", 5); u32(&p, 5);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u8(&p, 6); u32(&p, 2000); u8(&p, 0); u32(&p, 6);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u8(&p, 6); u32(&p, 3000); u8(&p, 255); u16(&p, 3);
	bytes(&p, "vrf", 3); u32(&p, 7);
	set_close(&p);
	assert_int_equal(dec(&p), 3);
	assert_int_equal(got[0].bytes, 1000);
	assert_int_equal(got[0].in_if, 5);
	assert_int_equal(got[1].in_if, 6);
	assert_int_equal(got[2].bytes, 3000);
	assert_int_equal(got[2].in_if, 7);
	assert_int_equal(exp_()->errors[FM_ERR_TEMPLATE_BAD], 0);
	assert_int_equal(exp_()->quirk[FM_QUIRK_V9_VARLEN], 1);
	assert_int_equal(exp_()->quirks, 1);
}

/*
 * Zeros after the last set (Cisco ACI, PAN-OS): padding, not a short set.
 * Before, set_too_short rose on every datagram of a healthy exporter.
 */
static void test_padding(void **s)
{
	struct pkt p;
	unsigned int i;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	ipfix_template(&p, 300);
	set_open(&p, 300);
	ipfix_record(&p, 1, 100, 1);
	set_close(&p);
	for (i = 0; i < 1000; i++)
		u8(&p, 0);
	ipfix_done(&p);		/* the padding inside the message's length */
	assert_int_equal(dec(&p), 1);
	v9_hdr(&p, 1, 1, 0);
	set_open(&p, 0);
	u16(&p, 256); u16(&p, 1); u16(&p, 1); u16(&p, 4);
	set_close(&p);
	set_open(&p, 256); u32(&p, 5); set_close(&p);
	for (i = 0; i < 40; i++)
		u8(&p, 0);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(ngot, 2);
	assert_int_equal(exp_()->errors[FM_ERR_SET_TOO_SHORT], 0);
	assert_int_equal(exp_()->quirk[FM_QUIRK_PADDING], 2);
	/* Not zeros: still a broken set. */
	p.b[p.len - 3] = 1;
	dec(&p);
	assert_int_equal(exp_()->errors[FM_ERR_SET_TOO_SHORT], 1);
}

/*
 * A template naming an element twice (Cisco ASR 1000 and ISR, Junos
 * IPFIX: Logstash's codec refuses them). The first non-zero occurrence is
 * what the record says; the template is used, and counted as a quirk.
 */
static void test_repeated_field(void **s)
{
	static const uint16_t f[] = { 8, 4, 12, 4, 10, 4, 14, 4, 10, 4, 1, 4, 2, 4 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 3, 0, 0);
	v9_template(&p, 310, f, sizeof(f) / 4);
	set_open(&p, 310);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 3); u32(&p, 4); u32(&p, 0); u32(&p, 10); u32(&p, 1);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 0); u32(&p, 4); u32(&p, 9); u32(&p, 10); u32(&p, 1);
	/* Both said: the first is what the record says (nfdump takes the last). */
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 5); u32(&p, 4); u32(&p, 7); u32(&p, 10); u32(&p, 1);
	set_close(&p);
	assert_int_equal(dec(&p), 3);
	assert_int_equal(got[0].in_if, 3);
	assert_int_equal(got[1].in_if, 9);
	assert_int_equal(got[2].in_if, 5);
	assert_int_equal(exp_()->quirk[FM_QUIRK_REPEATED_FIELD], 1);
}

/*
 * IPFIX times in sysUpTime (21/22), which count from the exporter's
 * systemInitTimeMilliseconds (160), sent in options data (Cisco IOS XE)
 * or in the record. Before: the export time minus a wrapped 32-bit
 * difference, some 49 days off.
 */
static void test_ipfix_sysuptime(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 3);
	u16(&p, 400); u16(&p, 2); u16(&p, 1); u16(&p, 149); u16(&p, 4); u16(&p, 160); u16(&p, 8);
	set_close(&p);
	set_open(&p, 400); u32(&p, 0); u64(&p, 1699990000000ull); set_close(&p);
	set_open(&p, 2);
	u16(&p, 300); u16(&p, 3); u16(&p, 1); u16(&p, 4); u16(&p, 22); u16(&p, 4); u16(&p, 21); u16(&p, 4);
	u16(&p, 301); u16(&p, 4); u16(&p, 1); u16(&p, 4); u16(&p, 160); u16(&p, 8); u16(&p, 22); u16(&p, 4); u16(&p, 21); u16(&p, 4);
	set_close(&p);
	set_open(&p, 300); u32(&p, 1); u32(&p, 5000000); u32(&p, 9000000); set_close(&p);
	set_open(&p, 301); u32(&p, 2); u64(&p, 1699000000000ull); u32(&p, 1000); u32(&p, 2000); set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 3);
	assert_int_equal(got[0].start_ms, 1699995000000ull);
	assert_int_equal(got[0].end_ms, 1699999000000ull);
	assert_int_equal(got[1].start_ms, 1699000001000ull);
	assert_int_equal(got[1].end_ms, 1699000002000ull);
	/* Another domain never said when it started: the times are unknown. */
	ipfix_hdr(&p, 0, 1);
	set_open(&p, 2);
	u16(&p, 300); u16(&p, 2); u16(&p, 1); u16(&p, 4); u16(&p, 22); u16(&p, 4);
	set_close(&p);
	set_open(&p, 300); u32(&p, 1); u32(&p, 5000000); set_close(&p);
	ipfix_done(&p);
	ngot = 0;
	assert_int_equal(dec(&p), 1);
	assert_int_equal(got[0].start_ms, 0);
	assert_false(got[0].has & FM_HAS_TIMES);
	assert_int_equal(exp_()->quirk[FM_QUIRK_UPTIME_NO_INIT], 1);
}

/*
 * Cisco's sampler table (v9 options: FLOW_SAMPLER_ID 48, mode 49, random
 * interval 50) with records naming their sampler: each gets its own rate.
 * Before, every record got the last sampler's.
 */
static void test_sampler_ids(void **s)
{
	static const uint16_t f[] = { 8, 4, 12, 4, 1, 4, 2, 4, 48, 1 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 5, 0, 0);
	set_open(&p, 1);
	u16(&p, 257); u16(&p, 4); u16(&p, 12);
	u16(&p, 1); u16(&p, 4);			/* scope System */
	u16(&p, 48); u16(&p, 1); u16(&p, 49); u16(&p, 1); u16(&p, 50); u16(&p, 4);
	set_close(&p);
	set_open(&p, 257);
	u32(&p, 0); u8(&p, 1); u8(&p, 2); u32(&p, 100);
	u32(&p, 0); u8(&p, 2); u8(&p, 2); u32(&p, 1000);
	u16(&p, 0);
	set_close(&p);
	v9_template(&p, 258, f, sizeof(f) / 4);
	set_open(&p, 258);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 10); u32(&p, 1); u8(&p, 1);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u32(&p, 10); u32(&p, 1); u8(&p, 2);
	set_close(&p);
	assert_int_equal(dec(&p), 4);
	assert_int_equal(got[0].sampling, 100);
	assert_int_equal(got[0].bytes, 1000);
	assert_int_equal(got[1].sampling, 1000);
}

/*
 * RFC 5477's systematic sampler: samplingPacketInterval packets taken,
 * samplingPacketSpace skipped (1 and 99: 1 in 100); random n out of N
 * (samplingSize, samplingPopulation). Before: the interval alone, 1.
 */
static void test_rfc5477_sampling(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 3);
	u16(&p, 400); u16(&p, 4); u16(&p, 1);
	u16(&p, 302); u16(&p, 4); u16(&p, 304); u16(&p, 2); u16(&p, 305); u16(&p, 4); u16(&p, 306); u16(&p, 4);
	u16(&p, 401); u16(&p, 3); u16(&p, 1);
	u16(&p, 302); u16(&p, 4); u16(&p, 309); u16(&p, 4); u16(&p, 310); u16(&p, 4);
	set_close(&p);
	set_open(&p, 400); u32(&p, 7); u16(&p, 1); u32(&p, 1); u32(&p, 99); set_close(&p);
	set_open(&p, 401); u32(&p, 8); u32(&p, 2); u32(&p, 1000); set_close(&p);
	set_open(&p, 2);
	u16(&p, 300); u16(&p, 2); u16(&p, 1); u16(&p, 4); u16(&p, 302); u16(&p, 4);
	set_close(&p);
	set_open(&p, 300); u32(&p, 10); u32(&p, 7); u32(&p, 10); u32(&p, 8); set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 4);
	assert_int_equal(got[0].sampling, 100);
	assert_int_equal(got[0].bytes, 1000);
	assert_int_equal(got[1].sampling, 500);
}

/* samplingInterval in the data record itself (Huawei NetStream, H3C). */
static void test_record_sampling(void **s)
{
	static const uint16_t f[] = { 8, 4, 1, 4, 34, 4 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 2, 0, 0);
	v9_template(&p, 259, f, sizeof(f) / 4);
	set_open(&p, 259);
	bytes(&p, A1, 4); u32(&p, 10); u32(&p, 512);
	set_close(&p);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(got[0].sampling, 512);
	assert_int_equal(got[0].bytes, 5120);
}

/*
 * FortiGate's samplingInterval in 9 bytes (nfdump issue 77), in options
 * and in a data record: not read as a rate (nfdump's counts came out
 * 69 times too large), counted as a quirk. Before: the last 8 bytes were.
 */
static void test_wide_sampling_field(void **s)
{
	static const uint16_t f[] = { 8, 4, 1, 4, 34, 9 };
	struct pkt p;

	(void)s;
	v9_hdr(&p, 3, 0, 0);
	set_open(&p, 1);
	u16(&p, 257); u16(&p, 4); u16(&p, 4);
	u16(&p, 1); u16(&p, 4);			/* scope System */
	u16(&p, 34); u16(&p, 9);
	set_close(&p);
	set_open(&p, 257);
	u32(&p, 0); u8(&p, 0); u32(&p, 0x06b1); u32(&p, 0x45); /* 9 bytes of it */
	u16(&p, 0); u8(&p, 0);
	set_close(&p);
	v9_template(&p, 260, f, sizeof(f) / 4);
	set_open(&p, 260);
	bytes(&p, A1, 4); u32(&p, 10); u8(&p, 0); u32(&p, 0x06b1); u32(&p, 0x45);
	set_close(&p);
	assert_int_equal(dec(&p), 2);
	assert_int_equal(got[0].sampling, 1);
	assert_int_equal(got[0].bytes, 10);
	assert_int_equal(exp_()->quirk[FM_QUIRK_SAMPLING_LENGTH], 2);
}

/* v9 options scope "Interface" (RFC 3954 6.1: a scope type, not element 2) names the index. */
static void test_v9_scope_interface(void **s)
{
	struct pkt p;

	(void)s;
	v9_hdr(&p, 2, 0, 0);
	set_open(&p, 1);
	u16(&p, 260); u16(&p, 4); u16(&p, 4);
	u16(&p, 2); u16(&p, 4);		/* scope Interface */
	u16(&p, 82); u16(&p, 16);	/* ifName */
	set_close(&p);
	set_open(&p, 260);
	u32(&p, 12); bytes(&p, "Gi0/0/1\0\0\0\0\0\0\0\0\0", 16);
	set_close(&p);
	assert_int_equal(dec(&p), 1);
	assert_string_equal(fm_sender_ifname(exp_(), 12), "Gi0/0/1");
}

/* RFC 5103 biflows (YAF): reverse counts under enterprise 29305. */
static void test_rfc5103_biflow(void **s)
{
	struct pkt p;

	(void)s;
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 2);
	u16(&p, 300); u16(&p, 5);
	u16(&p, 8); u16(&p, 4); u16(&p, 12); u16(&p, 4); u16(&p, 1); u16(&p, 8);
	u16(&p, 0x8000 | 1); u16(&p, 8); u32(&p, 29305);
	u16(&p, 0x8000 | 2); u16(&p, 8); u32(&p, 29305);
	set_close(&p);
	set_open(&p, 300);
	bytes(&p, A1, 4); bytes(&p, A2, 4); u64(&p, 100); u64(&p, 5000); u64(&p, 4);
	set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(got[0].bytes, 5100);
	assert_int_equal(got[0].rev_bytes, 5000);
	assert_int_equal(got[0].rev_packets, 4);
	assert_int_equal(got[0].packets, 4);
}

/* Options records reach flowmeter-dump: fields as sent, what was taken. */
static struct fm_opt_rec opts[8];
static char opt_ifname[32];
static int nopts;

static void take_opt(const struct fm_opt_rec *o, void *ctx)
{
	(void)ctx;
	if (nopts < 8)
		opts[nopts++] = *o;
	if (o->ifname)
		snprintf(opt_ifname, sizeof(opt_ifname), "%s", o->ifname);
}

static void test_options_callback(void **s)
{
	struct pkt p;

	(void)s;
	D.opt_fn = take_opt;
	nopts = 0;
	ipfix_hdr(&p, 0, 0);
	set_open(&p, 3);
	u16(&p, 500); u16(&p, 3); u16(&p, 1);
	u16(&p, 10); u16(&p, 4); u16(&p, 34); u16(&p, 4); u16(&p, 82); u16(&p, 65535);
	set_close(&p);
	set_open(&p, 500);
	u32(&p, 3); u32(&p, 64); u8(&p, 4); bytes(&p, "wan0", 4);
	set_close(&p);
	ipfix_done(&p);
	assert_int_equal(dec(&p), 1);
	assert_int_equal(ngot, 0);
	assert_int_equal(nopts, 1);
	assert_int_equal(opts[0].nfields, 3);
	assert_int_equal(opts[0].sampling, 64);
	assert_int_equal(opts[0].ifindex, 3);
	assert_string_equal(opt_ifname, "wan0");
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
		cmocka_unit_test_setup_teardown(test_dual_stack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dual_stack_ip_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nsel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nsel_legacy_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v9_varlen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_padding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeated_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipfix_sysuptime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sampler_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rfc5477_sampling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_sampling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_sampling_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v9_scope_interface, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rfc5103_biflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
