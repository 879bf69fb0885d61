// SPDX-License-Identifier: GPL-2.0
/*
 * The module's generic netlink family over libmnl (genl.h): resolve the
 * family, send one request, read replies to the ack or the end of a dump,
 * and say the kernel's own reason (extended ack) when it refuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include "uapi/linux/flowmeter.h"
#include "genl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    !mnl_attr_validate(a, MNL_TYPE_U16))
			*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

struct talk {
	mnl_cb_t cb;
	void *data;
	char why[256];		/* the kernel's extack message */
	int bad_type;		/* the refused attribute's type, or -1 */
	struct fm_genl *g;
};

/* NLMSG_ERROR, with the extack message when the kernel gave one. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	struct nlattr *a;
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	/* The echoed request: only its header unless NLM_F_CAPPED says so. */
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		goto out;
	mnl_attr_for_each(a, nlh, off) {
		int type = mnl_attr_get_type(a);

		if (type == NLMSGERR_ATTR_MSG && !mnl_attr_validate(a, MNL_TYPE_NUL_STRING)) {
			snprintf(t->why, sizeof(t->why), "%s", mnl_attr_get_str(a));
		} else if (type == NLMSGERR_ATTR_OFFS && !mnl_attr_validate(a, MNL_TYPE_U32)) {
			/* An offset into what we sent: its attribute's type. */
			const struct nlmsghdr *req = (const void *)t->g->sent;
			uint32_t at = mnl_attr_get_u32(a);

			if (at + sizeof(struct nlattr) <= req->nlmsg_len)
				t->bad_type = mnl_attr_get_type((const void *)(t->g->sent + at));
		}
	}
out:
	errno = -e->error;
	return MNL_CB_ERROR;
}

/* A dump's end; one that failed half-way carries the error here. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		int err = *(const int *)mnl_nlmsg_get_payload(nlh);

		if (err < 0) {
			errno = -err;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->g->dump_intr = 1;
	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

static int talk(struct fm_genl *g, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		char *why, size_t whylen)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	struct talk t = { .cb = cb, .data = data, .g = g, .bad_type = -1 };
	unsigned int seq = req->nlmsg_seq;
	ssize_t n;
	int ret;

	g->dump_intr = 0;
	/* Replies land where the request was built. */
	memcpy(g->sent, req, req->nlmsg_len);
	if (mnl_socket_sendto(g->sock, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->sock, g->buf, FM_GENL_BUF);
		if (n < 0)
			return -errno;
		/* The data callback sees the talk too, for NLM_F_DUMP_INTR. */
		ret = mnl_cb_run2(g->buf, n, seq, g->portid, data_cb, &t, ctl,
				  NLMSG_MIN_TYPE);
	} while (ret > 0);
	if (t.bad_type >= 0 && g->attr_name && g->attr_name(t.bad_type) && t.why[0])
		snprintf(why, whylen, "%s: %.200s", g->attr_name(t.bad_type), t.why);
	else
		snprintf(why, whylen, "%s", t.why);
	return ret < 0 ? -errno : 0;
}

struct nlmsghdr *fm_genl_request(struct fm_genl *g, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(g->buf);
	struct genlmsghdr *h;

	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++g->seq;
	h = mnl_nlmsg_put_extra_header(nlh, sizeof(*h));
	h->cmd = cmd;
	h->version = FLOWMETER_GENL_VERSION;
	return nlh;
}

int fm_genl_open(struct fm_genl *g, const char *who)
{
	struct nlmsghdr *nlh;
	char why[256] = "";
	int one = 1, ret;

	memset(g, 0, sizeof(*g));
	g->buf = malloc(FM_GENL_BUF);
	g->sent = malloc(FM_GENL_BUF);
	g->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!g->buf || !g->sent || !g->sock) {
		fprintf(stderr, "%s: generic netlink: %s\n", who, strerror(errno));
		fm_genl_close(g);
		return -1;
	}
	/* Refusals with the kernel's reason; the echo capped to its header. */
	mnl_socket_setsockopt(g->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(g->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "%s: generic netlink: %s\n", who, strerror(errno));
		fm_genl_close(g);
		return -1;
	}
	g->portid = mnl_socket_get_portid(g->sock);
	g->seq = (unsigned int)time(NULL);
	g->family = GENL_ID_CTRL;
	nlh = fm_genl_request(g, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, FLOWMETER_GENL_NAME);
	g->family = 0;
	ret = talk(g, nlh, family_cb, &g->family, why, sizeof(why));
	if (ret == -ENOENT || (!ret && !g->family)) {
		fprintf(stderr, "%s: the ipt_NETFLOW module is not loaded "
			"(no generic netlink family '%s')\n", who, FLOWMETER_GENL_NAME);
		fm_genl_close(g);
		return -1;
	}
	if (ret) {
		fprintf(stderr, "%s: generic netlink: %s\n", who, strerror(-ret));
		fm_genl_close(g);
		return -1;
	}
	return 0;
}

void fm_genl_close(struct fm_genl *g)
{
	if (g->sock)
		mnl_socket_close(g->sock);
	free(g->buf);
	free(g->sent);
	g->sock = NULL;
	g->buf = NULL;
	g->sent = NULL;
}

int fm_genl_talk(struct fm_genl *g, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		 const char *who)
{
	char why[256] = "";
	int ret = talk(g, req, cb, data, why, sizeof(why));

	if (!ret && g->dump_intr)
		return -EAGAIN;
	if (ret == -EPERM)
		fprintf(stderr, "%s: not permitted (CAP_NET_ADMIN in this network namespace)\n",
			who);
	else if (ret)
		fprintf(stderr, "%s: %s%s%s\n", who, why[0] ? why : strerror(-ret),
			why[0] ? " — " : "", why[0] ? strerror(-ret) : "");
	return ret;
}
