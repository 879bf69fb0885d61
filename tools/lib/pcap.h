/* SPDX-License-Identifier: GPL-2.0 */
/* Just enough of pcap to take UDP payloads out of a capture file. */
#ifndef FM_PCAP_H
#define FM_PCAP_H

#include <stdint.h>
#include <stdio.h>
#include "record.h"

struct fm_pcap {
	FILE *f;
	int swap;		/* file written on the other endianness */
	int nsec;		/* nanosecond timestamps */
	uint32_t linktype;
	uint8_t buf[262144];
	uint64_t skipped;	/* packets that were not UDP we could read */
};

struct fm_udp {
	struct fm_addr src;
	uint16_t sport, dport;
	const uint8_t *data;
	size_t len;
	uint64_t ts_ms;
};

/* 0, or -1 with errno / a message in @err. */
int fm_pcap_open(struct fm_pcap *p, const char *path, const char **err);
/* 1: a UDP datagram in @u; 0: end of file; -1: broken file. */
int fm_pcap_next(struct fm_pcap *p, struct fm_udp *u);
void fm_pcap_close(struct fm_pcap *p);

#endif
