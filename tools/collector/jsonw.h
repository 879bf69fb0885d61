/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JSON writer for the streams' hot path (jsonw.c): one record a message
 * or document, written into a growing buffer with no tree and no printf,
 * because jansson's build-then-dump cost more than all of decode. Strings
 * are escaped and made valid UTF-8 (a bad byte becomes U+FFFD), so every
 * message parses.
 */
#ifndef FM_JSONW_H
#define FM_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "record.h"

#define FM_JW_DEPTH 8

struct fm_jw {
	char *buf;
	size_t len, cap;
	bool failed;			/* out of memory: fm_jw_done returns NULL */
	int depth;
	bool first[FM_JW_DEPTH];	/* no member written yet at this depth */
};

void fm_jw_init(struct fm_jw *w);
/* "key":{ (key NULL at the top), and its }. */
void fm_jw_open(struct fm_jw *w, const char *key);
void fm_jw_close(struct fm_jw *w);
void fm_jw_str(struct fm_jw *w, const char *key, const char *v);
void fm_jw_uint(struct fm_jw *w, const char *key, uint64_t v);
/* An address as text; nothing if the record has none. */
void fm_jw_addr(struct fm_jw *w, const char *key, const struct fm_addr *a);
/* "key":["v"] */
void fm_jw_str1(struct fm_jw *w, const char *key, const char *v);
/* The text (malloc'd, NUL-ended, length in *len), or NULL; the writer is spent. */
char *fm_jw_done(struct fm_jw *w, size_t *len);

#endif
