/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Settings of the reference module that flowmeter accepts, checks the way
 * the reference does, and keeps, without acting on them: sampler,
 * snmp-rules, aggregation, promisc, debug, scan-min. flowmeter.8 says why
 * for each.
 */
#ifndef FM_REF_SETTINGS_H
#define FM_REF_SETTINGS_H

#define FM_REF_SAMPLER_LEN	64
#define FM_REF_STR_LEN		1024

/* The reference's strings as last written; under fm_net.lock. */
struct fm_ref_strings {
	char sampler[FM_REF_SAMPLER_LEN];
	char snmp_rules[FM_REF_STR_LEN];
	char aggregation[FM_REF_STR_LEN];
};

struct fm_net;

/* The initial namespace's, from the module parameters (reported once). */
void fm_ref_init(struct fm_net *fn, bool host);

/* 0, or -EINVAL with *@why saying what the reference would have said. */
int fm_ref_set_sampler(struct fm_net *fn, const char *s, const char **why);
int fm_ref_set_snmp_rules(struct fm_net *fn, const char *s, const char **why);
int fm_ref_set_aggregation(struct fm_net *fn, const char *s, const char **why);
/* promisc and debug: any number, as the reference takes them. */
void fm_ref_set_promisc(struct fm_net *fn, int v);

#endif
