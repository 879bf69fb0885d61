// SPDX-License-Identifier: GPL-2.0
/*
 * ECS documents (ecs_json.h). The ECS names where ECS has one (source.*,
 * destination.*, network.*, observer.*, event.*); Filebeat's netflow
 * module's netflow.* names for what ECS lacks, so Kibana's netflow
 * dashboards find them. Absent fields are left out, never written empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "addr.h"
#include "attrs.h"
#include "ecs_json.h"
#include "jsonw.h"
#include "when.h"

/* network.transport: ECS wants the IANA keyword, lowercase. */
static const struct { int num; const char *name; } transports[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 6, "tcp" }, { 17, "udp" }, { 47, "gre" },
	{ 50, "esp" }, { 51, "ah" }, { 58, "ipv6-icmp" }, { 132, "sctp" },
};

static void put_time(struct fm_jw *w, const char *key, uint64_t ms)
{
	char buf[40];

	if (ms)
		fm_jw_str(w, key, fm_time_rfc3339(ms, buf, sizeof(buf)));
}

static void put_str(struct fm_jw *w, const char *key, const struct fm_srec *s, int attr)
{
	const char *t = fm_srec_str(s, attr);

	if (t && *t)
		fm_jw_str(w, key, t);
}

static void endpoint(struct fm_jw *w, const struct fm_srec *s, bool src)
{
	const struct fm_rec *r = &s->rec;
	const char *country = fm_srec_str(s, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY);
	const char *city = fm_srec_str(s, src ? ATTR_SOURCE_CITY : ATTR_DESTINATION_CITY);
	const char *org = fm_srec_str(s, src ? ATTR_SOURCE_ASN_ORG : ATTR_DESTINATION_ASN_ORG);
	uint64_t as = fm_rec_asn(r, src, fm_srec_str(s, src ? ATTR_SOURCE_ASN_NUM :
							   ATTR_DESTINATION_ASN_NUM));

	if (country && !strcmp(country, "Unknown"))
		country = NULL;
	fm_jw_open(w, src ? "source" : "destination");
	fm_jw_addr(w, "ip", src ? &r->src : &r->dst);
	if (r->has & FM_HAS_PORTS)
		fm_jw_uint(w, "port", src ? r->sport : r->dport);
	/* A biflow's reverse counts are the destination's. */
	if (r->kind == FM_REC_FLOW && (src || (r->has & FM_HAS_REVERSE))) {
		fm_jw_uint(w, "bytes", src ? r->bytes : r->rev_bytes);
		fm_jw_uint(w, "packets", src ? r->packets : r->rev_packets);
	}
	if ((country && *country) || (city && *city)) {
		fm_jw_open(w, "geo");
		if (country && *country)
			fm_jw_str(w, "country_iso_code", country);
		if (city && *city)
			fm_jw_str(w, "city_name", city);
		fm_jw_close(w);
	}
	if (as || (org && *org)) {
		fm_jw_open(w, "as");
		if (as)
			fm_jw_uint(w, "number", as);
		if (org && *org) {
			fm_jw_open(w, "organization");
			fm_jw_str(w, "name", org);
			fm_jw_close(w);
		}
		fm_jw_close(w);
	}
	put_str(w, "domain", s, src ? ATTR_SOURCE_NAME : ATTR_DESTINATION_NAME);
	if (r->has & FM_HAS_POST_NAT) {
		fm_jw_open(w, "nat");
		fm_jw_addr(w, "ip", src ? &r->post_src : &r->post_dst);
		fm_jw_uint(w, "port", src ? r->post_sport : r->post_dport);
		fm_jw_close(w);
	}
	fm_jw_close(w);
}

