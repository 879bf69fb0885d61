// SPDX-License-Identifier: GPL-2.0
/*
 * Records as one line of text or JSON: what flowmeter-dump shows, so a
 * user can see what an exporter sent, options records (what it says about
 * itself) included.
 */
#include <inttypes.h>
#include <string.h>
#include "print.h"

static void addr_port(FILE *f, const struct fm_addr *a, uint16_t port, bool json,
		      const char *name, const char *pname)
{
	char buf[64];

	fm_addr_str(a, buf, sizeof(buf));
	if (json)
		fprintf(f, ",\"%s\":\"%s\",\"%s\":%u", name, buf, pname, port);
	else
		fprintf(f, " %s=%s%s%s:%u", name, a->family == AF_INET6 ? "[" : "",
			buf, a->family == AF_INET6 ? "]" : "", port);
}

static void addr(FILE *f, const struct fm_addr *a, bool json, const char *name)
{
	char buf[64];

	fm_addr_str(a, buf, sizeof(buf));
	fprintf(f, json ? ",\"%s\":\"%s\"" : " %s=%s", name, buf);
}

void fm_rec_print(FILE *f, const struct fm_rec *r, bool json)
{
	char ex[64];
	bool nat = r->kind == FM_REC_NAT;

	fm_addr_str(&r->sender, ex, sizeof(ex));
	if (json)
		fprintf(f, "{\"kind\":\"%s\",\"version\":%u,\"exporter\":\"%s\",\"domain\":%u,\"template\":%u,\"proto\":%u",
			nat ? "nat" : "flow", r->version, ex, r->domain,
			r->template_id, r->proto);
	else
		fprintf(f, "%s v%u exporter=%s domain=%u proto=%u",
			nat ? "nat" : "flow", r->version, ex, r->domain, r->proto);
	addr_port(f, &r->src, r->sport, json, "src", "sport");
	addr_port(f, &r->dst, r->dport, json, "dst", "dport");
	if (r->has & FM_HAS_POST_NAT) {
		addr_port(f, &r->post_src, r->post_sport, json, "post_src", "post_sport");
		addr_port(f, &r->post_dst, r->post_dport, json, "post_dst", "post_dport");
	}
	if (r->has & FM_HAS_FW_EVENT)
		fprintf(f, json ? ",\"fw_event\":%u" : " fw_event=%u", r->fw_event);
	if (nat) {
		fprintf(f, json ? ",\"nat_event\":%u,\"time_ms\":%" PRIu64 "}\n" :
				  " nat_event=%u time_ms=%" PRIu64 "\n",
			r->nat_event, r->end_ms);
		return;
	}
	if (r->has & FM_HAS_NEXTHOP)
		addr(f, &r->nexthop, json, "nexthop");
	if (r->has & FM_HAS_REVERSE)
		fprintf(f, json ? ",\"rev_packets\":%" PRIu64 ",\"rev_bytes\":%" PRIu64 :
				  " rev_packets=%" PRIu64 " rev_bytes=%" PRIu64,
			r->rev_packets, r->rev_bytes);
	fprintf(f, json ? ",\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64
			  ",\"flows\":%" PRIu64 ",\"sampling\":%u,\"tos\":%u,\"tcp_flags\":%u"
			  ",\"in_if\":%u,\"out_if\":%u,\"src_as\":%u,\"dst_as\":%u"
			  ",\"start_ms\":%" PRIu64 ",\"end_ms\":%" PRIu64 ",\"end_reason\":%u}\n" :
			  " packets=%" PRIu64 " bytes=%" PRIu64 " flows=%" PRIu64
			  " sampling=%u tos=%u tcp_flags=0x%02x in_if=%u out_if=%u"
			  " src_as=%u dst_as=%u start_ms=%" PRIu64 " end_ms=%" PRIu64
			  " end_reason=%u\n",
		r->packets, r->bytes, r->flows, r->sampling, r->tos, r->tcp_flags,
		r->in_if, r->out_if, r->src_as, r->dst_as, r->start_ms, r->end_ms,
		r->end_reason);
}

/* Elements options records carry, by name (IANA; v9 shares them). */
static const struct {
	uint16_t id;
	bool text;
	const char *name;
} opt_names[] = {
	{ 10, false, "ingressInterface" },
	{ 14, false, "egressInterface" },
	{ 34, false, "samplingInterval" },
	{ 35, false, "samplingAlgorithm" },
	{ 36, false, "flowActiveTimeout" },
	{ 37, false, "flowIdleTimeout" },
	{ 40, false, "exportedOctetTotalCount" },
	{ 41, false, "exportedMessageTotalCount" },
	{ 42, false, "exportedFlowRecordTotalCount" },
	{ 48, false, "samplerId" },
	{ 49, false, "samplerMode" },
	{ 50, false, "samplerRandomInterval" },
	{ 82, true, "ifName" },
	{ 83, true, "ifDescription" },
	{ 84, true, "samplerName" },
	{ 95, false, "applicationId" },
	{ 96, true, "applicationName" },
	{ 130, false, "exporterIPv4Address" },
	{ 131, false, "exporterIPv6Address" },
	{ 144, false, "exportingProcessId" },
	{ 149, false, "observationDomainId" },
	{ 160, false, "systemInitTimeMilliseconds" },
	{ 164, false, "ignoredPacketTotalCount" },
	{ 166, false, "notSentFlowTotalCount" },
	{ 236, true, "VRFname" },
	{ 302, false, "selectorId" },
	{ 304, false, "selectorAlgorithm" },
	{ 305, false, "samplingPacketInterval" },
	{ 306, false, "samplingPacketSpace" },
	{ 309, false, "samplingSize" },
	{ 310, false, "samplingPopulation" },
	{ 335, true, "selectorName" },
};

