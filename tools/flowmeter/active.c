// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter flows (the module's active flows): one dump of this network
 * namespace's flow table, filtered in the kernel, sorted and cut here. A
 * dump a flush interrupted is asked again, so what is shown is one
 * consistent table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "uapi/linux/flowmeter.h"
#include "cli.h"
#include "commands.h"
#include "genl.h"
#include "out.h"

struct kflow {
	uint8_t family, proto, tos, tcp_flags;
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t iif, oif;
	uint64_t packets, bytes, first_ms, last_ms;
};

struct kflows {
	struct kflow *v;
	size_t n, cap;
	int oom;
};

enum sort_key { BY_BYTES, BY_PACKETS, BY_FIRST, BY_LAST };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeter flows [--top N] [--sort bytes|packets|first|last] [-4|-6]\n"
		"                       [--src ADDR[/LEN]] [--dst ADDR[/LEN]] [--port P]\n"
		"                       [--proto P] [--iface NAME] [--json]\n"
		"  the module's active flows in this network namespace (filters applied\n"
		"  in the kernel); with --since, --from, --to, --db, --store or --server\n"
		"  (or --stored), the stored records instead: flowmeter flows --stored --help\n"
		"  --top N          the first N after sorting (all)\n"
		"  --sort KEY       bytes (default), packets: most first; first, last: newest first\n");
}

static int flow_cb(const struct nlmsghdr *nlh, void *data)
{
	struct kflows *fl = data;
	const struct nlattr *top, *a;
	struct kflow *f;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) != FLOWMETER_A_FLOW)
			continue;
		if (fl->n == fl->cap) {
			size_t cap = fl->cap ? fl->cap * 2 : 1024;
			struct kflow *v = realloc(fl->v, cap * sizeof(*v));

			if (!v) {
				fl->oom = 1;
				errno = ENOMEM;
				return MNL_CB_ERROR;
			}
			fl->v = v;
			fl->cap = cap;
		}
		f = &fl->v[fl->n++];
		memset(f, 0, sizeof(*f));
		mnl_attr_for_each_nested(a, top) {
			unsigned int len = mnl_attr_get_payload_len(a);

			switch (mnl_attr_get_type(a)) {
			case FLOWMETER_FLOW_FAMILY: f->family = mnl_attr_get_u8(a); break;
			case FLOWMETER_FLOW_SRC:
				memcpy(f->src, mnl_attr_get_payload(a), len < 16 ? len : 16);
				break;
			case FLOWMETER_FLOW_DST:
				memcpy(f->dst, mnl_attr_get_payload(a), len < 16 ? len : 16);
				break;
			case FLOWMETER_FLOW_SPORT: f->sport = mnl_attr_get_u16(a); break;
			case FLOWMETER_FLOW_DPORT: f->dport = mnl_attr_get_u16(a); break;
			case FLOWMETER_FLOW_PROTO: f->proto = mnl_attr_get_u8(a); break;
			case FLOWMETER_FLOW_TOS: f->tos = mnl_attr_get_u8(a); break;
			case FLOWMETER_FLOW_TCP_FLAGS: f->tcp_flags = mnl_attr_get_u8(a); break;
			case FLOWMETER_FLOW_IIF: f->iif = mnl_attr_get_u32(a); break;
			case FLOWMETER_FLOW_OIF: f->oif = mnl_attr_get_u32(a); break;
			case FLOWMETER_FLOW_PACKETS: f->packets = mnl_attr_get_u64(a); break;
			case FLOWMETER_FLOW_BYTES: f->bytes = mnl_attr_get_u64(a); break;
			case FLOWMETER_FLOW_FIRST_MS: f->first_ms = mnl_attr_get_u64(a); break;
			case FLOWMETER_FLOW_LAST_MS: f->last_ms = mnl_attr_get_u64(a); break;
			}
		}
	}
	return MNL_CB_OK;
}

static enum sort_key sort_by;

static int cmp(const void *pa, const void *pb)
{
	const struct kflow *a = pa, *b = pb;
	uint64_t x, y;

	switch (sort_by) {
	case BY_PACKETS: x = a->packets; y = b->packets; break;
	case BY_FIRST: x = a->first_ms; y = b->first_ms; break;
	case BY_LAST: x = a->last_ms; y = b->last_ms; break;
	default: x = a->bytes; y = b->bytes; break;
	}
	if (x != y)
		return x < y ? 1 : -1;
	/* Ties in a stable order, so two runs on a quiet table agree. */
	return memcmp(a, b, sizeof(*a));
}

/* ADDR[/LEN] into a filter's address, length and family. */
static int prefix(const char *s, uint8_t *addr, uint8_t *len, uint8_t *family)
{
	char buf[INET6_ADDRSTRLEN + 4], *slash, *end;
	long l;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, buf, addr) == 1)
		*family = AF_INET6;
	else
		return -1;
	l = *family == AF_INET ? 32 : 128;
	if (slash) {
		long m = strtol(slash, &end, 10);

		if (*end || end == slash || m < 0 || m > l)
			return -1;
		l = m;
	}
	*len = (uint8_t)l;
	return 0;
}

