// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter status: the module's settings and figures in this network
 * namespace, as /proc/net/stat/ipt_netflow has them, from one netlink reply.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "uapi/linux/flowmeter.h"
#include "cli.h"
#include "commands.h"
#include "genl.h"
#include "ksettings.h"

struct status {
	const struct nlattr *a[FLOWMETER_A_MAX + 1];
	json_t *j;
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type <= FLOWMETER_A_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

static void sockaddr_text(const struct nlattr *a, char *buf, size_t len)
{
	const struct sockaddr_in6 *s6 = mnl_attr_get_payload(a);
	const struct sockaddr_in *s4 = mnl_attr_get_payload(a);
	char ip[INET6_ADDRSTRLEN] = "?";

	if (mnl_attr_get_payload_len(a) >= sizeof(*s6) && s6->sin6_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else if (mnl_attr_get_payload_len(a) >= sizeof(*s4) && s4->sin_family == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(s4->sin_port));
	} else {
		snprintf(buf, len, "?");
	}
}

static json_t *settings_json(const struct nlattr **a)
{
	json_t *o = json_object();
	unsigned int i;
	char hooks[80];

	for (i = 0; i < fm_nksettings; i++) {
		const struct fm_ksetting *s = &fm_ksettings[i];
		const struct nlattr *v = a[s->attr];

		if (!v)
			continue;
		switch (s->kind) {
		case FM_KS_U32:
			json_object_set_new(o, s->name, json_integer(mnl_attr_get_u32(v)));
			break;
		case FM_KS_S32:
			json_object_set_new(o, s->name,
					    json_integer((int32_t)mnl_attr_get_u32(v)));
			break;
		case FM_KS_STRING:
			json_object_set_new(o, s->name, json_string(mnl_attr_get_str(v)));
			break;
		case FM_KS_HOOKS:
			fm_hooks_to_text(mnl_attr_get_u32(v), hooks, sizeof(hooks));
			json_object_set_new(o, s->name, json_string(hooks));
			break;
		case FM_KS_MARK:
			if (a[FLOWMETER_A_HOOK_MASK]) {
				char m[32];

				snprintf(m, sizeof(m), "0x%x/0x%x", mnl_attr_get_u32(v),
					 mnl_attr_get_u32(a[FLOWMETER_A_HOOK_MASK]));
				json_object_set_new(o, s->name, json_string(m));
			}
			break;
		}
	}
	return o;
}

static json_t *stats_json(const struct nlattr *nest)
{
	json_t *o = json_object();
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		if (t < fm_nkstat_names && fm_kstat_names[t] &&
		    !mnl_attr_validate(a, MNL_TYPE_U64))
			json_object_set_new(o, fm_kstat_names[t],
					    json_integer((json_int_t)mnl_attr_get_u64(a)));
	}
	return o;
}

