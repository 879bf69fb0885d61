// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attrs.h"
#include "decoder.h"

static const char *const names[ATTR__COUNT] = {
	[ATTR_SOURCE_IP] = "source_ip",
	[ATTR_DESTINATION_IP] = "destination_ip",
	[ATTR_NEXT_HOP] = "next_hop",
	[ATTR_SAMPLER] = "sampler",
	[ATTR_POST_NAT_SOURCE_IP] = "post_nat_source_ip",
	[ATTR_POST_NAT_DESTINATION_IP] = "post_nat_destination_ip",
	[ATTR_PROTO] = "proto",
	[ATTR_SOURCE_PORT] = "source_port",
	[ATTR_DESTINATION_PORT] = "destination_port",
	[ATTR_INPUT_INTERFACE] = "input_interface",
	[ATTR_OUTPUT_INTERFACE] = "output_interface",
	[ATTR_SOURCE_AS] = "source_as",
	[ATTR_DESTINATION_AS] = "destination_as",
	[ATTR_TOS] = "tos",
	[ATTR_TCP_FLAGS] = "tcp_flags",
	[ATTR_BYTES] = "bytes",
	[ATTR_PACKETS] = "packets",
	[ATTR_FLOWS] = "flows",
	[ATTR_IP_VERSION] = "ip_version",
	[ATTR_NAT_EVENT] = "nat_event",
	[ATTR_FLOW_VERSION] = "flow_version",
	[ATTR_PROTO_NAME] = "proto_name",
	[ATTR_SOURCE_COUNTRY] = "source_country",
	[ATTR_DESTINATION_COUNTRY] = "destination_country",
	[ATTR_SOURCE_ASN_ORG] = "source_asn_org",
	[ATTR_DESTINATION_ASN_ORG] = "destination_asn_org",
	[ATTR_SOURCE_ASN_NUM] = "source_asn_num",
	[ATTR_DESTINATION_ASN_NUM] = "destination_asn_num",
	[ATTR_SOURCE_CITY] = "source_city",
	[ATTR_DESTINATION_CITY] = "destination_city",
	[ATTR_INPUT_INTERFACE_NAME] = "input_interface_name",
	[ATTR_OUTPUT_INTERFACE_NAME] = "output_interface_name",
	[ATTR_SOURCE_HOST] = "source_host",
	[ATTR_DESTINATION_HOST] = "destination_host",
	[ATTR_SOURCE_NAME] = "source_name",
	[ATTR_DESTINATION_NAME] = "destination_name",
};

int fm_attr_lookup(const char *name)
{
	int i;

	for (i = 0; i < ATTR__COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

const char *fm_attr_name(int attr)
{
	return attr >= 0 && attr < ATTR__COUNT ? names[attr] : "?";
}

bool fm_attr_is_addr(int attr)
{
	return attr <= ATTR_POST_NAT_DESTINATION_IP;
}

bool fm_attr_is_string(int attr)
{
	return attr >= ATTR_FIRST_STRING;
}

const struct fm_addr *fm_attr_addr(const struct fm_enriched_rec *f, int attr)
{
	const struct fm_rec *r = f->rec;
	const struct fm_addr *a;

	switch (attr) {
	case ATTR_SOURCE_IP: a = &r->src; break;
	case ATTR_DESTINATION_IP: a = &r->dst; break;
	case ATTR_NEXT_HOP: a = &r->nexthop; break;
	case ATTR_SAMPLER: a = &r->sender; break;
	case ATTR_POST_NAT_SOURCE_IP: a = &r->post_src; break;
	case ATTR_POST_NAT_DESTINATION_IP: a = &r->post_dst; break;
	default: return NULL;
	}
	return a->family ? a : NULL;
}

bool fm_attr_uint(const struct fm_enriched_rec *f, int attr, uint64_t *v)
{
	const struct fm_rec *r = f->rec;

	switch (attr) {
	case ATTR_PROTO: *v = r->proto; return r->has & FM_HAS_PROTO;
	case ATTR_SOURCE_PORT: *v = r->sport; return r->has & FM_HAS_PORTS;
	case ATTR_DESTINATION_PORT: *v = r->dport; return r->has & FM_HAS_PORTS;
	case ATTR_INPUT_INTERFACE: *v = r->in_if; return true;
	case ATTR_OUTPUT_INTERFACE: *v = r->out_if; return true;
	case ATTR_SOURCE_AS: *v = r->src_as; return true;
	case ATTR_DESTINATION_AS: *v = r->dst_as; return true;
	case ATTR_TOS: *v = r->tos; return true;
	case ATTR_TCP_FLAGS: *v = r->tcp_flags; return true;
	case ATTR_BYTES: *v = r->bytes; return true;
	case ATTR_PACKETS: *v = r->packets; return true;
	case ATTR_FLOWS: *v = r->flows; return true;
	case ATTR_NAT_EVENT: *v = r->nat_event; return r->has & FM_HAS_NAT_EVENT;
	case ATTR_FLOW_VERSION: *v = r->version; return true;
	case ATTR_IP_VERSION:
		*v = r->src.family == AF_INET6 ? 6 : 4;
		return r->src.family != 0;
	default: return false;
	}
}

const char *fm_attr_text(const struct fm_enriched_rec *f, int attr, char *buf, size_t len)
{
	const struct fm_addr *a;
	uint64_t v;

	if (fm_attr_is_string(attr)) {
		const char *s = f->str[attr - ATTR_FIRST_STRING];

		return s ? s : "";
	}
	if (fm_attr_is_addr(attr)) {
		a = fm_attr_addr(f, attr);
		return a ? fm_addr_str(a, buf, len) : "";
	}
	if (fm_attr_uint(f, attr, &v)) {
		snprintf(buf, len, "%" PRIu64, v);
		return buf;
	}
	return "";
}

void fm_attr_set(struct fm_enriched_rec *f, int attr, const char *s)
{
	size_t n = strlen(s) + 1;

	if (!fm_attr_is_string(attr))
		return;
	if (f->used + n > sizeof(f->scratch)) {
		f->str[attr - ATTR_FIRST_STRING] = "";
		return;
	}
	memcpy(f->scratch + f->used, s, n);
	f->str[attr - ATTR_FIRST_STRING] = f->scratch + f->used;
	f->used += n;
}

uint64_t fm_rec_asn(const struct fm_rec *r, bool src, const char *enriched)
{
	uint32_t exported = src ? r->src_as : r->dst_as;

	if ((r->has & FM_HAS_AS) && exported)
		return exported;
	if (!enriched)
		return 0;
	return strtoull(enriched + (*enriched == 'A' || *enriched == 'a' ? 2 : 0), NULL, 10);
}
