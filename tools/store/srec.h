/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stored record: one pipeline record (a flow or a NAT event) with the
 * strings the enrichers gave it, copied into one block without pointers,
 * so it can sit in a queue, cross a thread, be written by any backend and
 * be read back whole. The columns table is the one description of it every
 * backend builds its tables from and reads rows back with, and the JSON
 * record (json.h) uses the same names.
 */
#ifndef FM_SREC_H
#define FM_SREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "attrs.h"
#include "record.h"

#define FM_SREC_NSTR (ATTR__COUNT - ATTR_FIRST_STRING)
/* As big as the pipeline's scratch, so enrichers' strings always fit. */
#define FM_SREC_ARENA 512

struct fm_srec {
	struct fm_rec rec;		/* rec.kind: FM_REC_FLOW or FM_REC_NAT */
	uint64_t received_ms;		/* when flowmeterd decoded it */
	uint16_t str[FM_SREC_NSTR];	/* 1 + offset into arena; 0: absent */
	uint16_t used;			/* of arena */
	char arena[FM_SREC_ARENA];
};

/*
 * From the pipeline's per-record struct; returns how many strings did not
 * fit the arena (left absent; 0 unless an enricher set strings from outside
 * its scratch, which is bigger than nobody has seen).
 */
int fm_srec_from(struct fm_srec *s, const struct fm_enriched_rec *f,
		 uint64_t received_ms);
/* A record with no strings (NAT events, generated records). */
void fm_srec_init(struct fm_srec *s, const struct fm_rec *r, uint64_t received_ms);
/* A string attribute (ATTR_FIRST_STRING..), or NULL if absent. */
const char *fm_srec_str(const struct fm_srec *s, int attr);
/* Set a string attribute; -1 if the arena is full. */
int fm_srec_set_str(struct fm_srec *s, int attr, const char *v);
/* The record as the attribute functions (attrs.h) read it. */
void fm_srec_view(const struct fm_srec *s, struct fm_enriched_rec *f);
/*
 * The time a record counts at: a flow's end, else when it was received
 * (records without times); a NAT event's observation time, else received.
 */
uint64_t fm_srec_time(const struct fm_srec *s);

/*
 * Columns. Every attribute is one, named as the attribute (source_ip,
 * proto, destination_country, ...), so a query "by ATTR" reads the column
 * ATTR; a few more keep what attributes do not say (times, post-NAT ports,
 * the has mask). INT and TIME columns are 64-bit integers (TIME: epoch
 * milliseconds, RFC 3339 text in JSON); TEXT columns are addresses as
 * text and strings. Absent is NULL. Values read back through set give the
 * same record (derived columns such as ip_version are ignored on the way in).
 */
enum fm_col_type { FM_COL_INT, FM_COL_TIME, FM_COL_TEXT };

struct fm_col {
	const char *name;
	enum fm_col_type type;
	int attr;		/* the attribute it is, or -1 */
};

extern const struct fm_col fm_srec_cols[];
extern const int fm_srec_ncols;

/* The first column: the time the record counts at (fm_srec_time). */
#define FM_COL_TS 0

int fm_col_lookup(const char *name);
/* The column holding attribute @attr (every attribute has one). */
int fm_col_of_attr(int attr);

/* INT and TIME columns; false if absent. */
bool fm_srec_get_int(const struct fm_srec *s, int col, int64_t *v);
/* TEXT columns (addresses formatted into @buf, INET6_ADDRSTRLEN at least); NULL if absent. */
const char *fm_srec_get_text(const struct fm_srec *s, int col, char *buf, size_t len);
/* 0, or -1 if @v does not fit the column (bad address, arena full). */
int fm_srec_set_int(struct fm_srec *s, int col, int64_t v);
int fm_srec_set_text(struct fm_srec *s, int col, const char *v);

#endif
