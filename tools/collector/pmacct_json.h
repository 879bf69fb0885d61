/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records as pmacct's JSON (its kafka and print plugins' field names:
 * ip_src, port_dst, ip_proto, as_src, label, stamp_inserted, ...), both
 * ways: the Kafka output writes it, the Kafka input reads it. The fields
 * and the choices where pmacct has knobs are in docs/streams.md.
 */
#ifndef FM_PMACCT_JSON_H
#define FM_PMACCT_JSON_H

#include <stddef.h>
#include "record.h"
#include "srec.h"

/* One record as one compact JSON object (malloc'd, NUL-ended), or NULL. */
char *fm_pmacct_encode(const struct fm_srec *s, const char *label, const char *writer_id,
		       size_t *len);
/*
 * One message back into a record; its label (or "") into @label. 0, or -1
 * with the reason in @err.
 */
int fm_pmacct_decode(const char *buf, size_t len, struct fm_rec *r, char *label,
		     size_t llen, char *err, size_t errlen);

#endif
