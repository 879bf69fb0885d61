// SPDX-License-Identifier: GPL-2.0
/*
 * flowmeter nft: the nftables pieces an nft-only host needs to choose what
 * the module's own hooks meter (net.netflow.hooks, hook_mark). One table,
 * "inet flowmeter", a base chain per hook that sets a mark bit on the
 * chosen packets (meta mark set meta mark or MARK), before the module's
 * hook sees them. Written with libnftnl in one batch; other tables are
 * never touched. Each rule keeps a comment that says what it is, so
 * `nft list ruleset` and `flowmeter nft show` read the same.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <jansson.h>
#include "cli.h"
#include "commands.h"
#include "ksettings.h"

#define TABLE "flowmeter"
#define MAX_IFS 16
#define BUF (1 << 16)	/* a batch takes at most half: libmnl detects overflow past it */

static const char *const hooks[] = {
	[NF_INET_PRE_ROUTING] = "prerouting", [NF_INET_LOCAL_IN] = "input",
	[NF_INET_FORWARD] = "forward", [NF_INET_LOCAL_OUT] = "output",
	[NF_INET_POST_ROUTING] = "postrouting",
};

struct nft {
	struct mnl_socket *sock;
	unsigned int portid, seq;
	char *buf;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: flowmeter nft add --hook HOOK [--iif IF]... [--oif IF]... [--proto P]\n"
		"                         [--mark MARK] [--priority P]\n"
		"       flowmeter nft delete [--hook HOOK]\n"
		"       flowmeter nft show [--json]\n"
		"  HOOK: prerouting, input, forward, output, postrouting\n"
		"  add: table inet " TABLE ", chain mark_HOOK at priority P (-5: before the\n"
		"       filter table and the module's hook), a rule per interface (pair)\n"
		"       that sets MARK (0x100) in the packet's mark; then tell the module:\n"
		"       flowmeter set hooks HOOK hook_mark MARK/MARK\n"
		"  delete: that chain, or the whole table\n");
}

static int hook_number(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (hooks[i] && !strcmp(s, hooks[i]))
			return (int)i;
	return -1;
}

static int nft_open(struct nft *n)
{
	memset(n, 0, sizeof(*n));
	/* Zeroed: a batch's padding goes to the kernel as it is. */
	n->buf = calloc(1, BUF);
	n->sock = mnl_socket_open(NETLINK_NETFILTER);
	if (!n->buf || !n->sock || mnl_socket_bind(n->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "flowmeter nft: nfnetlink: %s\n", strerror(errno));
		if (n->sock)
			mnl_socket_close(n->sock);
		free(n->buf);
		return -1;
	}
	n->portid = mnl_socket_get_portid(n->sock);
	n->seq = (unsigned int)time(NULL);
	return 0;
}

static void nft_close(struct nft *n)
{
	mnl_socket_close(n->sock);
	free(n->buf);
}

/* Every acked message of a batch answers; the first refusal is said. */
static int batch_send(struct nft *n, struct mnl_nlmsg_batch *b, int acks)
{
	struct pollfd p = { .fd = mnl_socket_get_fd(n->sock), .events = POLLIN };
	int err = 0;

	if (mnl_socket_sendto(n->sock, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0)
		return -errno;
	while (acks > 0) {
		struct nlmsghdr *h;
		ssize_t got;
		int len;

		if (poll(&p, 1, 5000) <= 0)
			return err ? err : -ETIMEDOUT;
		got = mnl_socket_recvfrom(n->sock, n->buf, BUF);
		if (got < 0)
			return -errno;
		len = (int)got;
		for (h = (struct nlmsghdr *)n->buf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			acks--;
			if (!err)
				err = ((struct nlmsgerr *)mnl_nlmsg_get_payload(h))->error;
		}
	}
	return err;
}

static struct nftnl_expr *meta(uint32_t key, uint32_t reg, int set)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	if (!e)
		return NULL;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, set ? NFTNL_EXPR_META_SREG : NFTNL_EXPR_META_DREG, reg);
	return e;
}

static int add_expr(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		return -1;
	nftnl_rule_add_expr(r, e);
	return 0;
}

