// SPDX-License-Identifier: GPL-2.0
/*
 * The table of local ranges (see localnet.h), parsed once; IPv4, what
 * nearly every flow carries, by mask and compare rather than fm_addr_in.
 */
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include "addr.h"
#include "localnet.h"

static const char *const local_nets[] = {
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
	"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
	"192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
	"203.0.113.0/24", "224.0.0.0/4", "233.252.0.0/24", "240.0.0.0/4",
	"255.255.255.255/32",
	"::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64",
	"2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
};

static struct { uint32_t net, mask; } local4[32];
static struct fm_cidr local6[32];
static int nlocal4, nlocal6;
static pthread_once_t local_once = PTHREAD_ONCE_INIT;

static void local_init(void)
{
	struct fm_cidr c;
	unsigned int i;

	for (i = 0; i < sizeof(local_nets) / sizeof(local_nets[0]); i++)
		if (!fm_cidr_parse(local_nets[i], &c.net, &c.prefix)) {
			if (c.net.family == AF_INET) {
				const uint8_t *b = c.net.a;

				local4[nlocal4].net = (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
				local4[nlocal4++].mask = c.prefix ? ~0u << (32 - c.prefix) : 0;
			} else {
				local6[nlocal6++] = c;
			}
		}
}

bool fm_addr_is_local(const struct fm_addr *a)
{
	const struct fm_cidr *t;
	int i, n;

	pthread_once(&local_once, local_init);
	if (a->family == AF_INET) {
		uint32_t v = (uint32_t)a->a[0] << 24 | a->a[1] << 16 | a->a[2] << 8 | a->a[3];

		for (i = 0; i < nlocal4; i++)
			if ((v & local4[i].mask) == local4[i].net)
				return true;
		return false;
	}
	t = local6;
	n = nlocal6;
	for (i = 0; i < n; i++)
		if (fm_addr_in(a, &t[i].net, t[i].prefix))
			return true;
	return false;
}