static int proto_number(const char *s)
{
	struct protoent *p;
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n >= 0 && n <= 255 ? (int)n : -1;
	p = getprotobyname(s);
	return p ? p->p_proto : -1;
}

static const char *proto_text(int p, char *buf, size_t len)
{
	struct protoent *pe = getprotobynumber(p);

	if (pe)
		snprintf(buf, len, "%s", pe->p_name);
	else
		snprintf(buf, len, "%d", p);
	return buf;
}

static const char *endpoint(const struct kflow *f, const uint8_t *a, uint16_t port,
			    char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(f->family, a, ip, sizeof(ip));
	snprintf(buf, len, f->family == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, port);
	return buf;
}

/*
 * if_indextoname() is a socket, an ioctl and a close: asked twice per row
 * of a million-flow table, the few interfaces a router has are kept.
 */
static const char *ifname(uint32_t idx, char *buf)
{
	static struct { uint32_t idx; char name[IF_NAMESIZE]; } seen[16];
	static unsigned int nseen;
	unsigned int i;

	if (!idx)
		return "-";
	for (i = 0; i < nseen; i++)
		if (seen[i].idx == idx)
			return seen[i].name;
	if (!if_indextoname(idx, buf))
		snprintf(buf, IF_NAMESIZE, "%u", idx);
	if (nseen < sizeof(seen) / sizeof(seen[0])) {
		seen[nseen].idx = idx;
		memcpy(seen[nseen++].name, buf, IF_NAMESIZE);
	}
	return buf;
}

static json_t *flow_json(const struct kflow *f)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], p[32], i[IF_NAMESIZE], o[IF_NAMESIZE];

	inet_ntop(f->family, f->src, s, sizeof(s));
	inet_ntop(f->family, f->dst, d, sizeof(d));
	return json_pack("{s:s, s:i, s:s, s:i, s:s, s:i, s:i, s:i, s:i, s:s, s:i, s:s,"
			 " s:I, s:I, s:I, s:I}",
			 "proto", proto_text(f->proto, p, sizeof(p)), "proto_number", f->proto,
			 "src", s, "sport", f->sport, "dst", d, "dport", f->dport,
			 "tos", f->tos, "tcp_flags", f->tcp_flags,
			 "iif", f->iif, "iif_name", ifname(f->iif, i),
			 "oif", f->oif, "oif_name", ifname(f->oif, o),
			 "packets", (json_int_t)f->packets, "bytes", (json_int_t)f->bytes,
			 "first_ms", (json_int_t)f->first_ms, "last_ms", (json_int_t)f->last_ms);
}

