/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flow attributes by name, as labels and filters refer to them. The names
 * are rkosegi/netflow-collector's (source_ip, proto, bytes, ...) plus the
 * enrichers' (proto_name, source_country, ...).
 */
#ifndef FM_ATTRS_H
#define FM_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "record.h"

enum fm_attr {
	ATTR_SOURCE_IP, ATTR_DESTINATION_IP, ATTR_NEXT_HOP, ATTR_SAMPLER,
	ATTR_POST_NAT_SOURCE_IP, ATTR_POST_NAT_DESTINATION_IP,
	ATTR_PROTO, ATTR_SOURCE_PORT, ATTR_DESTINATION_PORT,
	ATTR_INPUT_INTERFACE, ATTR_OUTPUT_INTERFACE,
	ATTR_SOURCE_AS, ATTR_DESTINATION_AS, ATTR_TOS, ATTR_TCP_FLAGS,
	ATTR_BYTES, ATTR_PACKETS, ATTR_FLOWS, ATTR_IP_VERSION,
	ATTR_NAT_EVENT, ATTR_FLOW_VERSION,
	/* strings set by enrichers */
	ATTR_PROTO_NAME, ATTR_SOURCE_COUNTRY, ATTR_DESTINATION_COUNTRY,
	ATTR_SOURCE_ASN_ORG, ATTR_DESTINATION_ASN_ORG,
	ATTR_SOURCE_ASN_NUM, ATTR_DESTINATION_ASN_NUM,
	ATTR_SOURCE_CITY, ATTR_DESTINATION_CITY,
	ATTR_INPUT_INTERFACE_NAME, ATTR_OUTPUT_INTERFACE_NAME,
	ATTR_SOURCE_HOST, ATTR_DESTINATION_HOST,
	ATTR_SOURCE_NAME, ATTR_DESTINATION_NAME,
	ATTR__COUNT
};

#define ATTR_FIRST_STRING ATTR_PROTO_NAME

/*
 * A record on its way through the pipeline, with what enrichers added
 * (in the module a flow is a flow-table entry).
 */
struct fm_enriched_rec {
	const struct fm_rec *rec;
	const char *str[ATTR__COUNT - ATTR_FIRST_STRING];
	size_t used;		/* of scratch; reset with the fields above */
	char scratch[512];	/* enrichers' own strings live here */
};

int fm_attr_lookup(const char *name);
const char *fm_attr_name(int attr);
bool fm_attr_is_addr(int attr);
bool fm_attr_is_string(int attr);

/* The attribute's address, or NULL if the record has none. */
const struct fm_addr *fm_attr_addr(const struct fm_enriched_rec *f, int attr);
/* Numeric attributes; false if absent. */
bool fm_attr_uint(const struct fm_enriched_rec *f, int attr, uint64_t *v);
/* Any attribute as label text; "" if absent. */
const char *fm_attr_text(const struct fm_enriched_rec *f, int attr, char *buf, size_t len);
/* Enrichers: set a string attribute (copied into the flow's scratch). */
void fm_attr_set(struct fm_enriched_rec *f, int attr, const char *s);
/*
 * A side's AS number as the streams give it: the exporter's if it sent
 * one, else @enriched's (the ASN enricher's text, "15169" or "AS15169"),
 * else 0.
 */
uint64_t fm_rec_asn(const struct fm_rec *r, bool src, const char *enriched);

#endif