static json_t *sockets_json(const struct nlattr *nest)
{
	static const char *const names[] = {
		[FLOWMETER_SOCK_PDUS] = "pdus", [FLOWMETER_SOCK_BYTES] = "bytes",
		[FLOWMETER_SOCK_ERR_FULL] = "err_full",
		[FLOWMETER_SOCK_ERR_UNREACH] = "err_unreachable",
		[FLOWMETER_SOCK_ERR_OTHER] = "err_other",
	};
	json_t *arr = json_array();
	const struct nlattr *one, *a;
	char addr[INET6_ADDRSTRLEN + 8];

	mnl_attr_for_each_nested(one, nest) {
		json_t *o = json_object();

		mnl_attr_for_each_nested(a, one) {
			unsigned int t = mnl_attr_get_type(a);

			if (t == FLOWMETER_SOCK_ADDR) {
				sockaddr_text(a, addr, sizeof(addr));
				json_object_set_new(o, "destination", json_string(addr));
			} else if (t == FLOWMETER_SOCK_CONNECTED) {
				json_object_set_new(o, "connected",
						    json_boolean(mnl_attr_get_u8(a)));
			} else if (t == FLOWMETER_SOCK_SNDBUF) {
				json_object_set_new(o, "sndbuf", json_integer(mnl_attr_get_u32(a)));
			} else if (t == FLOWMETER_SOCK_LAST_ERR) {
				json_object_set_new(o, "last_error",
						    json_integer((int32_t)mnl_attr_get_u32(a)));
			} else if (t < sizeof(names) / sizeof(names[0]) && names[t] &&
				   !mnl_attr_validate(a, MNL_TYPE_U64)) {
				json_object_set_new(o, names[t],
						    json_integer((json_int_t)mnl_attr_get_u64(a)));
			}
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct status *st = data;
	json_t *j;

	memset(st->a, 0, sizeof(st->a));
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, st->a);
	j = json_object();
	json_object_set_new(j, "settings", settings_json(st->a));
	json_object_set_new(j, "stats", st->a[FLOWMETER_A_STATS] ?
				stats_json(st->a[FLOWMETER_A_STATS]) : json_object());
	json_object_set_new(j, "sockets", st->a[FLOWMETER_A_SOCKETS] ?
				sockets_json(st->a[FLOWMETER_A_SOCKETS]) : json_array());
	json_decref(st->j);
	st->j = j;
	return MNL_CB_OK;
}

/* Text: "name value" lines, settings first, as sysctl -a and the snmp file. */
static void text(json_t *j)
{
	const char *k;
	json_t *v, *s;
	size_t i;

	json_object_foreach(json_object_get(j, "settings"), k, v) {
		if (json_is_string(v))
			printf("%-18s %s\n", k, json_string_value(v));
		else
			printf("%-18s %" JSON_INTEGER_FORMAT "\n", k, json_integer_value(v));
	}
	json_array_foreach(json_object_get(j, "sockets"), i, s)
		printf("sock%zu: %s, %s, sndbuf %" JSON_INTEGER_FORMAT ", pdus %" JSON_INTEGER_FORMAT
		       ", bytes %" JSON_INTEGER_FORMAT "; err: full %" JSON_INTEGER_FORMAT
		       ", unreachable %" JSON_INTEGER_FORMAT ", other %" JSON_INTEGER_FORMAT
		       ", last %" JSON_INTEGER_FORMAT "\n", i,
		       json_string_value(json_object_get(s, "destination")),
		       json_is_true(json_object_get(s, "connected")) ? "connected" : "unconnected",
		       json_integer_value(json_object_get(s, "sndbuf")),
		       json_integer_value(json_object_get(s, "pdus")),
		       json_integer_value(json_object_get(s, "bytes")),
		       json_integer_value(json_object_get(s, "err_full")),
		       json_integer_value(json_object_get(s, "err_unreachable")),
		       json_integer_value(json_object_get(s, "err_other")),
		       json_integer_value(json_object_get(s, "last_error")));
	json_object_foreach(json_object_get(j, "stats"), k, v)
		printf("%-18s %" JSON_INTEGER_FORMAT "\n", k, json_integer_value(v));
}

int fm_cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct status st = { .j = NULL };
	struct fm_genl g;
	int opt, json = 0, ret;

	while ((opt = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (opt == 'j') {
			json = 1;
		} else {
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: flowmeter status [--json]\n"
				"  the module's settings and figures in this network namespace\n");
			return opt == 'h' ? FM_EXIT_OK : FM_EXIT_ERROR;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "flowmeter status: no arguments besides --json\n");
		return FM_EXIT_ERROR;
	}
	if (fm_genl_open(&g, "flowmeter status"))
		return FM_EXIT_ERROR;
	ret = fm_genl_talk(&g, fm_genl_request(&g, FLOWMETER_CMD_GET_STATUS, NLM_F_ACK),
			   status_cb, &st, "flowmeter status");
	fm_genl_close(&g);
	if (ret || !st.j) {
		json_decref(st.j);
		return FM_EXIT_ERROR;
	}
	if (json) {
		json_dumpf(st.j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else {
		text(st.j);
	}
	json_decref(st.j);
	return FM_EXIT_OK;
}
