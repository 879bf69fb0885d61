// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <string.h>
#include "pcap.h"

#define LINK_NULL	0
#define LINK_ETHERNET	1
#define LINK_RAW	101
#define LINK_LINUX_SLL	113
#define LINK_LINUX_SLL2	276

static uint32_t u32(const struct fm_pcap *p, uint32_t v)
{
	return p->swap ? __builtin_bswap32(v) : v;
}

int fm_pcap_open(struct fm_pcap *p, const char *path, const char **err)
{
	uint32_t h[6];

	memset(p, 0, sizeof(*p));
	p->f = fopen(path, "rb");
	if (!p->f) {
		*err = "cannot open";
		return -1;
	}
	if (fread(h, 4, 6, p->f) != 6) {
		*err = "too short for a pcap file";
		goto bad;
	}
	switch (h[0]) {
	case 0xa1b2c3d4: break;
	case 0xa1b23c4d: p->nsec = 1; break;
	case 0xd4c3b2a1: p->swap = 1; break;
	case 0x4d3cb2a1: p->swap = 1; p->nsec = 1; break;
	default:
		*err = "not a pcap file (pcapng is not read; convert with editcap -F pcap)";
		goto bad;
	}
	p->linktype = u32(p, h[5]) & 0xffff;
	return 0;
bad:
	fclose(p->f);
	p->f = NULL;
	return -1;
}

void fm_pcap_close(struct fm_pcap *p)
{
	if (p->f)
		fclose(p->f);
	p->f = NULL;
}

/* L3 onwards: IPv4 or IPv6 carrying UDP, unfragmented. */
static int udp_of(const uint8_t *d, size_t len, struct fm_udp *u)
{
	size_t ihl;
	uint8_t proto;

	if (len < 1)
		return 0;
	memset(&u->src, 0, sizeof(u->src));
	if (d[0] >> 4 == 4) {
		if (len < 20 || (ihl = (d[0] & 15) * 4) < 20 || len < ihl)
			return 0;
		if ((d[6] & 0x3f) || d[7])	/* MF or offset: a fragment */
			return 0;
		proto = d[9];
		u->src.family = AF_INET;
		memcpy(u->src.a, d + 12, 4);
	} else if (d[0] >> 4 == 6) {
		if (len < 40)
			return 0;
		ihl = 40;
		proto = d[6];
		u->src.family = AF_INET6;
		memcpy(u->src.a, d + 8, 16);
	} else {
		return 0;
	}
	if (proto != IPPROTO_UDP || len < ihl + 8)
		return 0;
	d += ihl;
	len -= ihl;
	u->sport = d[0] << 8 | d[1];
	u->dport = d[2] << 8 | d[3];
	if ((size_t)(d[4] << 8 | d[5]) < 8 || (size_t)(d[4] << 8 | d[5]) > len)
		return 0;
	u->data = d + 8;
	u->len = (d[4] << 8 | d[5]) - 8;
	return 1;
}

int fm_pcap_next(struct fm_pcap *p, struct fm_udp *u)
{
	uint32_t h[4], caplen;
	const uint8_t *d = p->buf;
	size_t off;

	for (;;) {
		if (fread(h, 4, 4, p->f) != 4)
			return 0;
		caplen = u32(p, h[2]);
		if (caplen > sizeof(p->buf))
			return -1;
		if (fread(p->buf, 1, caplen, p->f) != caplen)
			return 0;
		u->ts_ms = (uint64_t)u32(p, h[0]) * 1000 +
			   u32(p, h[1]) / (p->nsec ? 1000000 : 1000);
		switch (p->linktype) {
		case LINK_ETHERNET:
			off = 14;
			while (caplen >= off && (d[off - 2] << 8 | d[off - 1]) == 0x8100)
				off += 4;	/* VLAN tags */
			break;
		case LINK_LINUX_SLL:
			off = 16;
			break;
		case LINK_LINUX_SLL2:
			off = 20;
			break;
		case LINK_NULL:
			off = 4;
			break;
		default:
			off = 0;
		}
		if (caplen > off && udp_of(d + off, caplen - off, u))
			return 1;
		p->skipped++;
	}
}
