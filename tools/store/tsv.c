// SPDX-License-Identifier: GPL-2.0
/*
 * Tab-separated records (tsv.h): what PostgreSQL's COPY and ClickHouse's
 * TabSeparated both read and write.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tsv.h"

static bool grow(struct fm_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void fm_buf_add(struct fm_buf *b, const void *s, size_t n)
{
	if (!grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void fm_buf_str(struct fm_buf *b, const char *s)
{
	fm_buf_add(b, s, strlen(s));
}

void fm_buf_printf(struct fm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (b->p && b->len + n < b->cap) {
		b->len += n;
		return;
	}
	if (!grow(b, n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += n;
}

void fm_buf_reset(struct fm_buf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->p)
		*b->p = 0;
}

void fm_buf_free(struct fm_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Length of the UTF-8 sequence at @s, 0 if it is not one (overlongs and surrogates too). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t c;

	if (*s < 0x80)
		return 1;
	if ((*s & 0xe0) == 0xc0)
		n = 2, c = *s & 0x1f;
	else if ((*s & 0xf0) == 0xe0)
		n = 3, c = *s & 0x0f;
	else if ((*s & 0xf8) == 0xf0)
		n = 4, c = *s & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

void fm_tsv_text(struct fm_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t run = 0, n;

		/* The common case: a run of plain ASCII copied at once. */
		while (p[run] >= 0x20 && p[run] < 0x7f && p[run] != '\\')
			run++;
		if (run) {
			fm_buf_add(b, p, run);
			p += run;
			continue;
		}
		switch (*p) {
		case '\\': fm_buf_add(b, "\\\\", 2); p++; continue;
		case '\t': fm_buf_add(b, "\\t", 2); p++; continue;
		case '\n': fm_buf_add(b, "\\n", 2); p++; continue;
		case '\r': fm_buf_add(b, "\\r", 2); p++; continue;
		}
		n = utf8_len(p);
		if (!n) {
			fm_buf_add(b, "?", 1);
			p++;
			continue;
		}
		fm_buf_add(b, p, n);	/* other control bytes are data to both servers */
		p += n;
	}
}

/* @v in decimal at @p; the end. printf's machinery was a third of a record's cost. */
static char *put_i64(char *p, int64_t v)
{
	char tmp[24], *t = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--t = '0' + u % 10;
	while (u /= 10);
	if (v < 0)
		*--t = '-';
	memcpy(p, t, tmp + sizeof(tmp) - t);
	return p + (tmp + sizeof(tmp) - t);
}

void fm_tsv_rec(struct fm_buf *b, const struct fm_srec *r)
{
	/* Numbers and \N in place; text (at most the arena and two names, escaped) apart. */
	char buf[64], *p;
	int i;

	if (!grow(b, fm_srec_ncols * 24 + 1))
		return;
	p = b->p + b->len;
	for (i = 0; i < fm_srec_ncols; i++) {
		const char *t;
		int64_t v;

		if (i)
			*p++ = '\t';
		if (fm_srec_cols[i].type != FM_COL_TEXT) {
			if (fm_srec_get_int(r, i, &v))
				p = put_i64(p, v);
			else
				*p++ = '\\', *p++ = 'N';
			continue;
		}
		t = fm_srec_get_text(r, i, buf, sizeof(buf));
		if (!t) {
			*p++ = '\\', *p++ = 'N';
			continue;
		}
		b->len = p - b->p;
		fm_tsv_text(b, t);
		if (!grow(b, (fm_srec_ncols - i) * 24 + 1))
			return;
		p = b->p + b->len;
	}
	*p++ = '\n';
	b->len = p - b->p;
	b->p[b->len] = 0;
}

/* Unescape @s in place; whether it was \N. */
static bool unescape(char *s)
{
	char *d = s;

	if (!strcmp(s, "\\N"))
		return true;
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			*d++ = *s;
			continue;
		}
		switch (*++s) {
		case 't': *d++ = '\t'; break;
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		case 'b': *d++ = '\b'; break;
		case 'f': *d++ = '\f'; break;
		case 'v': *d++ = '\v'; break;
		case '0': *d++ = '?'; break;	/* a NUL cannot be in a C string */
		default: *d++ = *s; break;	/* \\, \', and anything else as itself */
		}
	}
	*d = 0;
	return false;
}

int fm_tsv_split(char *line, char **fields, int max)
{
	int n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');

		if (tab)
			*tab = 0;
		fields[n] = unescape(line) ? NULL : line;
		n++;
		if (!tab)
			break;
		line = tab + 1;
	}
	return n;
}

int fm_srec_from_fields(struct fm_srec *s, char *const *fields, int n)
{
	int i, bad = 0;

	memset(s, 0, offsetof(struct fm_srec, arena));
	for (i = 0; i < n && i < fm_srec_ncols; i++) {
		if (!fields[i])
			continue;
		if (fm_srec_cols[i].type == FM_COL_TEXT)
			bad |= fm_srec_set_text(s, i, fields[i]);
		else
			bad |= fm_srec_set_int(s, i, strtoll(fields[i], NULL, 10));
	}
	return bad ? -1 : 0;
}
