// SPDX-License-Identifier: GPL-2.0
/*
 * The store backends by name. postgresql and clickhouse are reserved: the
 * configuration knows their names, and says they are not built in until
 * postgresql.c and clickhouse.c fill their entries.
 */
#include <stdio.h>
#include <string.h>
#include "sqlite.h"
#include "store.h"

static const struct {
	const char *name;
	const struct fm_store_ops *ops;
} backends[] = {
	{ "sqlite", &fm_store_sqlite },
	{ "postgresql", NULL },		/* postgresql.c */
	{ "clickhouse", NULL },		/* clickhouse.c */
};

const struct fm_store_ops *fm_store_backend(const char *name, char *err, size_t errlen)
{
	size_t i, n = strcspn(name, ":");

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		if (strlen(backends[i].name) != n || strncmp(backends[i].name, name, n))
			continue;
		if (!backends[i].ops)
			snprintf(err, errlen, "store backend '%s' is not built in this version",
				 backends[i].name);
		return backends[i].ops;
	}
	snprintf(err, errlen, "unknown store backend '%.*s' (known: %s)", (int)n, name,
		 fm_store_backend_names());
	return NULL;
}

const char *fm_store_backend_names(void)
{
	return "sqlite, postgresql, clickhouse";
}
