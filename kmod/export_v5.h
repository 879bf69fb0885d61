/* SPDX-License-Identifier: GPL-2.0 */
/* The NetFlow v5 encoder. */
#ifndef FM_EXPORT_V5_H
#define FM_EXPORT_V5_H

#include <linux/types.h>

struct fm_flow;

/* A flow whose counters need more than one record is split over PDUs. */
struct fm_v5_state {
	const struct fm_flow *flow;	/* the flow being split, or NULL */
	u64 packets, bytes;		/* what is left of it */
};

extern const struct fm_encoder fm_encoder_v5;

#endif
