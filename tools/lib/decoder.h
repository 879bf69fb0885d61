/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow decoder's state: what the protocols make a collector keep.
 * Templates per (exporter, domain, template id) (templates.h), sampling
 * per domain, sequence numbers, and per-exporter counters of everything
 * that went wrong. Not thread-safe: one caller at a time. Decoding itself
 * is decode.h.
 */
#ifndef FM_DECODER_H
#define FM_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <flowmeter/wire.h>
#include "addr.h"
#include "record.h"

/* Why a datagram (or part of it) was dropped. */
enum fm_err {
	FM_ERR_SHORT_HEADER,	/* shorter than its version's header */
	FM_ERR_BAD_LENGTH,	/* header length or count disagrees with the datagram */
	FM_ERR_UNKNOWN_VERSION,
	FM_ERR_SET_PAST_END,	/* a set's length runs past the datagram */
	FM_ERR_SET_TOO_SHORT,	/* a set's length is below its own header */
	FM_ERR_BAD_SET_ID,	/* set ids 4..255 are reserved */
	FM_ERR_TEMPLATE_EMPTY,	/* a template with zero fields (v9), or zero scope */
	FM_ERR_TEMPLATE_BAD,	/* a template running past its set */
	FM_ERR_RECORD_ZERO,	/* a template whose records are 0 bytes long */
	FM_ERR_TEMPLATE_CAP,	/* the exporter already has max_templates */
	FM_ERR_VARLEN,		/* a variable-length field runs past its set */
	FM_ERR_SENDER_CAP,	/* too many exporters: datagram not decoded */
	FM_ERR__COUNT
};

const char *fm_err_name(enum fm_err e);

/*
 * What exporters send that the protocols do not say, or say otherwise,
 * and that is decoded anyway: not errors (the data is used), but worth
 * knowing about an exporter. Counted per exporter.
 */
enum fm_quirk {
	FM_QUIRK_PADDING,	/* zero bytes after the last set (ACI, PAN-OS) */
	FM_QUIRK_V9_VARLEN,	/* v9 field of length 65535 (H3C): IPFIX's variable length */
	FM_QUIRK_REPEATED_FIELD, /* a template naming one element twice */
	FM_QUIRK_UPTIME_NO_INIT, /* IPFIX sysUpTime times, no systemInitTime: times unknown */
	FM_QUIRK_V9_OPTION_LENGTH, /* v9 options scope/option length not whole fields (EdgeOS) */
	FM_QUIRK_SAMPLING_LENGTH, /* a sampling rate wider than 8 bytes (FortiGate): not used */
	FM_QUIRK__COUNT
};

const char *fm_quirk_name(enum fm_quirk q);

#define FM_MAX_SAMPLERS 16

/* What the exporter told us about itself, per observation domain. */
struct fm_domain {
	uint32_t id;
	uint8_t version;
	bool have_seq;
	uint32_t next_seq;	/* the sequence number we expect next */
	uint32_t sampling;	/* from options data or the v5 header; 0 = none */
	/* Samplers options data named (Cisco's samplerId, RFC 5477's selectorId). */
	unsigned int nsamplers;
	struct {
		uint64_t id;
		uint32_t rate;
	} samplers[FM_MAX_SAMPLERS];
	uint64_t sys_init_ms;	/* systemInitTimeMilliseconds; 0 = not said */
	struct fm_domain *next;
};

struct fm_ifname {
	uint32_t index;
	char name[32];
};

#define FM_MAX_IFNAMES 256

/*
 * A remote exporter, as the collector sees it. "Sender", because in the
 * module an exporter is the thing that builds PDUs.
 */
struct fm_sender {
	struct fm_addr addr;
	uint32_t sampling_override;	/* from configuration; 0 = none */
	uint64_t packets;		/* datagrams received */
	uint64_t records;		/* flow records decoded */
	uint64_t nat_records;
	uint64_t option_records;
	uint64_t template_misses;	/* data sets whose template we lack */
	uint64_t seq_gaps;		/* discontinuities in sequence numbers */
	uint64_t seq_missing;		/* what the gaps say was lost */
	uint64_t errors[FM_ERR__COUNT];
	uint64_t quirks;		/* the sum of quirk[] */
	uint64_t quirk[FM_QUIRK__COUNT];
	unsigned int ntemplates;
	struct fm_domain *domains;
	unsigned int nifnames;
	struct fm_ifname ifnames[FM_MAX_IFNAMES];	/* learnt from options */
	struct fm_sender *next;
};

struct fm_decoder_opts {
	unsigned int max_templates;	/* per exporter; default 1024 */
	unsigned int max_senders;	/* default 4096 */
	uint32_t template_timeout_s;	/* v9/IPFIX: forget after this; default 1800 */
	uint32_t default_sampling;	/* when the exporter says nothing; default 1 */
};

#define FM_TEMPLATE_BUCKETS 4096

struct fm_rx_template;

/* One field of an options record, as it came. */
struct fm_opt_field {
	uint16_t id;
	uint16_t len;
	uint32_t pen;
	bool scope;		/* v9: id is a scope type (1 System, 2 Interface...) */
	const uint8_t *v;
};

/*
 * An options record: what an exporter says about itself (samplers,
 * interface names, its clock), with what the decoder took from it.
 */
struct fm_opt_rec {
	struct fm_addr sender;
	uint8_t version;
	uint32_t domain;
	uint16_t template_id;
	uint16_t nfields;
	const struct fm_opt_field *f;
	uint32_t sampling;	/* the rate it states; 0 = none */
	bool has_sampler;
	uint64_t sampler_id;
	bool has_ifindex;
	uint32_t ifindex;
	const char *ifname;	/* learnt for ifindex, or NULL */
	uint64_t sys_init_ms;	/* 0 = not said */
};

typedef void (*fm_opt_fn)(const struct fm_opt_rec *o, void *ctx);

struct fm_decoder {
	/*
	 * Called (with fm_decode's ctx) for every options record; NULL
	 * skips building them. Options records are not fm_recs: they are
	 * not traffic, and the pipeline and the store never see them.
	 */
	fm_opt_fn opt_fn;
	struct fm_decoder_opts o;
	struct fm_sender *senders;
	unsigned int nsenders;
	struct fm_rx_template *templates[FM_TEMPLATE_BUCKETS];
	unsigned int ntemplates;
	bool templates_changed;		/* since the last save */
	uint64_t errors[FM_ERR__COUNT];	/* of datagrams from no known exporter */
};

void fm_decoder_init(struct fm_decoder *d, const struct fm_decoder_opts *o);
void fm_decoder_free(struct fm_decoder *d);

struct fm_sender *fm_sender_get(struct fm_decoder *d,
				const struct fm_addr *a, bool create);
const char *fm_sender_ifname(const struct fm_sender *e, uint32_t index);

#endif
