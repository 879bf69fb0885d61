// SPDX-License-Identifier: GPL-2.0
/* The module's settings and figures by name (ksettings.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "uapi/linux/flowmeter.h"
#include "ksettings.h"

const struct fm_ksetting fm_ksettings[] = {
	{ "destination", FLOWMETER_A_DESTINATION, FM_KS_STRING, 1 },
	{ "protocol", FLOWMETER_A_PROTOCOL, FM_KS_U32, 1 },
	{ "active_timeout", FLOWMETER_A_ACTIVE_TIMEOUT, FM_KS_U32, 1 },
	{ "inactive_timeout", FLOWMETER_A_INACTIVE_TIMEOUT, FM_KS_U32, 1 },
	{ "maxflows", FLOWMETER_A_MAXFLOWS, FM_KS_U32, 1 },
	{ "sndbuf", FLOWMETER_A_SNDBUF, FM_KS_U32, 1 },
	{ "refresh-rate", FLOWMETER_A_REFRESH_RATE, FM_KS_U32, 1 },
	{ "timeout-rate", FLOWMETER_A_TIMEOUT_RATE, FM_KS_U32, 1 },
	{ "engine_id", FLOWMETER_A_ENGINE_ID, FM_KS_U32, 1 },
	{ "natevents", FLOWMETER_A_NATEVENTS, FM_KS_U32, 1 },
	{ "natevents_queue", FLOWMETER_A_NAT_QUEUE, FM_KS_U32, 1 },
	{ "hooks", FLOWMETER_A_HOOKS, FM_KS_HOOKS, 1 },
	{ "hook_priority", FLOWMETER_A_HOOK_PRIORITY, FM_KS_S32, 1 },
	{ "hook_mark", FLOWMETER_A_HOOK_MARK, FM_KS_MARK, 1 },
	{ "hashsize", FLOWMETER_A_HASHSIZE, FM_KS_U32, 0 },
};
const unsigned int fm_nksettings = sizeof(fm_ksettings) / sizeof(fm_ksettings[0]);

/* The snmp file's names where it has the figure; the rest in its style. */
const char *const fm_kstat_names[] = {
	[FLOWMETER_STAT_IN_PACKETS] = "inPackets",
	[FLOWMETER_STAT_IN_BYTES] = "inBytes",
	[FLOWMETER_STAT_IN_FLOWS] = "inFlows",
	[FLOWMETER_STAT_METER_PACKETS] = "meterPackets",
	[FLOWMETER_STAT_METER_BYTES] = "meterBytes",
	[FLOWMETER_STAT_DROP_MAXFLOWS] = "dropMaxflows",
	[FLOWMETER_STAT_DROP_ALLOC] = "dropAlloc",
	[FLOWMETER_STAT_DROP_BYTES] = "dropBytes",
	[FLOWMETER_STAT_FRAGS] = "fragPackets",
	[FLOWMETER_STAT_TRUNCATED] = "truncPackets",
	[FLOWMETER_STAT_OTHER_L4] = "otherL4Packets",
	[FLOWMETER_STAT_SEARCHED] = "hashSearched",
	[FLOWMETER_STAT_FLOWS_ACTIVE] = "hashFlows",
	[FLOWMETER_STAT_FLOWS_PEAK] = "hashPeak",
	[FLOWMETER_STAT_RATE_BITS] = "inBitRate",
	[FLOWMETER_STAT_RATE_PACKETS] = "inPacketRate",
	[FLOWMETER_STAT_RATE_OUT] = "outByteRate",
	[FLOWMETER_STAT_OUT_PDUS] = "outPackets",
	[FLOWMETER_STAT_OUT_BYTES] = "outBytes",
	[FLOWMETER_STAT_OUT_FLOWS] = "outFlows",
	[FLOWMETER_STAT_OUT_PACKETS] = "outFlowPackets",
	[FLOWMETER_STAT_OUT_TRAFFIC] = "outFlowBytes",
	[FLOWMETER_STAT_LOST_PDUS] = "lostPdus",
	[FLOWMETER_STAT_LOST_FLOWS] = "lostFlows",
	[FLOWMETER_STAT_LOST_PACKETS] = "lostPackets",
	[FLOWMETER_STAT_LOST_BYTES] = "lostBytes",
	[FLOWMETER_STAT_TEMPLATES] = "outTemplates",
	[FLOWMETER_STAT_V5_UNEXPORTABLE] = "outV5Unexportable",
	[FLOWMETER_STAT_ENDED_IDLE] = "endedIdle",
	[FLOWMETER_STAT_ENDED_ACTIVE] = "endedActive",
	[FLOWMETER_STAT_ENDED_FIN] = "endedFin",
	[FLOWMETER_STAT_ENDED_FORCED] = "endedForced",
	[FLOWMETER_STAT_NAT_CREATED] = "natCreated",
	[FLOWMETER_STAT_NAT_DELETED] = "natDeleted",
	[FLOWMETER_STAT_NAT_EXPORTED] = "natExported",
	[FLOWMETER_STAT_NAT_UNEXPORTABLE] = "natUnexportable",
	[FLOWMETER_STAT_NAT_LOST] = "natLost",
	[FLOWMETER_STAT_NAT_EXPORT_LOST] = "natExportLost",
	[FLOWMETER_STAT_NAT_MALFORMED] = "natMalformed",
	[FLOWMETER_STAT_NAT_RECV_ERRORS] = "natRecvErrors",
	[FLOWMETER_STAT_NAT_YIELDS] = "natDrainYields",
	[FLOWMETER_STAT_NAT_QUEUED] = "natQueuedBytes",
	[FLOWMETER_STAT_SEND_ERRORS] = "errTotal",
};
const unsigned int fm_nkstat_names = sizeof(fm_kstat_names) / sizeof(fm_kstat_names[0]);

