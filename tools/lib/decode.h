/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow decoder: NetFlow v1/v5/v7, v9 (RFC 3954) and IPFIX (RFC 7011)
 * datagrams in, fm_rec records out.
 */
#ifndef FM_DECODE_H
#define FM_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include "decoder.h"

typedef void (*fm_rec_fn)(const struct fm_rec *r, void *ctx);

/*
 * Decode one datagram that came from @from at wall-clock @now_ms; @fn gets
 * every record. Returns the number of records, or -1 if the datagram was
 * dropped whole (the reason is counted on the exporter).
 */
int fm_decode(struct fm_decoder *d, const struct fm_addr *from,
	      const uint8_t *buf, size_t len, uint64_t now_ms,
	      fm_rec_fn fn, void *ctx);

#endif