/* v9 scope types (RFC 3954 6.1). */
static const char *const v9_scopes[] = { NULL, "System", "Interface", "LineCard", "Cache", "Template" };

/* Text an exporter sent, quoted: it may hold anything. */
static void quoted(FILE *f, const uint8_t *v, size_t n, bool json)
{
	size_t i;

	/* Exporters pad names with NULs or spaces. */
	while (n && (!v[n - 1] || v[n - 1] == ' '))
		n--;
	fputc('"', f);
	for (i = 0; i < n; i++) {
		if (v[i] == '"' || v[i] == '\\')
			fprintf(f, "\\%c", v[i]);
		else if (v[i] < 0x20 || v[i] >= 0x7f)
			fprintf(f, json ? "\\u%04x" : "\\x%02x", v[i]);
		else
			fputc(v[i], f);
	}
	fputc('"', f);
}

/* A field's value: a number up to 8 bytes, text for names, else hex. */
static void opt_value(FILE *f, const struct fm_opt_field *of, bool text, bool json)
{
	unsigned int i, n = of->len;

	if (text) {
		quoted(f, of->v, n, json);
	} else if (n >= 1 && n <= 8) {
		uint64_t v = 0;

		for (i = 0; i < n; i++)
			v = v << 8 | of->v[i];
		fprintf(f, "%" PRIu64, v);
	} else {
		fputs(json ? "\"0x" : "0x", f);
		for (i = 0; i < n; i++)
			fprintf(f, "%02x", of->v[i]);
		if (json)
			fputc('"', f);
	}
}

void fm_opt_print(FILE *f, const struct fm_opt_rec *o, bool json)
{
	char ex[64], name[48];
	unsigned int i, j;

	fm_addr_str(&o->sender, ex, sizeof(ex));
	fprintf(f, json ? "{\"kind\":\"option\",\"version\":%u,\"exporter\":\"%s\",\"domain\":%u,\"template\":%u" :
			  "option v%u exporter=%s domain=%u template=%u",
		o->version, ex, o->domain, o->template_id);
	if (o->sampling)
		fprintf(f, json ? ",\"sampling\":%u" : " sampling=%u", o->sampling);
	if (o->has_sampler)
		fprintf(f, json ? ",\"sampler_id\":%" PRIu64 : " sampler_id=%" PRIu64, o->sampler_id);
	if (o->ifname) {
		fprintf(f, json ? ",\"ifindex\":%u,\"ifname\":" : " ifindex=%u ifname=", o->ifindex);
		quoted(f, (const uint8_t *)o->ifname, strlen(o->ifname), json);
	}
	if (o->sys_init_ms)
		fprintf(f, json ? ",\"sys_init_ms\":%" PRIu64 : " sys_init_ms=%" PRIu64, o->sys_init_ms);
	fputs(json ? ",\"fields\":{" : " fields:", f);
	for (i = 0; i < o->nfields; i++) {
		const struct fm_opt_field *of = &o->f[i];
		bool text = false;

		if (o->version == 9 && of->scope)
			snprintf(name, sizeof(name), "scope%s",
				 of->id < sizeof(v9_scopes) / sizeof(v9_scopes[0]) && of->id ?
				 v9_scopes[of->id] : "Unknown");
		else if (of->pen)
			snprintf(name, sizeof(name), "%u.%u", of->pen, of->id);
		else
			snprintf(name, sizeof(name), "%u", of->id);
		for (j = 0; !of->pen && !(o->version == 9 && of->scope) &&
		     j < sizeof(opt_names) / sizeof(opt_names[0]); j++)
			if (opt_names[j].id == of->id) {
				snprintf(name, sizeof(name), "%s", opt_names[j].name);
				text = opt_names[j].text;
				break;
			}
		fprintf(f, json ? "%s\"%s%s\":" : " %s%s%s=", json && i ? "," : "",
			!json && of->scope ? "*" : "", name);
		opt_value(f, of, text, json);
	}
	fputs(json ? "}}\n" : "\n", f);
}

void fm_stats_print(FILE *f, const struct fm_decoder *d, bool json)
{
	const struct fm_sender *e;
	char ex[64];
	int i;

	for (e = d->senders; e; e = e->next) {
		fm_addr_str(&e->addr, ex, sizeof(ex));
		fprintf(f, json ? "{\"exporter\":\"%s\",\"packets\":%" PRIu64
				  ",\"records\":%" PRIu64 ",\"nat_records\":%" PRIu64
				  ",\"option_records\":%" PRIu64 ",\"template_misses\":%" PRIu64
				  ",\"seq_gaps\":%" PRIu64 ",\"templates\":%u,\"errors\":{" :
				  "exporter %s: packets %" PRIu64 " records %" PRIu64
				  " nat %" PRIu64 " options %" PRIu64 " template_misses %" PRIu64
				  " seq_gaps %" PRIu64 " templates %u errors:",
			ex, e->packets, e->records, e->nat_records, e->option_records,
			e->template_misses, e->seq_gaps, e->ntemplates);
		for (i = 0; i < FM_ERR__COUNT; i++)
			fprintf(f, json ? "%s\"%s\":%" PRIu64 : " %s%s=%" PRIu64,
				json && i ? "," : "", fm_err_name(i), e->errors[i]);
		fputs(json ? "},\"quirks\":{" : " quirks:", f);
		for (i = 0; i < FM_QUIRK__COUNT; i++)
			fprintf(f, json ? "%s\"%s\":%" PRIu64 : " %s%s=%" PRIu64,
				json && i ? "," : "", fm_quirk_name(i), e->quirk[i]);
		fputs(json ? "}}\n" : "\n", f);
	}
}