/* The order of the FLOWMETER_HOOK_* bits. */
static const char *const hook_names[] = {
	"prerouting", "input", "forward", "output", "postrouting",
};

const struct fm_ksetting *fm_ksetting_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < fm_nksettings; i++)
		if (!strcmp(fm_ksettings[i].name, name))
			return &fm_ksettings[i];
	/* net.netflow.refresh-rate's dashes are the reference's; take either. */
	if (!strcmp(name, "refresh_rate"))
		return fm_ksetting_find("refresh-rate");
	if (!strcmp(name, "timeout_rate"))
		return fm_ksetting_find("timeout-rate");
	return NULL;
}

int fm_hooks_from_text(const char *s, uint32_t *bits)
{
	size_t len, i;

	*bits = 0;
	while (*s) {
		s += strspn(s, ", ");
		if (!*s)
			break;
		len = strcspn(s, ", ");
		for (i = 0; i < sizeof(hook_names) / sizeof(hook_names[0]); i++)
			if (strlen(hook_names[i]) == len && !strncmp(s, hook_names[i], len))
				break;
		if (i < sizeof(hook_names) / sizeof(hook_names[0]))
			*bits |= 1U << i;
		else if (len != 4 || strncmp(s, "none", 4))
			return -1;
		s += len;
	}
	return 0;
}

void fm_hooks_to_text(uint32_t bits, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(hook_names) / sizeof(hook_names[0]) && n < len; i++)
		if (bits & (1U << i))
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "", hook_names[i]);
	if (!bits)
		snprintf(buf, len, "none");
}

static int number(const char *s, long long lo, long long hi, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 0);
	return errno || end == s || *end || *v < lo || *v > hi ? -1 : 0;
}

int fm_ksetting_put(struct nlmsghdr *nlh, const struct fm_ksetting *s, const char *value,
		    const char **why)
{
	long long v, m;
	uint32_t bits;
	char *slash;

	if (!s->writable) {
		*why = "read-only (a module parameter)";
		return -1;
	}
	switch (s->kind) {
	case FM_KS_U32:
		if (number(value, 0, UINT32_MAX, &v)) {
			*why = "not a number from 0 to 4294967295";
			return -1;
		}
		mnl_attr_put_u32(nlh, s->attr, (uint32_t)v);
		return 0;
	case FM_KS_S32:
		if (number(value, INT32_MIN, INT32_MAX, &v)) {
			*why = "not a 32-bit signed number";
			return -1;
		}
		mnl_attr_put_u32(nlh, s->attr, (uint32_t)(int32_t)v);
		return 0;
	case FM_KS_STRING:
		mnl_attr_put_strz(nlh, s->attr, value);
		return 0;
	case FM_KS_HOOKS:
		if (fm_hooks_from_text(value, &bits)) {
			*why = "hooks are prerouting, input, forward, output, postrouting or none";
			return -1;
		}
		mnl_attr_put_u32(nlh, s->attr, bits);
		return 0;
	case FM_KS_MARK:
		/* MARK or MARK/MASK, as net.netflow.hook_mark. */
		slash = strchr(value, '/');
		m = UINT32_MAX;
		if (slash) {
			char buf[32];

			if ((size_t)(slash - value) >= sizeof(buf) ||
			    number(slash + 1, 0, UINT32_MAX, &m)) {
				*why = "MARK or MARK/MASK, numbers up to 0xffffffff";
				return -1;
			}
			memcpy(buf, value, slash - value);
			buf[slash - value] = '\0';
			if (number(buf, 0, UINT32_MAX, &v)) {
				*why = "MARK or MARK/MASK, numbers up to 0xffffffff";
				return -1;
			}
		} else if (number(value, 0, UINT32_MAX, &v)) {
			*why = "MARK or MARK/MASK, numbers up to 0xffffffff";
			return -1;
		}
		mnl_attr_put_u32(nlh, FLOWMETER_A_HOOK_MARK, (uint32_t)v);
		mnl_attr_put_u32(nlh, FLOWMETER_A_HOOK_MASK, (uint32_t)m);
		return 0;
	}
	*why = "unknown kind";
	return -1;
}