/* [iifname IIF] [oifname OIF] counter meta mark set meta mark or MARK */
static struct nftnl_rule *mark_rule(const char *chain, const char *iif, const char *oif,
				    int l4proto, uint32_t mark)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(256);
	const char *names[2] = { iif, oif };
	uint32_t keys[2] = { NFT_META_IIFNAME, NFT_META_OIFNAME };
	uint32_t mask = ~mark;
	char comment[128];
	int i, bad = !r || !ud;

	for (i = 0; i < 2 && !bad; i++) {
		struct nftnl_expr *c;

		if (!names[i])
			continue;
		bad |= add_expr(r, meta(keys[i], NFT_REG_1, 0));
		c = nftnl_expr_alloc("cmp");
		if (c) {
			nftnl_expr_set_u32(c, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
			nftnl_expr_set_u32(c, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
			/* The name and its NUL, as nft writes an exact match. */
			nftnl_expr_set(c, NFTNL_EXPR_CMP_DATA, names[i], strlen(names[i]) + 1);
		}
		bad |= add_expr(r, c);
	}
	if (!bad && l4proto >= 0) {
		struct nftnl_expr *c = nftnl_expr_alloc("cmp");
		uint8_t p = (uint8_t)l4proto;

		bad |= add_expr(r, meta(NFT_META_L4PROTO, NFT_REG_1, 0));
		if (c) {
			nftnl_expr_set_u32(c, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
			nftnl_expr_set_u32(c, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
			nftnl_expr_set(c, NFTNL_EXPR_CMP_DATA, &p, sizeof(p));
		}
		bad |= add_expr(r, c);
	}
	if (!bad) {
		struct nftnl_expr *b;

		bad |= add_expr(r, nftnl_expr_alloc("counter"));
		bad |= add_expr(r, meta(NFT_META_MARK, NFT_REG_1, 0));
		b = nftnl_expr_alloc("bitwise");
		if (b) {
			/* (mark & ~MARK) ^ MARK: the bits of MARK set, the rest kept. */
			nftnl_expr_set_u32(b, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
			nftnl_expr_set_u32(b, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
			nftnl_expr_set_u32(b, NFTNL_EXPR_BITWISE_LEN, sizeof(uint32_t));
			nftnl_expr_set(b, NFTNL_EXPR_BITWISE_MASK, &mask, sizeof(mask));
			nftnl_expr_set(b, NFTNL_EXPR_BITWISE_XOR, &mark, sizeof(mark));
		}
		bad |= add_expr(r, b);
		bad |= add_expr(r, meta(NFT_META_MARK, NFT_REG_1, 1));
	}
	if (bad) {
		if (r)
			nftnl_rule_free(r);
		if (ud)
			nftnl_udata_buf_free(ud);
		return NULL;
	}
	snprintf(comment, sizeof(comment), "flowmeter:%s%s%s%s%s%.0d mark 0x%x",
		 iif ? " iif " : "", iif ? iif : "", oif ? " oif " : "", oif ? oif : "",
		 l4proto >= 0 ? " proto " : "", l4proto >= 0 ? l4proto : 0, mark);
	nftnl_udata_put_strz(ud, NFTNL_UDATA_RULE_COMMENT, comment);
	nftnl_rule_set_data(r, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(ud),
			    nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	return r;
}

static void put(struct mnl_nlmsg_batch *b)
{
	mnl_nlmsg_batch_next(b);
}

/* A batch message that empties one of our chains (a rule without a handle). */
static int put_flush(struct nft *n, struct mnl_nlmsg_batch *b, const char *chain)
{
	struct nftnl_rule *f = nftnl_rule_alloc();
	struct nlmsghdr *nlh;

	if (!f)
		return -ENOMEM;
	nftnl_rule_set_str(f, NFTNL_RULE_TABLE, TABLE);
	nftnl_rule_set_str(f, NFTNL_RULE_CHAIN, chain);
	nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_DELRULE, NFPROTO_INET,
				    NLM_F_ACK, n->seq++);
	nftnl_rule_nlmsg_build_payload(nlh, f);
	nftnl_rule_free(f);
	put(b);
	return 0;
}

static int cmd_add(struct nft *n, int hook, char **iifs, int niif, char **oifs, int noif,
		   int l4proto, uint32_t mark, int prio)
{
	struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(n->buf, BUF / 2);
	struct nftnl_table *t = nftnl_table_alloc();
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;
	char chain[32];
	int i, j, acks = 0, ret = -ENOMEM;

	if (!b || !t || !c)
		goto out;
	snprintf(chain, sizeof(chain), "mark_%s", hooks[hook]);
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), n->seq++);
	put(b);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, TABLE);
	nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWTABLE, NFPROTO_INET,
				    NLM_F_CREATE | NLM_F_ACK, n->seq++);
	nftnl_table_nlmsg_build_payload(nlh, t);
	put(b);
	acks++;
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, TABLE);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, chain);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWCHAIN, NFPROTO_INET,
				    NLM_F_CREATE | NLM_F_ACK, n->seq++);
	nftnl_chain_nlmsg_build_payload(nlh, c);
	put(b);
	acks++;
	/* Adding again replaces what the chain had: flush it first. */
	if (put_flush(n, b, chain))
		goto out;
	acks++;
	for (i = 0; i < (niif ? niif : 1); i++)
		for (j = 0; j < (noif ? noif : 1); j++) {
			struct nftnl_rule *r = mark_rule(chain, niif ? iifs[i] : NULL,
							 noif ? oifs[j] : NULL, l4proto, mark);

			if (!r)
				goto out;
			nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWRULE,
						    NFPROTO_INET,
						    NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK,
						    n->seq++);
			nftnl_rule_nlmsg_build_payload(nlh, r);
			nftnl_rule_free(r);
			put(b);
			acks++;
		}
	nftnl_batch_end(mnl_nlmsg_batch_current(b), n->seq++);
	put(b);
	ret = batch_send(n, b, acks);
	if (ret)
		fprintf(stderr, "flowmeter nft add: %s%s\n", strerror(-ret),
			ret == -EOPNOTSUPP || ret == -EBUSY ?
			" (the chain exists with other settings: flowmeter nft delete first)" : "");
	else
		printf("table inet %s chain %s: marking 0x%x; meter it with:\n"
		       "  flowmeter set hooks %s hook_mark 0x%x/0x%x\n",
		       TABLE, chain, mark, hooks[hook], mark, mark);
