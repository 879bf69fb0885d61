// SPDX-License-Identifier: GPL-2.0
/*
 * The stored record and its columns. Attribute columns read through the
 * attribute functions (attrs.c), so a raw row's text is exactly the text a
 * rollup value or a label has for the same record.
 */
#include <string.h>
#include "addr.h"
#include "srec.h"

void fm_srec_init(struct fm_srec *s, const struct fm_rec *r, uint64_t received_ms)
{
	s->rec = *r;
	s->received_ms = received_ms;
	memset(s->str, 0, sizeof(s->str));
	s->used = 0;
}

int fm_srec_set_str(struct fm_srec *s, int attr, const char *v)
{
	size_t n = strlen(v) + 1;

	if (!fm_attr_is_string(attr) || attr >= ATTR__COUNT)
		return -1;
	if (s->used + n > sizeof(s->arena))
		return -1;
	memcpy(s->arena + s->used, v, n);
	s->str[attr - ATTR_FIRST_STRING] = s->used + 1;
	s->used += n;
	return 0;
}

int fm_srec_from(struct fm_srec *s, const struct fm_enriched_rec *f, uint64_t received_ms)
{
	int i, lost = 0;

	fm_srec_init(s, f->rec, received_ms);
	for (i = 0; i < FM_SREC_NSTR; i++)
		if (f->str[i] && fm_srec_set_str(s, ATTR_FIRST_STRING + i, f->str[i]) < 0)
			lost++;
	return lost;
}

const char *fm_srec_str(const struct fm_srec *s, int attr)
{
	if (!fm_attr_is_string(attr) || attr >= ATTR__COUNT || !s->str[attr - ATTR_FIRST_STRING])
		return NULL;
	return s->arena + s->str[attr - ATTR_FIRST_STRING] - 1;
}

void fm_srec_view(const struct fm_srec *s, struct fm_enriched_rec *f)
{
	int i;

	f->rec = &s->rec;
	for (i = 0; i < FM_SREC_NSTR; i++)
		f->str[i] = fm_srec_str(s, ATTR_FIRST_STRING + i);
	f->used = 0;
}

uint64_t fm_srec_time(const struct fm_srec *s)
{
	if ((s->rec.has & FM_HAS_TIMES) && s->rec.end_ms)
		return s->rec.end_ms;
	return s->received_ms;
}

/* Columns that are no attribute. */
enum {
	X_RECEIVED = ATTR__COUNT, X_START, X_END, X_KIND, X_POST_SPORT, X_POST_DPORT,
	X_DOMAIN, X_SAMPLING, X_DIRECTION, X_END_REASON, X_TEMPLATE, X_IN_NAME,
	X_OUT_NAME, X_HAS, X_TS, X_FW_EVENT, X_REV_BYTES, X_REV_PACKETS,
};

