/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who may ask flowmeterd's page and APIs (http_auth.c), without
 * libmicrohttpd: a listener on loopback answers without credentials
 * (but only to a Host that names loopback: a DNS-rebound name must not
 * reach it); elsewhere the Authorization header must carry api.token
 * (Bearer) or api.user and api.password (Basic). With credentials
 * configured, a request that may change something (not GET or HEAD)
 * needs them on loopback too.
 */
#ifndef FM_HTTP_AUTH_H
#define FM_HTTP_AUTH_H

#include <stdbool.h>
#include <sys/socket.h>

struct fm_http_creds {
	const char *token;		/* NULL: no bearer token */
	const char *user, *password;	/* NULL: no basic auth */
};

enum fm_http_access {
	FM_ACCESS_OK,
	FM_ACCESS_DENIED,		/* 401: no or wrong credentials */
	FM_ACCESS_UNCONFIGURED,		/* 401: off loopback, and none configured */
	FM_ACCESS_BAD_HOST,		/* 403: loopback asked by another name */
};

/* 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104. */
bool fm_http_is_loopback(const struct sockaddr *sa);
/* Host is 127.x.y.z, [::1] or localhost, with or without a port. */
bool fm_http_host_is_loopback(const char *host);
/*
 * An Authorization header's value against @c: "Bearer TOKEN" or "Basic
 * base64(user:password)", the scheme in any case. Secrets are compared as
 * SHA-256 digests with CRYPTO_memcmp: neither their bytes nor their
 * lengths show in the time taken.
 */
bool fm_http_creds_match(const struct fm_http_creds *c, const char *authorization);
/* The verdict for a request on a listener (@loopback) with these headers (NULL: absent). */
enum fm_http_access fm_http_access(const struct fm_http_creds *c, bool loopback,
				   const char *method, const char *host,
				   const char *authorization);

#endif