static void text(const struct kflows *fl, size_t shown)
{
	static const char *const heads[] = {
		"PROTO", "SOURCE", "DESTINATION", "IN", "OUT", ">PACKETS", ">BYTES", ">AGE", ">IDLE",
	};
	char p[32], s[INET6_ADDRSTRLEN + 8], d[INET6_ADDRSTRLEN + 8], i[IF_NAMESIZE], o[IF_NAMESIZE];
	struct timespec now;
	struct fm_table tb;
	uint64_t now_ms;
	size_t k;

	clock_gettime(CLOCK_REALTIME, &now);
	now_ms = (uint64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	fm_table_init(&tb, 9, heads);
	for (k = 0; k < shown; k++) {
		const struct kflow *f = &fl->v[k];

		fm_table_row(&tb, "%s\t%s\t%s\t%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "s\t%"
			     PRIu64 "s", proto_text(f->proto, p, sizeof(p)),
			     endpoint(f, f->src, f->sport, s, sizeof(s)),
			     endpoint(f, f->dst, f->dport, d, sizeof(d)),
			     ifname(f->iif, i), ifname(f->oif, o), f->packets, f->bytes,
			     now_ms > f->first_ms ? (now_ms - f->first_ms) / 1000 : 0,
			     now_ms > f->last_ms ? (now_ms - f->last_ms) / 1000 : 0);
	}
	fm_table_print(&tb, stdout);
	fm_table_free(&tb);
	printf("%zu of %zu active flows\n", shown, fl->n);
}

int fm_cmd_active(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 'S' },
		{ "src", required_argument, NULL, 'A' },
		{ "dst", required_argument, NULL, 'B' },
		{ "port", required_argument, NULL, 'p' },
		{ "proto", required_argument, NULL, 'P' },
		{ "iface", required_argument, NULL, 'i' },
		{ "active", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint8_t src[16], dst[16], src_len = 0, dst_len = 0, sfam = 0, dfam = 0, family = 0;
	int opt, json = 0, proto = -1, tries, ret;
	long top = -1, port = -1;
	unsigned int ifindex = 0;
	struct kflows fl = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct fm_genl g;
	size_t shown;
	char *end;

	sort_by = BY_BYTES;
	while ((opt = getopt_long(argc, argv, "n:46jh", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			top = strtol(optarg, &end, 10);
			if (*end || top < 0) {
				fprintf(stderr, "flowmeter flows: --top '%s': not a count\n", optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case 'S':
			if (!strcmp(optarg, "bytes"))
				sort_by = BY_BYTES;
			else if (!strcmp(optarg, "packets"))
				sort_by = BY_PACKETS;
			else if (!strcmp(optarg, "first"))
				sort_by = BY_FIRST;
			else if (!strcmp(optarg, "last"))
				sort_by = BY_LAST;
			else {
				fprintf(stderr, "flowmeter flows: --sort is bytes, packets, first or last\n");
				return FM_EXIT_ERROR;
			}
			break;
		case 'A':
		case 'B':
			if (prefix(optarg, opt == 'A' ? src : dst, opt == 'A' ? &src_len : &dst_len,
				   opt == 'A' ? &sfam : &dfam)) {
				fprintf(stderr, "flowmeter flows: '%s': not ADDR or ADDR/LEN\n", optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end || port < 1 || port > 65535) {
				fprintf(stderr, "flowmeter flows: --port '%s': 1 to 65535\n", optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case 'P':
			proto = proto_number(optarg);
			if (proto < 0) {
				fprintf(stderr, "flowmeter flows: --proto '%s': no such protocol\n", optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case 'i':
			ifindex = if_nametoindex(optarg);
			if (!ifindex) {
				fprintf(stderr, "flowmeter flows: --iface '%s': no such interface here\n",
					optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case '4': family = AF_INET; break;
		case '6': family = AF_INET6; break;
		case 'a': break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return FM_EXIT_OK;
		default: usage(stderr); return FM_EXIT_ERROR;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "flowmeter flows: no arguments besides options\n");
		return FM_EXIT_ERROR;
	}
	if ((sfam && dfam && sfam != dfam) || (family && sfam && family != sfam) ||
	    (family && dfam && family != dfam)) {
		fprintf(stderr, "flowmeter flows: addresses of one family only\n");
		return FM_EXIT_ERROR;
	}
	if (!family)
		family = sfam ? sfam : dfam;
	if (fm_genl_open(&g, "flowmeter flows"))
		return FM_EXIT_ERROR;
	for (tries = 0; tries < 5; tries++) {
		fl.n = 0;
		nlh = fm_genl_request(&g, FLOWMETER_CMD_GET_FLOWS, NLM_F_DUMP);
		nest = mnl_attr_nest_start(nlh, FLOWMETER_A_FILTER);
		if (family)
			mnl_attr_put_u8(nlh, FLOWMETER_FILTER_FAMILY, family);
		if (sfam) {
			mnl_attr_put(nlh, FLOWMETER_FILTER_SRC, sfam == AF_INET ? 4 : 16, src);
			mnl_attr_put_u8(nlh, FLOWMETER_FILTER_SRC_LEN, src_len);
		}
		if (dfam) {
			mnl_attr_put(nlh, FLOWMETER_FILTER_DST, dfam == AF_INET ? 4 : 16, dst);
			mnl_attr_put_u8(nlh, FLOWMETER_FILTER_DST_LEN, dst_len);
		}
		if (port > 0)
			mnl_attr_put_u16(nlh, FLOWMETER_FILTER_PORT, (uint16_t)port);
		if (proto >= 0)
			mnl_attr_put_u8(nlh, FLOWMETER_FILTER_PROTO, (uint8_t)proto);
		if (ifindex)
			mnl_attr_put_u32(nlh, FLOWMETER_FILTER_IFINDEX, ifindex);
		mnl_attr_nest_end(nlh, nest);
		ret = fm_genl_talk(&g, nlh, flow_cb, &fl, "flowmeter flows");
		if (ret != -EAGAIN)
			break;
	}
	fm_genl_close(&g);
	if (ret == -EAGAIN)
		fprintf(stderr, "flowmeter flows: the table was flushed during each of %d dumps\n",
			tries);
	if (ret) {
		free(fl.v);
		return FM_EXIT_ERROR;
	}
	if (fl.n)
		qsort(fl.v, fl.n, sizeof(*fl.v), cmp);
	shown = top >= 0 && (size_t)top < fl.n ? (size_t)top : fl.n;
	if (json) {
		json_t *arr = json_array(), *j;
		size_t k;

		for (k = 0; k < shown; k++)
			json_array_append_new(arr, flow_json(&fl.v[k]));
		j = json_pack("{s:I, s:o}", "active", (json_int_t)fl.n, "flows", arr);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else {
		text(&fl, shown);
	}
	free(fl.v);
	return FM_EXIT_OK;
}
