/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NetFlow v5, v9 (RFC 3954) and IPFIX (RFC 7011) wire formats and the
 * information elements flowmeter uses. One definition for the kernel
 * encoders and the userspace decoders; every multi-byte field is big-endian
 * on the wire.
 */
#ifndef FLOWMETER_WIRE_H
#define FLOWMETER_WIRE_H

#include <linux/types.h>
#ifndef __KERNEL__
#ifndef __packed
#define __packed __attribute__((packed))
#endif
#endif

/* ---- NetFlow v5 ---- */
#define NF5_VERSION		5
#define NF5_MAX_RECORDS		30

struct nf5_header {
	__be16 version;
	__be16 count;
	__be32 sys_uptime;	/* ms since the exporter started */
	__be32 unix_secs;
	__be32 unix_nsecs;
	__be32 flow_sequence;	/* flows exported before this PDU */
	__u8 engine_type;
	__u8 engine_id;
	__be16 sampling;	/* 2 bits mode, 14 bits interval */
} __packed;

struct nf5_record {
	__be32 srcaddr;
	__be32 dstaddr;
	__be32 nexthop;
	__be16 input;
	__be16 output;
	__be32 packets;
	__be32 octets;
	__be32 first;		/* sys_uptime at the first packet */
	__be32 last;
	__be16 srcport;
	__be16 dstport;		/* ICMP: type << 8 | code */
	__u8 pad1;
	__u8 tcp_flags;
	__u8 protocol;
	__u8 tos;
	__be16 src_as;
	__be16 dst_as;
	__u8 src_mask;
	__u8 dst_mask;
	__be16 pad2;
} __packed;

/* ---- NetFlow v9 ---- */
#define NF9_VERSION		9
#define NF9_TEMPLATE_SET	0
#define NF9_OPTIONS_SET		1

struct nf9_header {
	__be16 version;
	__be16 count;		/* records (template + data) in this PDU */
	__be32 sys_uptime;
	__be32 unix_secs;
	__be32 sequence;	/* PDUs sent before this one */
	__be32 source_id;
} __packed;

/* ---- IPFIX ---- */
#define IPFIX_VERSION		10
#define IPFIX_TEMPLATE_SET	2
#define IPFIX_OPTIONS_SET	3

struct ipfix_header {
	__be16 version;
	__be16 length;		/* whole message, header included */
	__be32 export_time;
	__be32 sequence;	/* data records sent before this message */
	__be32 domain_id;
} __packed;

/* Shared by v9 and IPFIX. */
struct flow_set_header {
	__be16 id;
	__be16 length;		/* whole set, header included */
} __packed;

#define FLOW_SET_MIN_DATA_ID	256

/* ---- Information elements (IANA IPFIX registry; v9 shares ids < 128) ---- */
enum {
	IE_octetDeltaCount			= 1,
	IE_packetDeltaCount			= 2,
	IE_protocolIdentifier			= 4,
	IE_ipClassOfService			= 5,
	IE_tcpControlBits			= 6,
	IE_sourceTransportPort			= 7,
	IE_sourceIPv4Address			= 8,
	IE_sourceIPv4PrefixLength		= 9,
	IE_ingressInterface			= 10,
	IE_destinationTransportPort		= 11,
	IE_destinationIPv4Address		= 12,
	IE_destinationIPv4PrefixLength		= 13,
	IE_egressInterface			= 14,
	IE_ipNextHopIPv4Address			= 15,
	IE_bgpSourceAsNumber			= 16,
	IE_bgpDestinationAsNumber		= 17,
	IE_flowEndSysUpTime			= 21,	/* v9 LAST_SWITCHED */
	IE_flowStartSysUpTime			= 22,	/* v9 FIRST_SWITCHED */
	IE_sourceIPv6Address			= 27,
	IE_destinationIPv6Address		= 28,
	IE_flowLabelIPv6			= 31,
	IE_icmpTypeCodeIPv4			= 32,
	IE_samplingInterval			= 34,
	IE_samplingAlgorithm			= 35,
	IE_engineType				= 38,
	IE_engineId				= 39,
	IE_ipNextHopIPv6Address			= 62,
	IE_ipVersion				= 60,
	IE_flowDirection			= 61,
	IE_ifName				= 82,
	IE_forwardingStatus			= 89,
	IE_flowEndReason			= 136,
	IE_icmpTypeCodeIPv6			= 139,
	IE_flowStartSeconds			= 150,
	IE_flowEndSeconds			= 151,
	IE_flowStartMilliseconds		= 152,
	IE_flowEndMilliseconds			= 153,
	IE_systemInitTimeMilliseconds		= 160,
	IE_postNATSourceIPv4Address		= 225,
	IE_postNATDestinationIPv4Address	= 226,
	IE_postNAPTSourceTransportPort		= 227,
	IE_postNAPTDestinationTransportPort	= 228,
	IE_natEvent				= 230,
	IE_postNATSourceIPv6Address		= 281,
	IE_postNATDestinationIPv6Address	= 282,
	IE_observationTimeMilliseconds		= 323,
	IE_samplerRandomInterval		= 50,
	IE_postOctetDeltaCount			= 23,
	IE_postPacketDeltaCount			= 24,
	IE_octetTotalCount			= 85,
	IE_packetTotalCount			= 86,
	IE_flowStartMicroseconds		= 154,
	IE_flowEndMicroseconds			= 155,
	IE_flowStartNanoseconds			= 156,
	IE_flowEndNanoseconds			= 157,
	IE_samplingPacketInterval		= 305,
};

/* IPFIX: field specifier with the enterprise bit, and variable length. */
#define IPFIX_ENTERPRISE_BIT	0x8000
#define IPFIX_VARLEN		65535

/* flowEndReason values (RFC 7011 / IANA). */
enum {
	FLOW_END_IDLE		= 1,
	FLOW_END_ACTIVE		= 2,
	FLOW_END_END_OF_FLOW	= 3,
	FLOW_END_FORCED		= 4,
	FLOW_END_LACK_OF_RES	= 5,
};

/*
 * natEvent values (IANA "natEvent", RFC 8158). The kernel module sends the
 * generic create/delete (1/2) for NAT44 and NAT66 alike: there is no NAT66
 * value, the reference module sends 1/2, and nfdump 1.7 names only those
 * (it shows 4/5 as "UNKNOW"). Collectors decode them all.
 */
enum {
	NAT_EVENT_CREATE	= 1,
	NAT_EVENT_DELETE	= 2,
	NAT_EVENT_NAT44_CREATE	= 4,
	NAT_EVENT_NAT44_DELETE	= 5,
};

#endif
