// SPDX-License-Identifier: GPL-2.0
/*
 * The template state file: templates survive a restart, so the collector
 * decodes at once instead of waiting for each exporter's next template.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "state.h"
#include "templates.h"

/*
 * One line per template:
 *   T <exporter> <version> <domain> <id> <options> <nscope> <seen_ms> id:len:pen ...
 */
int fm_state_write(struct fm_decoder *d, FILE *f)
{
	struct fm_rx_template *t;
	unsigned int i, j;
	char addr[64];

	fprintf(f, "# flowmeter template state, version 1\n");
	for (i = 0; i < FM_TEMPLATE_BUCKETS; i++)
		for (t = d->templates[i]; t; t = t->next) {
			fprintf(f, "T %s %u %u %u %d %u %llu",
				fm_addr_str(&t->sender->addr, addr, sizeof(addr)),
				t->version, t->domain, t->id, t->options,
				t->nscope, (unsigned long long)t->seen_ms);
			for (j = 0; j < t->nfields; j++)
				fprintf(f, " %u:%u:%u", t->fields[j].id,
					t->fields[j].len, t->fields[j].pen);
			fputc('\n', f);
		}
	if (fflush(f) || ferror(f))
		return -EIO;
	d->templates_changed = false;
	return 0;
}

/* Written beside and renamed, so a crash leaves the old file. */
int fm_state_save(struct fm_decoder *d, const char *path)
{
	char tmp[4096];
	FILE *f;
	int ret;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	ret = fm_state_write(d, f);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

int fm_state_load(struct fm_decoder *d, const char *path, uint64_t now_ms)
{
	struct fm_field fields[FM_MAX_TEMPLATE_FIELDS];
	unsigned int version, domain, id, opt, nscope, fid, flen, fpen;
	unsigned long long seen;
	char line[16384], addr[64];
	struct fm_sender *e;
	struct fm_addr a;
	int n = 0, off, pos;
	uint16_t nf;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "T %63s %u %u %u %u %u %llu%n", addr, &version,
			   &domain, &id, &opt, &nscope, &seen, &off) != 7)
			continue;
		if (fm_addr_parse(addr, &a) < 0 || id > 65535)
			continue;
		/* Stale state is no better than none. */
		if (seen + (uint64_t)d->o.template_timeout_s * 1000 < now_ms)
			continue;
		for (nf = 0; nf < FM_MAX_TEMPLATE_FIELDS &&
		     sscanf(line + off, " %u:%u:%u%n", &fid, &flen, &fpen, &pos) == 3;
		     nf++, off += pos) {
			fields[nf].id = fid;
			fields[nf].len = flen;
			fields[nf].pen = fpen;
		}
		if (!nf || nscope > nf)
			continue;
		e = fm_sender_get(d, &a, true);
		if (e && !fm_rx_template_add(d, e, version, domain, id, opt, nscope,
		    fields, nf, seen))
			n++;
	}
	fclose(f);
	d->templates_changed = false;
	return n;
}
