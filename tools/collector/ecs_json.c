// SPDX-License-Identifier: GPL-2.0
/*
 * ECS documents (ecs_json.h). The ECS names where ECS has one (source.*,
 * destination.*, network.*, observer.*, event.*); Filebeat's netflow
 * module's netflow.* names for what ECS lacks, so Kibana's netflow
 * dashboards find them. Absent fields are left out, never written empty.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "addr.h"
#include "attrs.h"
#include "ecs_json.h"
#include "when.h"

/* network.transport: ECS wants the IANA keyword, lowercase. */
static const struct { int num; const char *name; } transports[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 6, "tcp" }, { 17, "udp" }, { 47, "gre" },
	{ 50, "esp" }, { 51, "ah" }, { 58, "ipv6-icmp" }, { 132, "sctp" },
};

/* obj.path.to.key = v, making the objects on the way. */
static void put(json_t *o, const char *path, json_t *v)
{
	char key[64];
	const char *dot;
	json_t *sub;

	if (!v)
		return;
	while ((dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		sub = json_object_get(o, key);
		if (!sub) {
			sub = json_object();
			json_object_set_new(o, key, sub);
		}
		o = sub;
		path = dot + 1;
	}
	json_object_set_new(o, path, v);
}

static json_t *jaddr(const struct fm_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	return a->family ? json_string(fm_addr_str(a, buf, sizeof(buf))) : NULL;
}

static json_t *jtime(uint64_t ms)
{
	char buf[40];

	return ms ? json_string(fm_time_rfc3339(ms, buf, sizeof(buf))) : NULL;
}

static json_t *jstr(const struct fm_srec *s, int attr)
{
	const char *t = fm_srec_str(s, attr);

	return t && *t ? json_string(t) : NULL;
}

/* An AS number: the exporter's, else the ASN enricher's. */
static json_t *jasn(const struct fm_srec *s, uint32_t exported, int attr)
{
	const char *t = fm_srec_str(s, attr);
	unsigned long long n;

	if ((s->rec.has & FM_HAS_AS) && exported)
		return json_integer(exported);
	if (!t)
		return NULL;
	n = strtoull(t + (*t == 'A' || *t == 'a' ? 2 : 0), NULL, 10);
	return n ? json_integer(n) : NULL;
}

static void endpoint(json_t *o, const struct fm_srec *s, bool src)
{
	const struct fm_rec *r = &s->rec;
	const char *p = src ? "source" : "destination";
	char path[64];
	const char *country = fm_srec_str(s, src ? ATTR_SOURCE_COUNTRY : ATTR_DESTINATION_COUNTRY);

#define AT(x) (snprintf(path, sizeof(path), "%s.%s", p, x), path)
	put(o, AT("ip"), jaddr(src ? &r->src : &r->dst));
	if (r->has & FM_HAS_PORTS)
		put(o, AT("port"), json_integer(src ? r->sport : r->dport));
	if (r->kind == FM_REC_FLOW) {
		/* A biflow's reverse counts are the destination's. */
		if (src || (r->has & FM_HAS_REVERSE)) {
			put(o, AT("bytes"), json_integer(src ? r->bytes : r->rev_bytes));
			put(o, AT("packets"), json_integer(src ? r->packets : r->rev_packets));
		}
	}
	if (country && strcmp(country, "Unknown"))
		put(o, AT("geo.country_iso_code"), json_string(country));
	put(o, AT("geo.city_name"), jstr(s, src ? ATTR_SOURCE_CITY : ATTR_DESTINATION_CITY));
	put(o, AT("as.number"), jasn(s, src ? r->src_as : r->dst_as,
				     src ? ATTR_SOURCE_ASN_NUM : ATTR_DESTINATION_ASN_NUM));
	put(o, AT("as.organization.name"),
	    jstr(s, src ? ATTR_SOURCE_ASN_ORG : ATTR_DESTINATION_ASN_ORG));
	put(o, AT("domain"), jstr(s, src ? ATTR_SOURCE_NAME : ATTR_DESTINATION_NAME));
	if (r->has & FM_HAS_POST_NAT) {
		put(o, AT("nat.ip"), jaddr(src ? &r->post_src : &r->post_dst));
		put(o, AT("nat.port"), json_integer(src ? r->post_sport : r->post_dport));
	}
#undef AT
}

char *fm_ecs_encode(const struct fm_srec *s, size_t *len)
{
	const struct fm_rec *r = &s->rec;
	json_t *o = json_object();
	const char *pn;
	char num[8], *out;
	unsigned int i;

	if (!o)
		return NULL;
	put(o, "@timestamp", jtime(fm_srec_time(s)));
	put(o, "event.kind", json_string("event"));
	put(o, "event.category", json_pack("[s]", "network"));
	put(o, "event.type", json_pack("[s]", "connection"));
	put(o, "event.action", json_string(r->kind == FM_REC_NAT ? "nat_event" : "netflow_flow"));
	put(o, "event.dataset", json_string("flowmeter.flow"));
	put(o, "event.created", jtime(s->received_ms));
	if (r->has & FM_HAS_TIMES) {
		put(o, "event.start", jtime(r->start_ms));
		put(o, "event.end", jtime(r->end_ms));
		if (r->end_ms >= r->start_ms && r->start_ms)
			put(o, "event.duration", json_integer((r->end_ms - r->start_ms) * 1000000));
	}
	endpoint(o, s, true);
	endpoint(o, s, false);
	if (r->src.family)
		put(o, "network.type", json_string(r->src.family == AF_INET6 ? "ipv6" : "ipv4"));
	if (r->has & FM_HAS_PROTO) {
		for (i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
			if (transports[i].num == r->proto)
				break;
		pn = i < sizeof(transports) / sizeof(transports[0]) ? transports[i].name :
		     fm_srec_str(s, ATTR_PROTO_NAME);
		if (pn)
			put(o, "network.transport", json_string(pn));
		snprintf(num, sizeof(num), "%u", r->proto);
		put(o, "network.iana_number", json_string(num));
	}
	if (r->kind == FM_REC_FLOW) {
		put(o, "network.bytes", json_integer(r->bytes + r->rev_bytes));
		put(o, "network.packets", json_integer(r->packets + r->rev_packets));
	}
	put(o, "observer.ip", jaddr(&r->sender));
	put(o, "observer.ingress.interface.name", jstr(s, ATTR_INPUT_INTERFACE_NAME));
	put(o, "observer.egress.interface.name", jstr(s, ATTR_OUTPUT_INTERFACE_NAME));
	/* What ECS has no name for: Filebeat's netflow.* names. */
	if (r->has & FM_HAS_IF) {
		put(o, "netflow.ingress_interface", json_integer(r->in_if));
		put(o, "netflow.egress_interface", json_integer(r->out_if));
	}
	if (r->has & FM_HAS_PROTO)
		put(o, "netflow.tcp_control_bits", json_integer(r->tcp_flags));
	put(o, "netflow.ip_class_of_service", json_integer(r->tos));
	if (r->version)
		put(o, "netflow.exporter.version", json_integer(r->version));
	put(o, "netflow.exporter.source_id", json_integer(r->domain));
	if (r->sampling > 1)
		put(o, "netflow.sampling_interval", json_integer(r->sampling));
	if (r->has & FM_HAS_NEXTHOP)
		put(o, r->nexthop.family == AF_INET6 ? "netflow.ip_next_hop_ipv6_address" :
		    "netflow.ip_next_hop_ipv4_address", jaddr(&r->nexthop));
	if (r->has & FM_HAS_NAT_EVENT)
		put(o, "netflow.nat_event", json_integer(r->nat_event));
	if (r->has & FM_HAS_FW_EVENT)
		put(o, "netflow.firewall_event", json_integer(r->fw_event));
	if (r->kind == FM_REC_FLOW)
		put(o, "flow.flows", json_integer(r->flows ? r->flows : 1));
	put(o, "flow.source_host", jstr(s, ATTR_SOURCE_HOST));
	put(o, "flow.destination_host", jstr(s, ATTR_DESTINATION_HOST));
	out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (out && len)
		*len = strlen(out);
	return out;
}

void fm_ecs_index(const struct fm_srec *s, const char *prefix, char *buf, size_t len)
{
	time_t t = fm_srec_time(s) / 1000;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%s-%04d.%02d.%02d", prefix, tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday);
}
