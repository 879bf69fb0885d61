// SPDX-License-Identifier: GPL-2.0
/*
 * The decoder's state: its options, the senders it has heard from (a
 * list capped at max_senders, so that spoofed sources cannot grow memory
 * without bound) and the names of what can go wrong with a datagram, or
 * be odd about it.
 */
#include <stdlib.h>
#include <string.h>
#include "decoder.h"
#include "templates.h"

static const char *const err_names[FM_ERR__COUNT] = {
	[FM_ERR_SHORT_HEADER]	= "short_header",
	[FM_ERR_BAD_LENGTH]	= "bad_length",
	[FM_ERR_UNKNOWN_VERSION] = "unknown_version",
	[FM_ERR_SET_PAST_END]	= "set_past_end",
	[FM_ERR_SET_TOO_SHORT]	= "set_too_short",
	[FM_ERR_BAD_SET_ID]	= "bad_set_id",
	[FM_ERR_TEMPLATE_EMPTY]	= "template_empty",
	[FM_ERR_TEMPLATE_BAD]	= "template_bad",
	[FM_ERR_RECORD_ZERO]	= "record_length_zero",
	[FM_ERR_TEMPLATE_CAP]	= "template_cap",
	[FM_ERR_VARLEN]		= "bad_varlen",
	[FM_ERR_SENDER_CAP]	= "exporter_cap",
};

const char *fm_err_name(enum fm_err e)
{
	return e < FM_ERR__COUNT ? err_names[e] : "unknown";
}

static const char *const quirk_names[FM_QUIRK__COUNT] = {
	[FM_QUIRK_PADDING]		= "padding",
	[FM_QUIRK_V9_VARLEN]		= "v9_variable_length",
	[FM_QUIRK_REPEATED_FIELD]	= "repeated_field",
	[FM_QUIRK_UPTIME_NO_INIT]	= "uptime_without_init",
	[FM_QUIRK_V9_OPTION_LENGTH]	= "v9_option_length",
	[FM_QUIRK_SAMPLING_LENGTH]	= "sampling_field_length",
};

const char *fm_quirk_name(enum fm_quirk q)
{
	return q < FM_QUIRK__COUNT ? quirk_names[q] : "unknown";
}

void fm_decoder_init(struct fm_decoder *d, const struct fm_decoder_opts *o)
{
	memset(d, 0, sizeof(*d));
	if (o)
		d->o = *o;
	if (!d->o.max_templates)
		d->o.max_templates = 1024;
	if (!d->o.max_senders)
		d->o.max_senders = 4096;
	if (!d->o.template_timeout_s)
		d->o.template_timeout_s = 1800;
	if (!d->o.default_sampling)
		d->o.default_sampling = 1;
}

void fm_decoder_free(struct fm_decoder *d)
{
	struct fm_sender *e, *en;
	struct fm_domain *dm, *dn;

	fm_rx_templates_free(d);
	for (e = d->senders; e; e = en) {
		en = e->next;
		for (dm = e->domains; dm; dm = dn) {
			dn = dm->next;
			free(dm);
		}
		free(e);
	}
	memset(d, 0, sizeof(*d));
}

struct fm_sender *fm_sender_get(struct fm_decoder *d,
				const struct fm_addr *a, bool create)
{
	struct fm_sender *e;

	for (e = d->senders; e; e = e->next)
		if (fm_addr_eq(&e->addr, a))
			return e;
	if (!create || d->nsenders >= d->o.max_senders)
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->addr = *a;
	e->next = d->senders;
	d->senders = e;
	d->nsenders++;
	return e;
}

const char *fm_sender_ifname(const struct fm_sender *e, uint32_t index)
{
	unsigned int i;

	for (i = 0; e && i < e->nifnames; i++)
		if (e->ifnames[i].index == index)
			return e->ifnames[i].name;
	return NULL;
}