const struct fm_col fm_srec_cols[] = {
	{ "ts", FM_COL_TIME, X_TS },
	{ "received", FM_COL_TIME, X_RECEIVED },
	{ "flow_start", FM_COL_TIME, X_START },
	{ "flow_end", FM_COL_TIME, X_END },
	{ "kind", FM_COL_INT, X_KIND },
	{ "source_ip", FM_COL_TEXT, ATTR_SOURCE_IP },
	{ "destination_ip", FM_COL_TEXT, ATTR_DESTINATION_IP },
	{ "next_hop", FM_COL_TEXT, ATTR_NEXT_HOP },
	{ "sampler", FM_COL_TEXT, ATTR_SAMPLER },
	{ "post_nat_source_ip", FM_COL_TEXT, ATTR_POST_NAT_SOURCE_IP },
	{ "post_nat_destination_ip", FM_COL_TEXT, ATTR_POST_NAT_DESTINATION_IP },
	{ "proto", FM_COL_INT, ATTR_PROTO },
	{ "source_port", FM_COL_INT, ATTR_SOURCE_PORT },
	{ "destination_port", FM_COL_INT, ATTR_DESTINATION_PORT },
	{ "input_interface", FM_COL_INT, ATTR_INPUT_INTERFACE },
	{ "output_interface", FM_COL_INT, ATTR_OUTPUT_INTERFACE },
	{ "source_as", FM_COL_INT, ATTR_SOURCE_AS },
	{ "destination_as", FM_COL_INT, ATTR_DESTINATION_AS },
	{ "tos", FM_COL_INT, ATTR_TOS },
	{ "tcp_flags", FM_COL_INT, ATTR_TCP_FLAGS },
	{ "bytes", FM_COL_INT, ATTR_BYTES },
	{ "packets", FM_COL_INT, ATTR_PACKETS },
	{ "flows", FM_COL_INT, ATTR_FLOWS },
	{ "ip_version", FM_COL_INT, ATTR_IP_VERSION },
	{ "nat_event", FM_COL_INT, ATTR_NAT_EVENT },
	{ "flow_version", FM_COL_INT, ATTR_FLOW_VERSION },
	{ "proto_name", FM_COL_TEXT, ATTR_PROTO_NAME },
	{ "source_country", FM_COL_TEXT, ATTR_SOURCE_COUNTRY },
	{ "destination_country", FM_COL_TEXT, ATTR_DESTINATION_COUNTRY },
	{ "source_asn_org", FM_COL_TEXT, ATTR_SOURCE_ASN_ORG },
	{ "destination_asn_org", FM_COL_TEXT, ATTR_DESTINATION_ASN_ORG },
	{ "source_asn_num", FM_COL_TEXT, ATTR_SOURCE_ASN_NUM },
	{ "destination_asn_num", FM_COL_TEXT, ATTR_DESTINATION_ASN_NUM },
	{ "source_city", FM_COL_TEXT, ATTR_SOURCE_CITY },
	{ "destination_city", FM_COL_TEXT, ATTR_DESTINATION_CITY },
	{ "input_interface_name", FM_COL_TEXT, ATTR_INPUT_INTERFACE_NAME },
	{ "output_interface_name", FM_COL_TEXT, ATTR_OUTPUT_INTERFACE_NAME },
	{ "source_host", FM_COL_TEXT, ATTR_SOURCE_HOST },
	{ "destination_host", FM_COL_TEXT, ATTR_DESTINATION_HOST },
	{ "source_name", FM_COL_TEXT, ATTR_SOURCE_NAME },
	{ "destination_name", FM_COL_TEXT, ATTR_DESTINATION_NAME },
	{ "post_nat_source_port", FM_COL_INT, X_POST_SPORT },
	{ "post_nat_destination_port", FM_COL_INT, X_POST_DPORT },
	{ "domain", FM_COL_INT, X_DOMAIN },
	{ "sampling", FM_COL_INT, X_SAMPLING },
	{ "direction", FM_COL_INT, X_DIRECTION },
	{ "end_reason", FM_COL_INT, X_END_REASON },
	{ "template_id", FM_COL_INT, X_TEMPLATE },
	{ "fw_event", FM_COL_INT, X_FW_EVENT },
	{ "rev_bytes", FM_COL_INT, X_REV_BYTES },
	{ "rev_packets", FM_COL_INT, X_REV_PACKETS },
	{ "input_ifname", FM_COL_TEXT, X_IN_NAME },
	{ "output_ifname", FM_COL_TEXT, X_OUT_NAME },
	{ "has", FM_COL_INT, X_HAS },
};
const int fm_srec_ncols = sizeof(fm_srec_cols) / sizeof(fm_srec_cols[0]);

int fm_col_lookup(const char *name)
{
	int i;

	for (i = 0; i < fm_srec_ncols; i++)
		if (!strcmp(fm_srec_cols[i].name, name))
			return i;
	return -1;
}

int fm_col_of_attr(int attr)
{
	int i;

	for (i = 0; i < fm_srec_ncols; i++)
		if (fm_srec_cols[i].attr == attr)
			return i;
	return -1;
}

/* Columns are attributes or X_*: the key of both switches below. */
static int key(int col)
{
	return col >= 0 && col < fm_srec_ncols ? fm_srec_cols[col].attr : -1;
}

bool fm_srec_get_int(const struct fm_srec *s, int col, int64_t *v)
{
	const struct fm_rec *r = &s->rec;
	struct fm_enriched_rec f;
	uint64_t u;
	int k = key(col);

	switch (k) {
	case X_TS: *v = fm_srec_time(s); return true;
	case X_RECEIVED: *v = s->received_ms; return true;
	case X_START: *v = r->start_ms; return (r->has & FM_HAS_TIMES) && r->start_ms;
	case X_END: *v = r->end_ms; return (r->has & FM_HAS_TIMES) && r->end_ms;
	case X_KIND: *v = r->kind; return true;
	case X_POST_SPORT: *v = r->post_sport; return r->has & FM_HAS_POST_NAT;
	case X_POST_DPORT: *v = r->post_dport; return r->has & FM_HAS_POST_NAT;
	case X_DOMAIN: *v = r->domain; return true;
	case X_SAMPLING: *v = r->sampling; return true;
	case X_DIRECTION: *v = r->direction; return true;
	case X_END_REASON: *v = r->end_reason; return true;
	case X_TEMPLATE: *v = r->template_id; return true;
	case X_HAS: *v = r->has; return true;
	case X_FW_EVENT: *v = r->fw_event; return r->has & FM_HAS_FW_EVENT;
	case X_REV_BYTES: *v = r->rev_bytes; return r->has & FM_HAS_REVERSE;
	case X_REV_PACKETS: *v = r->rev_packets; return r->has & FM_HAS_REVERSE;
	}
	if (k < 0 || k >= ATTR__COUNT || fm_attr_is_addr(k) || fm_attr_is_string(k))
		return false;
	f.rec = r;
	if (!fm_attr_uint(&f, k, &u))
		return false;
	*v = (int64_t)u;
	return true;
}

