/* SPDX-License-Identifier: GPL-2.0 */
/* Records as one line of text or JSON (flowmeter-dump, logs, tests). */
#ifndef FM_PRINT_H
#define FM_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include "decoder.h"

void fm_rec_print(FILE *f, const struct fm_rec *r, bool json);
/* Its fields by name where known (v9 scope fields are marked), and what they set. */
void fm_opt_print(FILE *f, const struct fm_opt_rec *o, bool json);
/* Per-exporter counters, decode errors by reason, quirks by kind. */
void fm_stats_print(FILE *f, const struct fm_decoder *d, bool json);

#endif
