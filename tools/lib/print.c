// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
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
	if (nat) {
		fprintf(f, json ? ",\"nat_event\":%u,\"time_ms\":%" PRIu64 "}\n" :
				  " nat_event=%u time_ms=%" PRIu64 "\n",
			r->nat_event, r->end_ms);
		return;
	}
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
		fputs(json ? "}}\n" : "\n", f);
	}
}
