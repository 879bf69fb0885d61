// SPDX-License-Identifier: GPL-2.0
/* The streams' JSON writer (jsonw.h). */
#include <stdlib.h>
#include <string.h>
#include "addr.h"
#include "jsonw.h"

static bool room(struct fm_jw *w, size_t n)
{
	char *nb;
	size_t cap;

	if (w->failed)
		return false;
	if (w->len + n + 1 <= w->cap)
		return true;
	cap = w->cap ? w->cap : 512;
	while (cap < w->len + n + 1)
		cap *= 2;
	nb = realloc(w->buf, cap);
	if (!nb) {
		w->failed = true;
		return false;
	}
	w->buf = nb;
	w->cap = cap;
	return true;
}

static void put(struct fm_jw *w, const char *s, size_t n)
{
	if (room(w, n)) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

/* The length of a valid UTF-8 sequence at @s (1 to 4), or 0. */
static size_t utf8(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))
			return 0;	/* overlong, or a surrogate */
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

static void quoted(struct fm_jw *w, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)v, *run;
	char esc[6] = { '\\', 'u', '0', '0' };

	put(w, "\"", 1);
	while (*s) {
		size_t n;

		/* Plain ASCII in one copy: nearly every string is only that. */
		for (run = s; *s >= 0x20 && *s < 0x80 && *s != '"' && *s != '\\'; s++)
			;
		if (s > run)
			put(w, (const char *)run, s - run);
		if (!*s)
			break;
		if (*s == '"' || *s == '\\') {
			esc[1] = *s;
			put(w, esc, 2);
			esc[1] = 'u';
			s++;
		} else if (*s < 0x20) {
			esc[4] = hex[*s >> 4];
			esc[5] = hex[*s & 15];
			put(w, esc, 6);
			s++;
		} else if ((n = utf8(s))) {
			put(w, (const char *)s, n);
			s += n;
		} else {
			put(w, "\xef\xbf\xbd", 3);
			s++;
		}
	}
	put(w, "\"", 1);
}

static void key(struct fm_jw *w, const char *k)
{
	if (!w->first[w->depth])
		put(w, ",", 1);
	w->first[w->depth] = false;
	if (k) {
		quoted(w, k);
		put(w, ":", 1);
	}
}

void fm_jw_init(struct fm_jw *w)
{
	memset(w, 0, sizeof(*w));
	w->first[0] = true;
}

void fm_jw_open(struct fm_jw *w, const char *k)
{
	key(w, k);
	put(w, "{", 1);
	if (w->depth + 1 < FM_JW_DEPTH)
		w->depth++;
	else
		w->failed = true;
	w->first[w->depth] = true;
}

void fm_jw_close(struct fm_jw *w)
{
	put(w, "}", 1);
	if (w->depth)
		w->depth--;
}

void fm_jw_str(struct fm_jw *w, const char *k, const char *v)
{
	key(w, k);
	quoted(w, v);
}

void fm_jw_str1(struct fm_jw *w, const char *k, const char *v)
{
	key(w, k);
	put(w, "[", 1);
	quoted(w, v);
	put(w, "]", 1);
}

void fm_jw_addr(struct fm_jw *w, const char *k, const struct fm_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (a->family)
		fm_jw_str(w, k, fm_addr_str(a, buf, sizeof(buf)));
}

void fm_jw_uint(struct fm_jw *w, const char *k, uint64_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	key(w, k);
	do
		*--p = '0' + v % 10;
	while (v /= 10);
	put(w, p, buf + sizeof(buf) - p);
}

char *fm_jw_done(struct fm_jw *w, size_t *len)
{
	if (!room(w, 0) || w->depth) {
		free(w->buf);
		w->buf = NULL;
		return NULL;
	}
	w->buf[w->len] = 0;
	if (len)
		*len = w->len;
	return w->buf;
}