out:
	if (ret == -ENOMEM)
		fprintf(stderr, "flowmeter nft add: out of memory\n");
	if (b)
		mnl_nlmsg_batch_stop(b);
	if (t)
		nftnl_table_free(t);
	if (c)
		nftnl_chain_free(c);
	return ret;
}

static int cmd_delete(struct nft *n, int hook)
{
	struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(n->buf, BUF / 2);
	struct nlmsghdr *nlh;
	char chain[32];
	int ret, acks = 0;

	if (!b)
		return -ENOMEM;
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), n->seq++);
	put(b);
	if (hook < 0) {
		struct nftnl_table *t = nftnl_table_alloc();

		if (!t) {
			mnl_nlmsg_batch_stop(b);
			return -ENOMEM;
		}
		nftnl_table_set_str(t, NFTNL_TABLE_NAME, TABLE);
		nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_DELTABLE,
					    NFPROTO_INET, NLM_F_ACK, n->seq++);
		nftnl_table_nlmsg_build_payload(nlh, t);
		nftnl_table_free(t);
		put(b);
		acks++;
	} else {
		struct nftnl_chain *c = nftnl_chain_alloc();

		snprintf(chain, sizeof(chain), "mark_%s", hooks[hook]);
		if (!c || put_flush(n, b, chain)) {
			if (c)
				nftnl_chain_free(c);
			mnl_nlmsg_batch_stop(b);
			return -ENOMEM;
		}
		acks++;
		nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, TABLE);
		nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, chain);
		nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_DELCHAIN,
					    NFPROTO_INET, NLM_F_ACK, n->seq++);
		nftnl_chain_nlmsg_build_payload(nlh, c);
		put(b);
		acks++;
		nftnl_chain_free(c);
	}
	nftnl_batch_end(mnl_nlmsg_batch_current(b), n->seq++);
	put(b);
	ret = batch_send(n, b, acks);
	mnl_nlmsg_batch_stop(b);
	if (ret)
		fprintf(stderr, "flowmeter nft delete: %s%s\n", strerror(-ret),
			ret == -ENOENT ? " (nothing of flowmeter's there)" : "");
	return ret;
}

/* Our table, or a dump of its chains or rules: cb on each reply. */
static int dump(struct nft *n, uint16_t type, void *obj, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = nftnl_nlmsg_build_hdr(n->buf, type, NFPROTO_INET,
						     (type == NFT_MSG_GETTABLE ? 0 : NLM_F_DUMP) |
						     NLM_F_ACK, ++n->seq);
	unsigned int seq = n->seq;
	ssize_t len;
	int ret;

	if (type == NFT_MSG_GETTABLE)
		nftnl_table_nlmsg_build_payload(nlh, obj);
	else if (type == NFT_MSG_GETCHAIN)
		nftnl_chain_nlmsg_build_payload(nlh, obj);
	else
		nftnl_rule_nlmsg_build_payload(nlh, obj);
	if (mnl_socket_sendto(n->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(n->sock, n->buf, BUF);
		if (len < 0)
			return -errno;
		ret = mnl_cb_run(n->buf, len, seq, n->portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	json_t *chains = data;

	if (!c || nftnl_chain_nlmsg_parse(nlh, c) < 0) {
		if (c)
			nftnl_chain_free(c);
		return MNL_CB_OK;
	}
	if (!strcmp(nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE), TABLE)) {
		uint32_t h = nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM);

		json_array_append_new(chains, json_pack(
			"{s:s, s:s, s:i, s:[]}", "chain", nftnl_chain_get_str(c, NFTNL_CHAIN_NAME),
			"hook", h < sizeof(hooks) / sizeof(hooks[0]) && hooks[h] ? hooks[h] : "?",
			"priority", nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO), "rules"));
	}
	nftnl_chain_free(c);
	return MNL_CB_OK;
}

