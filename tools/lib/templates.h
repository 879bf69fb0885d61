/* SPDX-License-Identifier: GPL-2.0 */
/* The templates exporters defined (v9, IPFIX): lookup, define, withdraw, expire. */
#ifndef FM_TEMPLATES_H
#define FM_TEMPLATES_H

#include <stdbool.h>
#include <stdint.h>
#include "decoder.h"

/* The most fields a template may have (the protocols allow 65535). */
#define FM_MAX_TEMPLATE_FIELDS 512

struct fm_field {
	uint16_t id;
	uint16_t len;		/* IPFIX_VARLEN: variable */
	uint32_t pen;		/* enterprise number; 0 = IANA */
};

/* A template a sender defined ("rx": the module's templates are the ones it sends). */
struct fm_rx_template {
	struct fm_sender *sender;
	uint32_t domain;
	uint16_t id;
	uint8_t version;
	bool options;
	uint16_t nscope;	/* options: the first nscope fields are scope */
	uint16_t nfields;
	uint32_t minlen;	/* bytes of a record, variable fields at 1 */
	uint64_t seen_ms;	/* last (re)definition */
	/*
	 * Fields naming an element an earlier field of the record named
	 * (Cisco ASR and ISR, Junos, Forcepoint, Open vSwitch): rep[i] is 1
	 * + the index of the first, or 0. The first non-zero occurrence
	 * is what the record says (decode.c).
	 */
	bool repeats;
	const uint16_t *rep;	/* nfields entries, after fields[] */
	struct fm_rx_template *next;
	struct fm_field fields[];
};

struct fm_rx_template *fm_rx_template_find(struct fm_decoder *d,
					   struct fm_sender *e, uint8_t version,
					   uint32_t domain, uint16_t id);
/* Returns 0, or an fm_err. Replaces a template of the same key. */
int fm_rx_template_add(struct fm_decoder *d, struct fm_sender *e,
		       uint8_t version, uint32_t domain, uint16_t id,
		       bool options, uint16_t nscope, const struct fm_field *f,
		       uint16_t n, uint64_t now_ms);
/* IPFIX withdrawal: one id, or every (options) template of the domain. */
void fm_rx_template_withdraw(struct fm_decoder *d, struct fm_sender *e,
			     uint32_t domain, uint16_t id, bool all, bool options);
/* Forget templates not refreshed for template_timeout. */
void fm_rx_templates_expire(struct fm_decoder *d, uint64_t now_ms);
void fm_rx_templates_free(struct fm_decoder *d);

#endif
