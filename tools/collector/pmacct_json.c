// SPDX-License-Identifier: GPL-2.0
/*
 * pmacct's JSON (pmacct_json.h). pmacct writes times in local time unless
 * timestamps_utc, as "YYYY-MM-DD HH:MM:SS[.uuuuuu]", or epoch seconds with
 * timestamps_since_epoch; ip_proto as a name unless proto numeric;
 * tcp_flags as a string. We write UTC names-and-strings, as pmacct with
 * timestamps_utc does, and read every one of those forms (local time is
 * read as UTC: the sender should set timestamps_utc, said in streams.md).
 * Written with jsonw (the hot path), read with jansson.
 */
#include <ctype.h>
#include <jansson.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "addr.h"
#include "attrs.h"
#include "jsonw.h"
#include "pmacct_json.h"

/* pmacct's names (its _protocols table is /etc/protocols' names). */
static const struct { int num; const char *name; } protos[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipencap" }, { 6, "tcp" }, { 17, "udp" },
	{ 41, "ipv6" }, { 47, "gre" }, { 50, "esp" }, { 51, "ah" }, { 58, "ipv6-icmp" },
	{ 89, "ospf" }, { 103, "pim" }, { 112, "vrrp" }, { 132, "sctp" },
};

#define NPROTOS (sizeof(protos) / sizeof(protos[0]))

