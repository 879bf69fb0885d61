/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every part of the configuration parser shares (config.c and the
 * sections in files of their own, config_store.c, ...): the document, its
 * typed values, and the first complaint, "FILE:LINE:COL: ...". Each
 * top-level key is a section: a name and the function that parses its
 * value (config.c's table).
 */
#ifndef FM_CONFIG_YAML_H
#define FM_CONFIG_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>
#include "config.h"

struct fm_yaml {
	yaml_document_t doc;
	const char *path;
	char *err;
	size_t errlen;
	bool failed;
	/* config.c's: keys whose value waits for others (parsed last). */
	const yaml_node_t *items, *endpoint;
};

/* A top-level key and its parser (config.c's table). */
struct fm_config_section {
	const char *key;
	void (*parse)(struct fm_yaml *c, struct fm_config *cf, const yaml_node_t *v);
};

/* Only the first complaint is kept. */
void fm_yaml_fail(struct fm_yaml *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
yaml_node_t *fm_yaml_node(struct fm_yaml *c, int id);
/* Whether @n is of type @t; if not, a complaint naming @what. */
bool fm_yaml_want(struct fm_yaml *c, const yaml_node_t *n, yaml_node_type_t t,
		  const char *what);
const char *fm_yaml_scalar(const yaml_node_t *n);
/* calloc and strdup that fail the parse (at @n) when memory is out. */
void *fm_yaml_zalloc(struct fm_yaml *c, const yaml_node_t *n, size_t nmemb, size_t size);
char *fm_yaml_dupstr(struct fm_yaml *c, const yaml_node_t *n, const char *s);
/* A scalar, copied. */
char *fm_yaml_str(struct fm_yaml *c, const yaml_node_t *n, const char *what);
bool fm_yaml_uint(struct fm_yaml *c, const yaml_node_t *n, const char *what,
		  unsigned long long max, unsigned long long *v);
bool fm_yaml_bool(struct fm_yaml *c, const yaml_node_t *n, const char *what, bool *v);
/* A scalar copied into *@out, what was there freed (a key given twice: the last wins). */
void fm_yaml_set_str(struct fm_yaml *c, const yaml_node_t *n, const char *what, char **out);
/* A duration ("100ms", "1s", "5m") from 1 ms to @max_ms, in milliseconds. */
bool fm_yaml_msecs(struct fm_yaml *c, const yaml_node_t *n, const char *what,
		   unsigned int max_ms, unsigned int *ms);
int fm_yaml_nitems(const yaml_node_t *s);
int fm_yaml_npairs(const yaml_node_t *m);
/* No mapping of the document names a key twice (else a complaint at the repeat). */
bool fm_yaml_unique_keys(struct fm_yaml *c);
/* A key must be a scalar. */
bool fm_yaml_key(struct fm_yaml *c, const yaml_node_t *k);
void fm_yaml_unknown_key(struct fm_yaml *c, const yaml_node_t *k, const char *where,
			 const char *known);

/* Iterate a mapping: for (p = ...; p < top; p++) with key/value nodes. */
#define fm_yaml_for_pairs(c, m, k, v, p) \
	for (p = (m)->data.mapping.pairs.start; \
	     p < (m)->data.mapping.pairs.top && \
	     ((k) = fm_yaml_node(c, p->key), (v) = fm_yaml_node(c, p->value), 1); p++)

#define fm_yaml_for_items(c, s, v, it) \
	for (it = (s)->data.sequence.items.start; \
	     it < (s)->data.sequence.items.top && ((v) = fm_yaml_node(c, *it), 1); it++)

#endif