static int comment_cb(const struct nftnl_udata *a, void *data)
{
	if (nftnl_udata_type(a) == NFTNL_UDATA_RULE_COMMENT && nftnl_udata_len(a) > 0) {
		const char *s = nftnl_udata_get(a);

		if (s[nftnl_udata_len(a) - 1] == '\0')
			*(const char **)data = s;
	}
	return 0;
}

static int counter_cb(struct nftnl_expr *e, void *data)
{
	json_t *rule = data;

	if (!strcmp(nftnl_expr_get_str(e, NFTNL_EXPR_NAME), "counter")) {
		json_object_set_new(rule, "packets",
				    json_integer((json_int_t)nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_PACKETS)));
		json_object_set_new(rule, "bytes",
				    json_integer((json_int_t)nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_BYTES)));
	}
	return 0;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	json_t *chains = data, *c, *rule;
	const char *comment = NULL;
	const void *ud;
	uint32_t len;
	size_t i;

	if (!r || nftnl_rule_nlmsg_parse(nlh, r) < 0) {
		if (r)
			nftnl_rule_free(r);
		return MNL_CB_OK;
	}
	ud = nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &len);
	if (ud)
		nftnl_udata_parse(ud, len, comment_cb, &comment);
	rule = json_pack("{s:s, s:I}", "comment", comment ? comment : "",
			 "handle", (json_int_t)nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE));
	nftnl_expr_foreach(r, counter_cb, rule);
	json_array_foreach(chains, i, c)
		if (!strcmp(json_string_value(json_object_get(c, "chain")),
			    nftnl_rule_get_str(r, NFTNL_RULE_CHAIN))) {
			json_array_append(json_object_get(c, "rules"), rule);
			break;
		}
	json_decref(rule);
	nftnl_rule_free(r);
	return MNL_CB_OK;
}

static int cmd_show(struct nft *n, int json)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nftnl_rule *r = nftnl_rule_alloc();
	json_t *chains = json_array(), *ch, *ru;
	int ret = -ENOMEM, table = 1;
	size_t i, k;

	if (!c || !r || !chains)
		goto out;
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, TABLE);
	{
		struct nftnl_table *t = nftnl_table_alloc();

		if (!t)
			goto out;
		nftnl_table_set_str(t, NFTNL_TABLE_NAME, TABLE);
		ret = dump(n, NFT_MSG_GETTABLE, t, NULL, NULL);
		nftnl_table_free(t);
	}
	if (!ret)
		ret = dump(n, NFT_MSG_GETCHAIN, c, chain_cb, chains);
	if (!ret)
		ret = dump(n, NFT_MSG_GETRULE, r, rule_cb, chains);
	if (ret == -ENOENT) {
		/* No table: nothing of ours, which is an answer. */
		ret = 0;
		table = 0;
	}
	if (ret) {
		fprintf(stderr, "flowmeter nft show: %s\n", strerror(-ret));
		goto out;
	}
	if (json) {
		json_t *j = json_pack("{s:s?, s:O}", "table", table ? "inet " TABLE : NULL,
				      "chains", chains);

		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else if (!table) {
		printf("no table inet %s\n", TABLE);
	} else {
		printf("table inet %s\n", TABLE);
		json_array_foreach(chains, i, ch) {
			printf("  chain %s: hook %s priority %" JSON_INTEGER_FORMAT "\n",
			       json_string_value(json_object_get(ch, "chain")),
			       json_string_value(json_object_get(ch, "hook")),
			       json_integer_value(json_object_get(ch, "priority")));
			json_array_foreach(json_object_get(ch, "rules"), k, ru)
				printf("    %s: %" JSON_INTEGER_FORMAT " packets, %"
				       JSON_INTEGER_FORMAT " bytes\n",
				       json_string_value(json_object_get(ru, "comment")),
				       json_integer_value(json_object_get(ru, "packets")),
				       json_integer_value(json_object_get(ru, "bytes")));
		}
	}
out:
	if (c)
		nftnl_chain_free(c);
	if (r)
		nftnl_rule_free(r);
	json_decref(chains);
	return ret;
}

