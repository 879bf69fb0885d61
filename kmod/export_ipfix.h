/* SPDX-License-Identifier: GPL-2.0 */
/* The template-based encoders: NetFlow v9 and IPFIX. */
#ifndef FM_EXPORT_IPFIX_H
#define FM_EXPORT_IPFIX_H

#include <linux/types.h>

/* What a template-based encoder keeps across records and PDUs. */
struct fm_tpl_state {
	unsigned int set_off;		/* open set's header in the PDU, 0 if none */
	u16 set_id;
	unsigned int pdus_since;	/* PDUs since templates were sent */
	unsigned long sent_at;		/* jiffies they were; 0 = never */
};

struct fm_tpl_variant;

extern const struct fm_encoder fm_encoder_v9;
extern const struct fm_encoder fm_encoder_ipfix;

/* Record lengths of the template tables, once, before any export. */
void fm_ipfix_init(void);
struct fm_exporter;
/* Templates sent now: flows, and NAT events while natevents is on. */
unsigned int fm_ipfix_templates_active(const struct fm_exporter *e);

#endif
