/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The template state file: templates survive a restart, so the collector
 * decodes at once instead of waiting for the exporter's next template.
 * Text, one template per line. Returns 0 or -errno; load returns the
 * number of templates read.
 */
#ifndef FM_STATE_H
#define FM_STATE_H

#include <stdint.h>
#include <stdio.h>
#include "decoder.h"

int fm_state_save(struct fm_decoder *d, const char *path);
int fm_state_write(struct fm_decoder *d, FILE *f);
int fm_state_load(struct fm_decoder *d, const char *path, uint64_t now_ms);

#endif