char *fm_ecs_encode(const struct fm_srec *s, size_t *len)
{
	const struct fm_rec *r = &s->rec;
	const char *pn = NULL, *in, *out;
	struct fm_jw w;
	char num[8];
	unsigned int i;

	fm_jw_init(&w);
	fm_jw_open(&w, NULL);
	put_time(&w, "@timestamp", fm_srec_time(s));
	fm_jw_open(&w, "event");
	fm_jw_str(&w, "kind", "event");
	fm_jw_str1(&w, "category", "network");
	fm_jw_str1(&w, "type", "connection");
	fm_jw_str(&w, "action", r->kind == FM_REC_NAT ? "nat_event" : "netflow_flow");
	fm_jw_str(&w, "dataset", "flowmeter.flow");
	put_time(&w, "created", s->received_ms);
	if (r->has & FM_HAS_TIMES) {
		put_time(&w, "start", r->start_ms);
		put_time(&w, "end", r->end_ms);
		if (r->start_ms && r->end_ms >= r->start_ms)
			fm_jw_uint(&w, "duration", (r->end_ms - r->start_ms) * 1000000);
	}
	fm_jw_close(&w);
	endpoint(&w, s, true);
	endpoint(&w, s, false);
	fm_jw_open(&w, "network");
	if (r->src.family)
		fm_jw_str(&w, "type", r->src.family == AF_INET6 ? "ipv6" : "ipv4");
	if (r->has & FM_HAS_PROTO) {
		for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
			if (transports[i].num == r->proto)
				pn = transports[i].name;
		if (!pn)
			pn = fm_srec_str(s, ATTR_PROTO_NAME);
		if (pn)
			fm_jw_str(&w, "transport", pn);
		snprintf(num, sizeof(num), "%u", r->proto);
		fm_jw_str(&w, "iana_number", num);
	}
	if (r->kind == FM_REC_FLOW) {
		fm_jw_uint(&w, "bytes", r->bytes + r->rev_bytes);
		fm_jw_uint(&w, "packets", r->packets + r->rev_packets);
	}
	fm_jw_close(&w);
	fm_jw_open(&w, "observer");
	fm_jw_addr(&w, "ip", &r->sender);
	in = fm_srec_str(s, ATTR_INPUT_INTERFACE_NAME);
	out = fm_srec_str(s, ATTR_OUTPUT_INTERFACE_NAME);
	if (in && *in) {
		fm_jw_open(&w, "ingress");
		fm_jw_open(&w, "interface");
		fm_jw_str(&w, "name", in);
		fm_jw_close(&w);
		fm_jw_close(&w);
	}
	if (out && *out) {
		fm_jw_open(&w, "egress");
		fm_jw_open(&w, "interface");
		fm_jw_str(&w, "name", out);
		fm_jw_close(&w);
		fm_jw_close(&w);
	}
	fm_jw_close(&w);
	/* What ECS has no name for: Filebeat's netflow.* names. */
	fm_jw_open(&w, "netflow");
	if (r->has & FM_HAS_IF) {
		fm_jw_uint(&w, "ingress_interface", r->in_if);
		fm_jw_uint(&w, "egress_interface", r->out_if);
	}
	if (r->has & FM_HAS_PROTO)
		fm_jw_uint(&w, "tcp_control_bits", r->tcp_flags);
	fm_jw_uint(&w, "ip_class_of_service", r->tos);
	fm_jw_open(&w, "exporter");
	if (r->version)
		fm_jw_uint(&w, "version", r->version);
	fm_jw_uint(&w, "source_id", r->domain);
	fm_jw_close(&w);
	if (r->sampling > 1)
		fm_jw_uint(&w, "sampling_interval", r->sampling);
	if (r->has & FM_HAS_NEXTHOP)
		fm_jw_addr(&w, r->nexthop.family == AF_INET6 ? "ip_next_hop_ipv6_address" :
			 "ip_next_hop_ipv4_address", &r->nexthop);
	if (r->has & FM_HAS_NAT_EVENT)
		fm_jw_uint(&w, "nat_event", r->nat_event);
	if (r->has & FM_HAS_FW_EVENT)
		fm_jw_uint(&w, "firewall_event", r->fw_event);
	fm_jw_close(&w);
	fm_jw_open(&w, "flow");
	if (r->kind == FM_REC_FLOW)
		fm_jw_uint(&w, "flows", r->flows ? r->flows : 1);
	put_str(&w, "source_host", s, ATTR_SOURCE_HOST);
	put_str(&w, "destination_host", s, ATTR_DESTINATION_HOST);
	fm_jw_close(&w);
	fm_jw_close(&w);
	return fm_jw_done(&w, len);
}

void fm_ecs_index(const struct fm_srec *s, const char *prefix, char *buf, size_t len)
{
	time_t t = fm_srec_time(s) / 1000;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%s-%04d.%02d.%02d", prefix, tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday);
}
