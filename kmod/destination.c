// SPDX-License-Identifier: GPL-2.0
/* destination= parsing; see destination.h. */
#ifdef __KERNEL__
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/string.h>
#else
#include <arpa/inet.h>
#include <string.h>
#endif
#include "destination.h"

#define FM_ADDR_MAX 64	/* longer than any textual v6 address with brackets */

static bool parse_port(const char *s, unsigned int len, __u16 *port)
{
	unsigned int v = 0, i;

	if (len == 0 || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return false;
	*port = v;
	return true;
}

static bool parse_ip(const char *s, unsigned int len, union fm_sockaddr *a)
{
	char buf[FM_ADDR_MAX];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(a, 0, sizeof(*a));
#ifdef __KERNEL__
	if (in4_pton(buf, -1, (u8 *)&a->in.sin_addr, '\0', NULL)) {
		a->in.sin_family = AF_INET;
		return true;
	}
	if (in6_pton(buf, -1, (u8 *)&a->in6.sin6_addr, '\0', NULL)) {
		a->in6.sin6_family = AF_INET6;
		return true;
	}
#else
	if (inet_pton(AF_INET, buf, &a->in.sin_addr) == 1) {
		a->in.sin_family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, buf, &a->in6.sin6_addr) == 1) {
		a->in6.sin6_family = AF_INET6;
		return true;
	}
#endif
	return false;
}

static void set_port(union fm_sockaddr *a, __u16 port)
{
	if (a->sa.sa_family == AF_INET)
		a->in.sin_port = htons(port);
	else
		a->in6.sin6_port = htons(port);
}

/*
 * One "host[:port]" where host is an IPv4 address or a bracketed IPv6
 * address. A bare IPv6 address without brackets is accepted when no port
 * follows, since its colons cannot be told from a port separator otherwise.
 * Without want_port no port may follow (a bind address); else an absent
 * port is @port's value, and 0 there makes the port required.
 */
static bool parse_hostport(const char *s, unsigned int len,
			   union fm_sockaddr *a, bool want_port, __u16 port)
{
	const char *colon;

	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		unsigned int rest;

		if (!close || !parse_ip(s + 1, close - s - 1, a) ||
		    a->sa.sa_family != AF_INET6)
			return false;
		rest = len - (close + 1 - s);
		if (rest) {
			if (close[1] != ':' || !want_port ||
			    !parse_port(close + 2, rest - 1, &port))
				return false;
		}
	} else {
		colon = memchr(s, ':', len);
		if (colon && !memchr(colon + 1, ':', len - (colon + 1 - s))) {
			if (!want_port ||
			    !parse_ip(s, colon - s, a) ||
			    a->sa.sa_family != AF_INET ||
			    !parse_port(colon + 1, len - (colon + 1 - s), &port))
				return false;
		} else if (!parse_ip(s, len, a)) {
			return false;
		}
	}
	if (want_port && !port)
		return false;
	set_port(a, want_port ? port : 0);
	return true;
}

bool fm_hostport_parse(const char *s, unsigned int len, union fm_sockaddr *a,
		       __u16 default_port)
{
	return parse_hostport(s, len, a, true, default_port);
}

int fm_dest_parse(const char *s, struct fm_dest *out, int max,
		  const char **err)
{
	int n = 0;

	while (*s) {
		const char *end, *at, *pct;
		unsigned int len;
		struct fm_dest *d;

		while (*s == ' ' || *s == ',' || *s == '\n' || *s == '\t')
			s++;
		if (!*s)
			break;
		end = s;
		while (*end && *end != ',' && *end != ' ' && *end != '\n' &&
		       *end != '\t')
			end++;
		len = end - s;
		if (n == max) {
			*err = "too many destinations";
			return -1;
		}
		d = &out[n];
		memset(d, 0, sizeof(*d));
		/* "%dev" last, after the last IPv6 address's bracket. */
		pct = s;
		for (at = s; at < end; at++)
			if (*at == ']')
				pct = at;
		pct = memchr(pct, '%', end - pct);
		if (pct) {
			unsigned int dlen = end - pct - 1, i;

			if (!dlen || dlen >= FM_IFNAMSIZ) {
				*err = "a device name after '%' is 1 to 15 characters";
				return -1;
			}
			for (i = 0; i < dlen; i++)
				if (strchr("/@:%[]", pct[1 + i])) {
					*err = "a device name after '%' has no '/', '@', ':', '%' or brackets";
					return -1;
				}
			memcpy(d->dev, pct + 1, dlen);
			d->dev[dlen] = '\0';
			len = pct - s;
		}
		at = memchr(s, '@', len);
		if (at) {
			if (!parse_hostport(at + 1, s + len - at - 1, &d->bind,
					    false, 0)) {
				*err = "bad bind address after '@'";
				return -1;
			}
			d->has_bind = true;
			len = at - s;
		}
		if (!parse_hostport(s, len, &d->addr, true, FM_DEFAULT_PORT)) {
			*err = "expected a.b.c.d:port or [v6addr]:port";
			return -1;
		}
		if (d->has_bind &&
		    d->bind.sa.sa_family != d->addr.sa.sa_family) {
			*err = "bind address family differs from destination";
			return -1;
		}
		n++;
		s = end;
	}
	if (n == 0) {
		*err = "no destination given";
		return -1;
	}
	return n;
}
