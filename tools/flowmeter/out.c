// SPDX-License-Identifier: GPL-2.0
/* Aligned text tables (out.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "out.h"

void fm_table_init(struct fm_table *t, int ncols, const char *const *heads)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->ncols = ncols < FM_OUT_MAXCOLS ? ncols : FM_OUT_MAXCOLS;
	for (i = 0; i < t->ncols; i++) {
		t->right[i] = heads[i][0] == '>';
		t->head[i] = heads[i] + t->right[i];
	}
}

void fm_table_row(struct fm_table *t, const char *fmt, ...)
{
	char *line = NULL, *p, *cell;
	va_list ap;
	int i, n;

	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	va_end(ap);
	if (n < 0 || t->oom) {
		t->oom = true;
		return;
	}
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(*c));

		if (!c) {
			free(line);
			t->oom = true;
			return;
		}
		t->cells = c;
		t->cap = cap;
	}
	/* strsep, not strtok: an empty cell stays a cell. */
	p = line;
	for (i = 0; i < t->ncols; i++) {
		cell = p ? strsep(&p, "\t") : NULL;
		t->cells[t->nrows * t->ncols + i] = strdup(cell ? cell : "");
	}
	t->nrows++;
	free(line);
}

void fm_table_print(struct fm_table *t, FILE *f)
{
	size_t w[FM_OUT_MAXCOLS], r;
	int i;

	for (i = 0; i < t->ncols; i++)
		w[i] = strlen(t->head[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			const char *c = t->cells[r * t->ncols + i];
			size_t n = c ? strlen(c) : 0;

			if (n > w[i])
				w[i] = n;
		}
	for (r = 0; r <= t->nrows; r++) {
		for (i = 0; i < t->ncols; i++) {
			const char *c = r ? t->cells[(r - 1) * t->ncols + i] : t->head[i];
			bool last = i == t->ncols - 1;

			if (!c)
				c = "?";
			if (t->right[i])
				fprintf(f, "%*s%s", (int)w[i], c, last ? "" : "  ");
			else if (last)
				fputs(c, f);
			else
				fprintf(f, "%-*s  ", (int)w[i], c);
		}
		fputc('\n', f);
	}
	if (t->oom)
		fputs("(out of memory: rows left out)\n", f);
}

void fm_table_free(struct fm_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}
