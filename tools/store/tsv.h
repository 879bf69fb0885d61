/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records as tab-separated text, the bulk format PostgreSQL's COPY (text)
 * and ClickHouse's TabSeparated share: columns in fm_srec_cols order,
 * \N for absent, backslash escapes for \\, tab, newline and carriage
 * return. Values go into the database as data this way, never as SQL.
 * Also the growable buffer the two backends build requests in, and the
 * way back: a line of fields (either server's output) into a record.
 */
#ifndef FM_STORE_TSV_H
#define FM_STORE_TSV_H

#include <stdbool.h>
#include <stddef.h>
#include "srec.h"

struct fm_buf {
	char *p;
	size_t len, cap;
	bool oom;		/* something did not fit: the buffer is not what was asked */
};

void fm_buf_add(struct fm_buf *b, const void *s, size_t n);
void fm_buf_str(struct fm_buf *b, const char *s);
void fm_buf_printf(struct fm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Empty it, keep the memory. */
void fm_buf_reset(struct fm_buf *b);
void fm_buf_free(struct fm_buf *b);

/*
 * @s escaped for a TSV field; bytes that are not UTF-8 become '?'
 * (PostgreSQL refuses a whole COPY for one; ClickHouse would keep them, and
 * the same record must read back the same from every store).
 */
void fm_tsv_text(struct fm_buf *b, const char *s);
/* One line: every column of @r, then '\n'. */
void fm_tsv_rec(struct fm_buf *b, const struct fm_srec *r);

/*
 * Split @line (no '\n') at tabs, unescaping each field in place; a field
 * that is \N gives NULL. How many fields (at most @max).
 */
int fm_tsv_split(char *line, char **fields, int max);
/* Fields in fm_srec_cols order (NULL: absent) into @s; -1 if a value does not fit. */
int fm_srec_from_fields(struct fm_srec *s, char *const *fields, int n);

#endif
