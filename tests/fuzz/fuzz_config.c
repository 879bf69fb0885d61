// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: flowmeterd's YAML configuration (collector/config*.c)
 * and the enrichers' check of it, from a file as flowmeterd reads one
 * (a memfd behind /proc/self/fd, so nothing touches the disk). A file
 * that is refused must say why, starting with its name (FILE:LINE:COL:
 * or FILE:), never crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "config.h"
#include "enrich.h"

static void said_why(const char *path, const char *err)
{
	size_t n = strlen(path);

	if (strncmp(err, path, n) || err[n] != ':') {
		fprintf(stderr, "refused without saying where: \"%s\"\n", err);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], err[1024];
	struct fm_config *c;
	int fd;

	fd = memfd_create("fuzz-config", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err[0] = 0;
	c = fm_config_load(path, err, sizeof(err));
	if (!c) {
		said_why(path, err);
	} else {
		err[0] = 0;
		if (fm_enrich_check(c, err, sizeof(err)) < 0 && !err[0]) {
			fprintf(stderr, "enrichers refused without a message\n");
			abort();
		}
		fm_config_free(c);
	}
	close(fd);
	return 0;
}
