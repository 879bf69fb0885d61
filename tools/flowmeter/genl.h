/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the module: its generic netlink family "flowmeter"
 * (include/uapi/linux/flowmeter.h) over libmnl, in the caller's network
 * namespace. genl.c.
 */
#ifndef FM_GENL_H
#define FM_GENL_H

#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

struct fm_genl {
	struct mnl_socket *sock;
	uint16_t family;
	unsigned int portid, seq;
	char *buf;			/* FM_GENL_BUF bytes: requests and replies */
	char *sent;			/* the last request, for the refused attribute */
	int dump_intr;			/* a reply of the last dump had NLM_F_DUMP_INTR */
	/* Names a refused request's attribute (extack's offset), or NULL. */
	const char *(*attr_name)(int type);
};

#define FM_GENL_BUF (1 << 16)

/* 0, or -1 said on stderr (the module not loaded, no permission, ...). */
int fm_genl_open(struct fm_genl *g, const char *who);
void fm_genl_close(struct fm_genl *g);
/* A request of cmd in g->buf, flags besides NLM_F_REQUEST: attributes follow. */
struct nlmsghdr *fm_genl_request(struct fm_genl *g, uint8_t cmd, uint16_t flags);
/*
 * Send it and run cb on every reply until the ack or the dump's end: 0, or
 * a negative errno said on stderr with the kernel's reason (extack) and
 * who. A dump a flush interrupted returns -EAGAIN, unsaid: ask again.
 */
int fm_genl_talk(struct fm_genl *g, struct nlmsghdr *req, mnl_cb_t cb, void *data,
		 const char *who);

#endif
