// SPDX-License-Identifier: GPL-2.0
/*
 * The store backends by name (and URL scheme): sqlite.c, postgresql.c,
 * clickhouse.c.
 */
#include <stdio.h>
#include <string.h>
#include "clickhouse.h"
#include "postgresql.h"
#include "sqlite.h"
#include "store.h"

static const struct {
	const char *name;
	const struct fm_store_ops *ops;
} backends[] = {
	{ "sqlite", &fm_store_sqlite },
	{ "postgresql", &fm_store_postgresql },
	{ "clickhouse", &fm_store_clickhouse },
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
