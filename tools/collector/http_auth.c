// SPDX-License-Identifier: GPL-2.0
/*
 * The page's and the APIs' access rule (http_auth.h). Digests first, so
 * that a wrong guess of any length costs the same compare as a right one.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "http_auth.h"

bool fm_http_is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return false;
}

bool fm_http_host_is_loopback(const char *host)
{
	struct in_addr a4;
	char name[64];
	size_t n;

	if (!host)
		return false;
	if (!strncmp(host, "[::1]", 5))
		return !host[5] || host[5] == ':';
	n = strcspn(host, ":");
	if (n >= sizeof(name) || (host[n] && !host[n + 1]))
		return false;
	memcpy(name, host, n);
	name[n] = 0;
	if (!strcasecmp(name, "localhost"))
		return true;
	return inet_pton(AF_INET, name, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

/* @got (of @n bytes) is @want: both digested, then compared in constant time. */
static bool same(const void *got, size_t n, const char *want1, const char *sep, const char *want2)
{
	unsigned char g[SHA256_DIGEST_LENGTH], w[SHA256_DIGEST_LENGTH];
	size_t l1 = strlen(want1), l2 = want2 ? strlen(want2) : 0, ls = sep ? strlen(sep) : 0;
	char *buf = malloc(l1 + ls + l2 + 1);
	bool ok;

	if (!buf)
		return false;
	memcpy(buf, want1, l1);
	memcpy(buf + l1, sep ? sep : "", ls);
	memcpy(buf + l1 + ls, want2 ? want2 : "", l2);
	SHA256(got, n, g);
	SHA256((const unsigned char *)buf, l1 + ls + l2, w);
	OPENSSL_cleanse(buf, l1 + ls + l2);
	free(buf);
	ok = !CRYPTO_memcmp(g, w, sizeof(g));
	OPENSSL_cleanse(g, sizeof(g));
	return ok;
}

/* Standard base64 with padding; the decoded length, or -1. */
static int unbase64(const char *s, unsigned char *out, size_t cap)
{
	size_t n = strlen(s);
	int len, pad = 0;

	if (!n || n % 4 || n / 4 * 3 > cap)
		return -1;
	len = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	if (len < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	pad = (s[n - 1] == '=') + (s[n - 2] == '=');
	return len - pad;
}

bool fm_http_creds_match(const struct fm_http_creds *c, const char *h)
{
	unsigned char dec[768];
	int n;
	bool ok;

	if (!h)
		return false;
	if (c->token && !strncasecmp(h, "Bearer ", 7)) {
		h += 7;
		return same(h, strlen(h), c->token, NULL, NULL);
	}
	if (c->user && c->password && !strncasecmp(h, "Basic ", 6)) {
		h += 6;
		h += strspn(h, " ");
		if (strlen(h) >= sizeof(dec) / 3 * 4 || (n = unbase64(h, dec, sizeof(dec))) < 0)
			return false;
		ok = same(dec, (size_t)n, c->user, ":", c->password);
		OPENSSL_cleanse(dec, sizeof(dec));
		return ok;
	}
	return false;
}

enum fm_http_access fm_http_access(const struct fm_http_creds *c, bool loopback,
				   const char *method, const char *host,
				   const char *authorization)
{
	bool configured = c->token || (c->user && c->password);
	bool reads = !strcmp(method, "GET") || !strcmp(method, "HEAD");

	if (configured && fm_http_creds_match(c, authorization))
		return FM_ACCESS_OK;
	if (loopback && (!configured || reads))
		return fm_http_host_is_loopback(host) ? FM_ACCESS_OK : FM_ACCESS_BAD_HOST;
	return configured ? FM_ACCESS_DENIED : FM_ACCESS_UNCONFIGURED;
}
