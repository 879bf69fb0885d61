// SPDX-License-Identifier: GPL-2.0
/*
 * YAML nodes as the configuration reads them (config_yaml.h): typed values
 * and complaints that point at file:line:column.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config_yaml.h"
#include "when.h"

void fm_yaml_fail(struct fm_yaml *c, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int off;

	if (c->failed)
		return;
	c->failed = true;
	off = snprintf(c->err, c->errlen, "%s:%lu:%lu: ", c->path,
		       n ? (unsigned long)n->start_mark.line + 1 : 0,
		       n ? (unsigned long)n->start_mark.column + 1 : 0);
	va_start(ap, fmt);
	if (off >= 0 && (size_t)off < c->errlen)
		vsnprintf(c->err + off, c->errlen - off, fmt, ap);
	va_end(ap);
}

yaml_node_t *fm_yaml_node(struct fm_yaml *c, int id)
{
	return yaml_document_get_node(&c->doc, id);
}

static const char *yaml_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a scalar";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

bool fm_yaml_want(struct fm_yaml *c, const yaml_node_t *n, yaml_node_type_t t,
		 const char *what)
{
	if (n->type == t)
		return true;
	fm_yaml_fail(c, n, "%s must be %s, not %s", what,
	     t == YAML_SCALAR_NODE ? "a scalar" :
	     t == YAML_SEQUENCE_NODE ? "a list" : "a mapping", yaml_kind(n));
	return false;
}

const char *fm_yaml_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* calloc and strdup that fail the parse (at @n) when memory is out. */
void *fm_yaml_zalloc(struct fm_yaml *c, const yaml_node_t *n, size_t nmemb, size_t size)
{
	void *p = calloc(nmemb, size);

	if (!p)
		fm_yaml_fail(c, n, "out of memory");
	return p;
}

char *fm_yaml_dupstr(struct fm_yaml *c, const yaml_node_t *n, const char *s)
{
	char *d = strdup(s);

	if (!d)
		fm_yaml_fail(c, n, "out of memory");
	return d;
}

char *fm_yaml_str(struct fm_yaml *c, const yaml_node_t *n, const char *what)
{
	if (!fm_yaml_want(c, n, YAML_SCALAR_NODE, what))
		return NULL;
	return fm_yaml_dupstr(c, n, fm_yaml_scalar(n));
}

bool fm_yaml_uint(struct fm_yaml *c, const yaml_node_t *n, const char *what,
		    unsigned long long max, unsigned long long *v)
{
	char *end;

	if (!fm_yaml_want(c, n, YAML_SCALAR_NODE, what))
		return false;
	errno = 0;
	*v = strtoull(fm_yaml_scalar(n), &end, 10);
	if (!*fm_yaml_scalar(n) || *end || errno || *v > max || fm_yaml_scalar(n)[0] == '-') {
		fm_yaml_fail(c, n, "%s must be a whole number from 0 to %llu, not '%s'",
		     what, max, fm_yaml_scalar(n));
		return false;
	}
	return true;
}

bool fm_yaml_bool(struct fm_yaml *c, const yaml_node_t *n, const char *what, bool *v)
{
	const char *s;

	if (!fm_yaml_want(c, n, YAML_SCALAR_NODE, what))
		return false;
	s = fm_yaml_scalar(n);
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes"))
		*v = true;
	else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "no"))
		*v = false;
	else {
		fm_yaml_fail(c, n, "%s must be true or false, not '%s'", what, s);
		return false;
	}
	return true;
}

void fm_yaml_set_str(struct fm_yaml *c, const yaml_node_t *n, const char *what, char **out)
{
	free(*out);
	*out = fm_yaml_str(c, n, what);
}

bool fm_yaml_msecs(struct fm_yaml *c, const yaml_node_t *n, const char *what,
		   unsigned int max_ms, unsigned int *ms)
{
	uint64_t d;

	if (!fm_yaml_want(c, n, YAML_SCALAR_NODE, what))
		return false;
	if (fm_duration_parse(fm_yaml_scalar(n), &d) < 0 || !d || d > max_ms) {
		fm_yaml_fail(c, n, "%s must be a duration from 1ms to %us (100ms, 1s, 5m), not '%s'",
			     what, max_ms / 1000, fm_yaml_scalar(n));
		return false;
	}
	*ms = d;
	return true;
}

int fm_yaml_nitems(const yaml_node_t *s)
{
	return s->data.sequence.items.top - s->data.sequence.items.start;
}

int fm_yaml_npairs(const yaml_node_t *m)
{
	return m->data.mapping.pairs.top - m->data.mapping.pairs.start;
}

bool fm_yaml_key(struct fm_yaml *c, const yaml_node_t *k)
{
	return fm_yaml_want(c, k, YAML_SCALAR_NODE, "a key");
}

void fm_yaml_unknown_key(struct fm_yaml *c, const yaml_node_t *k, const char *where,
			const char *known)
{
	fm_yaml_fail(c, k, "unknown key '%s' in %s (known: %s)", fm_yaml_scalar(k), where, known);
}

/*
 * YAML wants a mapping's keys unique (rkosegi's Go parser refuses a
 * repeat too); a section given twice would be parsed twice into one
 * struct. Checked once, for every mapping of the document.
 */
bool fm_yaml_unique_keys(struct fm_yaml *c)
{
	yaml_node_t *m;
	yaml_node_pair_t *p, *q;

	for (m = c->doc.nodes.start; m < c->doc.nodes.top; m++) {
		if (m->type != YAML_MAPPING_NODE)
			continue;
		for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
			const yaml_node_t *k = fm_yaml_node(c, p->key), *j;

			if (!k || k->type != YAML_SCALAR_NODE)
				continue;
			for (q = m->data.mapping.pairs.start; q < p; q++) {
				j = fm_yaml_node(c, q->key);
				if (j && j->type == YAML_SCALAR_NODE &&
				    j->data.scalar.length == k->data.scalar.length &&
				    !memcmp(j->data.scalar.value, k->data.scalar.value,
					    k->data.scalar.length)) {
					fm_yaml_fail(c, k, "'%s' is given twice (first at line %lu)",
						     fm_yaml_scalar(k),
						     (unsigned long)j->start_mark.line + 1);
					return false;
				}
			}
		}
	}
	return true;
}
