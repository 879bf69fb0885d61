/* SPDX-License-Identifier: GPL-2.0 */
/* netflow.io's request signature (api_netflowio_sign.c). */
#ifndef FM_API_NETFLOWIO_SIGN_H
#define FM_API_NETFLOWIO_SIGN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * netflow.io's check: @auth is the auth key, and @sign the hex HMAC-SHA256,
 * keyed with the sign key, of the auth key or of the body (if any).
 * Compared in constant time. No HTTP in it: a fuzzer may call it.
 */
bool fm_nfio_signed(const char *auth_key, const char *sign_key, const char *auth,
		    const char *sign, const char *body, size_t len);

#endif