const char *fm_srec_get_text(const struct fm_srec *s, int col, char *buf, size_t len)
{
	struct fm_enriched_rec f;
	const struct fm_addr *a;
	int k = key(col);

	if (k == X_IN_NAME)
		return s->rec.in_name[0] ? s->rec.in_name : NULL;
	if (k == X_OUT_NAME)
		return s->rec.out_name[0] ? s->rec.out_name : NULL;
	if (k < 0 || k >= ATTR__COUNT)
		return NULL;
	if (fm_attr_is_string(k))
		return fm_srec_str(s, k);
	if (!fm_attr_is_addr(k))
		return NULL;
	f.rec = &s->rec;
	a = fm_attr_addr(&f, k);
	return a ? fm_addr_str(a, buf, len) : NULL;
}

static struct fm_addr *addr_of(struct fm_rec *r, int attr, uint32_t *has)
{
	switch (attr) {
	case ATTR_SOURCE_IP: *has = FM_HAS_SRC; return &r->src;
	case ATTR_DESTINATION_IP: *has = FM_HAS_DST; return &r->dst;
	case ATTR_NEXT_HOP: *has = FM_HAS_NEXTHOP; return &r->nexthop;
	case ATTR_SAMPLER: *has = 0; return &r->sender;
	case ATTR_POST_NAT_SOURCE_IP: *has = FM_HAS_POST_NAT; return &r->post_src;
	case ATTR_POST_NAT_DESTINATION_IP: *has = FM_HAS_POST_NAT; return &r->post_dst;
	}
	return NULL;
}

int fm_srec_set_int(struct fm_srec *s, int col, int64_t v)
{
	struct fm_rec *r = &s->rec;
	int k = key(col);

	switch (k) {
	case X_TS: case ATTR_IP_VERSION: return 0;	/* derived */
	case X_RECEIVED: s->received_ms = v; return 0;
	case X_START: r->start_ms = v; r->has |= FM_HAS_TIMES; return 0;
	case X_END: r->end_ms = v; r->has |= FM_HAS_TIMES; return 0;
	case X_KIND: r->kind = v; return 0;
	case X_POST_SPORT: r->post_sport = v; r->has |= FM_HAS_POST_NAT; return 0;
	case X_POST_DPORT: r->post_dport = v; r->has |= FM_HAS_POST_NAT; return 0;
	case X_DOMAIN: r->domain = v; return 0;
	case X_SAMPLING: r->sampling = v; return 0;
	case X_DIRECTION: r->direction = v; return 0;
	case X_END_REASON: r->end_reason = v; return 0;
	case X_TEMPLATE: r->template_id = v; return 0;
	case X_HAS: r->has = v; return 0;
	case X_FW_EVENT: r->fw_event = v; r->has |= FM_HAS_FW_EVENT; return 0;
	case X_REV_BYTES: r->rev_bytes = v; r->has |= FM_HAS_REVERSE; return 0;
	case X_REV_PACKETS: r->rev_packets = v; r->has |= FM_HAS_REVERSE; return 0;
	case ATTR_PROTO: r->proto = v; r->has |= FM_HAS_PROTO; return 0;
	case ATTR_SOURCE_PORT: r->sport = v; r->has |= FM_HAS_PORTS; return 0;
	case ATTR_DESTINATION_PORT: r->dport = v; r->has |= FM_HAS_PORTS; return 0;
	case ATTR_INPUT_INTERFACE: r->in_if = v; return 0;
	case ATTR_OUTPUT_INTERFACE: r->out_if = v; return 0;
	case ATTR_SOURCE_AS: r->src_as = v; return 0;
	case ATTR_DESTINATION_AS: r->dst_as = v; return 0;
	case ATTR_TOS: r->tos = v; return 0;
	case ATTR_TCP_FLAGS: r->tcp_flags = v; return 0;
	case ATTR_BYTES: r->bytes = v; return 0;
	case ATTR_PACKETS: r->packets = v; return 0;
	case ATTR_FLOWS: r->flows = v; return 0;
	case ATTR_NAT_EVENT: r->nat_event = v; r->has |= FM_HAS_NAT_EVENT; return 0;
	case ATTR_FLOW_VERSION: r->version = v; return 0;
	}
	return -1;
}

int fm_srec_set_text(struct fm_srec *s, int col, const char *v)
{
	struct fm_addr *a;
	uint32_t has;
	int k = key(col);

	if (k == X_IN_NAME || k == X_OUT_NAME) {
		char *d = k == X_IN_NAME ? s->rec.in_name : s->rec.out_name;

		if (strlen(v) >= sizeof(s->rec.in_name))
			return -1;
		strcpy(d, v);
		return 0;
	}
	if (k < 0 || k >= ATTR__COUNT)
		return -1;
	if (fm_attr_is_string(k))
		return fm_srec_set_str(s, k, v);
	a = addr_of(&s->rec, k, &has);
	if (!a || fm_addr_parse(v, a) < 0)
		return -1;
	s->rec.has |= has;
	return 0;
}