int fm_cmd_nft(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hook", required_argument, NULL, 'k' },
		{ "iif", required_argument, NULL, 'i' },
		{ "oif", required_argument, NULL, 'o' },
		{ "mark", required_argument, NULL, 'm' },
		{ "priority", required_argument, NULL, 'p' },
		{ "proto", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *iifs[MAX_IFS], *oifs[MAX_IFS], *end;
	int niif = 0, noif = 0, hook = -1, prio = -5, json = 0, l4proto = -1, opt, ret;
	unsigned long mark = 0x100;
	const char *verb;
	struct nft n;
	long v;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? FM_EXIT_ERROR : FM_EXIT_OK;
	}
	verb = argv[1];
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (opt) {
		case 'k':
			hook = hook_number(optarg);
			if (hook < 0) {
				fprintf(stderr, "flowmeter nft: --hook '%s': prerouting, input, "
					"forward, output or postrouting\n", optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case 'i':
		case 'o':
			if (strlen(optarg) >= IFNAMSIZ || !*optarg ||
			    (opt == 'i' ? niif : noif) == MAX_IFS) {
				fprintf(stderr, "flowmeter nft: '%s': an interface name (up to %d, "
					"%d of each)\n", optarg, IFNAMSIZ - 1, MAX_IFS);
				return FM_EXIT_ERROR;
			}
			if (opt == 'i')
				iifs[niif++] = optarg;
			else
				oifs[noif++] = optarg;
			break;
		case 'm':
			errno = 0;
			mark = strtoul(optarg, &end, 0);
			if (errno || *end || !mark || mark > UINT32_MAX) {
				fprintf(stderr, "flowmeter nft: --mark '%s': a non-zero 32-bit mark\n",
					optarg);
				return FM_EXIT_ERROR;
			}
			break;
		case 'p':
			errno = 0;
			v = strtol(optarg, &end, 0);
			if (errno || *end || v < INT32_MIN || v > INT32_MAX) {
				fprintf(stderr, "flowmeter nft: --priority '%s': a number\n", optarg);
				return FM_EXIT_ERROR;
			}
			prio = (int)v;
			break;
		case 'P': {
			struct protoent *pe = getprotobyname(optarg);

			errno = 0;
			v = strtol(optarg, &end, 0);
			if (pe)
				l4proto = pe->p_proto;
			else if (!errno && !*end && end != optarg && v >= 0 && v <= 255)
				l4proto = (int)v;
			else {
				fprintf(stderr, "flowmeter nft: --proto '%s': a protocol name or number\n",
					optarg);
				return FM_EXIT_ERROR;
			}
			break;
		}
		case 'j': json = 1; break;
		case 'h': usage(stdout); return FM_EXIT_OK;
		default: usage(stderr); return FM_EXIT_ERROR;
		}
	}
	if (optind != argc || (strcmp(verb, "add") && strcmp(verb, "delete") &&
			       strcmp(verb, "show"))) {
		usage(stderr);
		return FM_EXIT_ERROR;
	}
	if (!strcmp(verb, "add") && hook < 0) {
		fprintf(stderr, "flowmeter nft add: which --hook?\n");
		return FM_EXIT_ERROR;
	}
	if ((hook == NF_INET_PRE_ROUTING || hook == NF_INET_LOCAL_IN) && noif) {
		fprintf(stderr, "flowmeter nft add: no output interface is known at %s\n",
			hooks[hook]);
		return FM_EXIT_ERROR;
	}
	if ((hook == NF_INET_LOCAL_OUT || hook == NF_INET_POST_ROUTING) && niif) {
		fprintf(stderr, "flowmeter nft add: no input interface is known at %s\n",
			hooks[hook]);
		return FM_EXIT_ERROR;
	}
	if (nft_open(&n))
		return FM_EXIT_ERROR;
	if (!strcmp(verb, "add"))
		ret = cmd_add(&n, hook, iifs, niif, oifs, noif, l4proto, (uint32_t)mark, prio);
	else if (!strcmp(verb, "delete"))
		ret = cmd_delete(&n, hook);
	else
		ret = cmd_show(&n, json);
	nft_close(&n);
	return ret ? FM_EXIT_ERROR : FM_EXIT_OK;
}