/* "YYYY-MM-DD HH:MM:SS[.uuuuuu]", UTC, without strftime's locale work. */
static const char *stamp(uint64_t ms, bool frac, char *buf, size_t len)
{
	time_t t = ms / 1000;
	struct tm tm;

	gmtime_r(&t, &tm);
	if (frac)
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d.%06u", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 (unsigned int)(ms % 1000) * 1000);
	else
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

char *fm_pmacct_encode(const struct fm_srec *s, const char *label, const char *writer_id,
		       size_t *len)
{
	const struct fm_rec *r = &s->rec;
	struct fm_jw w;
	char buf[64];
	unsigned int i;
	int a;

	fm_jw_init(&w);
	fm_jw_open(&w, NULL);
	fm_jw_str(&w, "event_type", "purge");
	if (label && *label)
		fm_jw_str(&w, "label", label);
	fm_jw_uint(&w, "as_src", fm_rec_asn(r, true, fm_srec_str(s, ATTR_SOURCE_ASN_NUM)));
	fm_jw_uint(&w, "as_dst", fm_rec_asn(r, false, fm_srec_str(s, ATTR_DESTINATION_ASN_NUM)));
	fm_jw_addr(&w, "peer_ip_src", &r->sender);
	if (r->has & FM_HAS_IF) {
		fm_jw_uint(&w, "iface_in", r->in_if);
		fm_jw_uint(&w, "iface_out", r->out_if);
	}
	fm_jw_addr(&w, "ip_src", &r->src);
	fm_jw_addr(&w, "ip_dst", &r->dst);
	if (r->has & FM_HAS_PORTS) {
		fm_jw_uint(&w, "port_src", r->sport);
		fm_jw_uint(&w, "port_dst", r->dport);
	}
	if (r->has & FM_HAS_PROTO) {
		for (i = 0; i < NPROTOS && protos[i].num != r->proto; i++)
			;
		snprintf(buf, sizeof(buf), "%u", r->proto);
		fm_jw_str(&w, "ip_proto", i < NPROTOS ? protos[i].name : buf);
		snprintf(buf, sizeof(buf), "%u", r->tcp_flags);
		fm_jw_str(&w, "tcp_flags", buf);
	}
	fm_jw_uint(&w, "tos", r->tos);
	fm_jw_addr(&w, "peer_ip_dst", &r->nexthop);
	if (r->has & FM_HAS_POST_NAT) {
		fm_jw_addr(&w, "post_nat_ip_src", &r->post_src);
		fm_jw_addr(&w, "post_nat_ip_dst", &r->post_dst);
		fm_jw_uint(&w, "post_nat_port_src", r->post_sport);
		fm_jw_uint(&w, "post_nat_port_dst", r->post_dport);
	}
	if (r->has & FM_HAS_NAT_EVENT)
		fm_jw_uint(&w, "nat_event", r->nat_event);
	fm_jw_uint(&w, "sampling_rate", r->sampling ? r->sampling : 1);
	fm_jw_str(&w, "stamp_inserted", stamp(fm_srec_time(s) / 60000 * 60000, false, buf, sizeof(buf)));
	fm_jw_str(&w, "stamp_updated", stamp(s->received_ms, false, buf, sizeof(buf)));
	if (r->start_ms)
		fm_jw_str(&w, "timestamp_start", stamp(r->start_ms, true, buf, sizeof(buf)));
	if (r->end_ms)
		fm_jw_str(&w, "timestamp_end", stamp(r->end_ms, true, buf, sizeof(buf)));
	if (r->kind == FM_REC_FLOW) {
		fm_jw_uint(&w, "packets", r->packets);
		fm_jw_uint(&w, "flows", r->flows ? r->flows : 1);
		fm_jw_uint(&w, "bytes", r->bytes);
	}
	if (writer_id)
		fm_jw_str(&w, "writer_id", writer_id);
	/* Enrichment: flowmeterd's attribute names, which pmacct does not use. */
	for (a = ATTR_FIRST_STRING; a < ATTR__COUNT; a++) {
		const char *t = fm_srec_str(s, a);

		if (t)
			fm_jw_str(&w, fm_attr_name(a), t);
	}
	fm_jw_close(&w);
	return fm_jw_done(&w, len);
}

/* ---- reading ---- */

static int get_u64(const json_t *o, const char *key, uint64_t *v)
{
	const json_t *j = json_object_get(o, key);
	const char *s;
	char *end;

	if (!j || json_is_null(j))
		return 0;
	if (json_is_integer(j)) {
		if (json_integer_value(j) < 0)
			return -1;
		*v = json_integer_value(j);
		return 1;
	}
	if (!json_is_string(j))
		return -1;
	s = json_string_value(j);
	if (!isdigit((unsigned char)*s))
		return -1;
	*v = strtoull(s, &end, 0);
	return *end ? -1 : 1;
}

static int get_addr(const json_t *o, const char *key, struct fm_addr *a)
{
	const json_t *j = json_object_get(o, key);

	if (!j || json_is_null(j))
		return 0;
	if (!json_is_string(j) || fm_addr_parse(json_string_value(j), a) < 0)
		return -1;
	return 1;
}

/* "YYYY-MM-DD HH:MM:SS[.frac]" (UTC) or epoch seconds[.frac], text or number. */
static int get_time(const json_t *o, const char *key, uint64_t *ms)
{
	const json_t *j = json_object_get(o, key);
	const char *s;
	struct tm tm = { 0 };
	char *end;
	double d;

	if (!j || json_is_null(j))
		return 0;
	if (json_is_number(j)) {
		d = json_number_value(j);
		if (d < 0)
			return -1;
		*ms = (uint64_t)(d * 1000 + 0.5);
		return 1;
	}
	if (!json_is_string(j))
		return -1;
	s = json_string_value(j);
	end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (end) {
		*ms = (uint64_t)timegm(&tm) * 1000;
		if (*end == '.') {
			d = strtod(end, &end);
			*ms += (uint64_t)(d * 1000 + 0.5);
		}
		return *end ? -1 : 1;
	}
	d = strtod(s, &end);
	if (end == s || *end || d < 0)
		return -1;
	*ms = (uint64_t)(d * 1000 + 0.5);
	return 1;
}

static int get_proto(const json_t *o, uint8_t *p)
{
	const json_t *j = json_object_get(o, "ip_proto");
	struct protoent pe, *res = NULL;
	char buf[1024];
	uint64_t v;
	unsigned int i;
	int ret = get_u64(o, "ip_proto", &v);

	if (ret > 0 && v <= 255) {
		*p = v;
		return 1;
	}
	if (!j || !json_is_string(j))
		return ret ? -1 : 0;
	for (i = 0; i < NPROTOS; i++)
		if (!strcasecmp(json_string_value(j), protos[i].name)) {
			*p = protos[i].num;
			return 1;
		}
	if (!getprotobyname_r(json_string_value(j), &pe, buf, sizeof(buf), &res) && res) {
		*p = res->p_proto;
		return 1;
	}
	return -1;
}

int fm_pmacct_decode(const char *buf, size_t len, struct fm_rec *r, char *label,
		     size_t llen, char *err, size_t errlen)
{
	static const struct { const char *key; size_t off; size_t size; uint32_t has; } ints[] = {
#define F(k, m, h) { k, offsetof(struct fm_rec, m), sizeof(((struct fm_rec *)0)->m), h }
		F("as_src", src_as, FM_HAS_AS), F("as_dst", dst_as, FM_HAS_AS),
		F("iface_in", in_if, FM_HAS_IF), F("iface_out", out_if, FM_HAS_IF),
		F("port_src", sport, FM_HAS_PORTS), F("port_dst", dport, FM_HAS_PORTS),
		F("tcp_flags", tcp_flags, 0), F("tos", tos, 0),
		F("post_nat_port_src", post_sport, FM_HAS_POST_NAT),
		F("post_nat_port_dst", post_dport, FM_HAS_POST_NAT),
		F("nat_event", nat_event, FM_HAS_NAT_EVENT),
		F("sampling_rate", sampling, 0),
		F("packets", packets, FM_HAS_PACKETS), F("bytes", bytes, FM_HAS_BYTES),
		F("flows", flows, 0),
#undef F
	};
	static const struct { const char *key; size_t off; uint32_t has; } addrs[] = {
		{ "ip_src", offsetof(struct fm_rec, src), FM_HAS_SRC },
		{ "ip_dst", offsetof(struct fm_rec, dst), FM_HAS_DST },
		{ "peer_ip_src", offsetof(struct fm_rec, sender), 0 },
		{ "peer_ip_dst", offsetof(struct fm_rec, nexthop), FM_HAS_NEXTHOP },
		{ "post_nat_ip_src", offsetof(struct fm_rec, post_src), FM_HAS_POST_NAT },
		{ "post_nat_ip_dst", offsetof(struct fm_rec, post_dst), FM_HAS_POST_NAT },
	};
	json_error_t je;
	const json_t *l;
	json_t *o;
	unsigned int i;
	uint64_t v;
	int ret;

	memset(r, 0, sizeof(*r));
	*label = 0;
	o = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		snprintf(err, errlen, "not JSON: %s at column %d", je.text, je.column);
		return -1;
	}
	if (!json_is_object(o)) {
		snprintf(err, errlen, "not a JSON object");
		goto bad;
	}
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		ret = get_u64(o, ints[i].key, &v);
		if (ret < 0 || (ret && ints[i].size < 8 && v >> (8 * ints[i].size))) {
			snprintf(err, errlen, "%s: not a number that fits", ints[i].key);
			goto bad;
		}
		if (!ret)
			continue;
		if (ints[i].size == 8)
			memcpy((char *)r + ints[i].off, &v, 8);
		else if (ints[i].size == 4)
			*(uint32_t *)((char *)r + ints[i].off) = v;
		else if (ints[i].size == 2)
			*(uint16_t *)((char *)r + ints[i].off) = v;
		else
			*(uint8_t *)((char *)r + ints[i].off) = v;
		r->has |= ints[i].has;
	}
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		ret = get_addr(o, addrs[i].key, (struct fm_addr *)((char *)r + addrs[i].off));
		if (ret < 0) {
			snprintf(err, errlen, "%s: not an address", addrs[i].key);
			goto bad;
		}
		if (ret)
			r->has |= addrs[i].has;
	}
	ret = get_proto(o, &r->proto);
	if (ret < 0) {
		snprintf(err, errlen, "ip_proto: not a protocol");
		goto bad;
	}
	if (ret)
		r->has |= FM_HAS_PROTO;
	if (get_time(o, "timestamp_start", &r->start_ms) < 0 ||
	    get_time(o, "timestamp_end", &r->end_ms) < 0) {
		snprintf(err, errlen, "timestamp_start/timestamp_end: not a time");
		goto bad;
	}
	if (r->start_ms || r->end_ms)
		r->has |= FM_HAS_TIMES;
	l = json_object_get(o, "label");
	if (l && json_is_string(l))
		snprintf(label, llen, "%s", json_string_value(l));
	/* pmacct's counts are already renormalised when it was told to; keep them. */
	r->sampling = r->sampling ? r->sampling : 1;
	r->flows = r->flows ? r->flows : 1;
	r->kind = (r->has & FM_HAS_NAT_EVENT) && !(r->has & FM_HAS_BYTES) ? FM_REC_NAT : FM_REC_FLOW;
	json_decref(o);
	return 0;
bad:
	json_decref(o);
	return -1;
}
