/* SPDX-License-Identifier: GPL-2.0 */
/* Aligned text tables (out.c): cells first, then widths, then lines. */
#ifndef FM_OUT_H
#define FM_OUT_H

#include <stdbool.h>
#include <stdio.h>

#define FM_OUT_MAXCOLS 12

struct fm_table {
	int ncols;
	const char *head[FM_OUT_MAXCOLS];
	bool right[FM_OUT_MAXCOLS];	/* numbers align right */
	char **cells;			/* nrows * ncols, malloc'd */
	size_t nrows, cap;
	bool oom;
};

/* Columns: "NAME" left-aligned, ">NAME" right-aligned. */
void fm_table_init(struct fm_table *t, int ncols, const char *const *heads);
/* One row of ncols printf-formatted cells: fmt has one "%s"-ish conversion per cell,
 * separated by '\t'. */
void fm_table_row(struct fm_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fm_table_print(struct fm_table *t, FILE *f);
void fm_table_free(struct fm_table *t);

#endif
