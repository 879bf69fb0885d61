// SPDX-License-Identifier: GPL-2.0
/*
 * netflow.io's signature (api_netflowio_sign.h): HMAC-SHA256 by OpenSSL,
 * every comparison CRYPTO_memcmp over fixed lengths, so how much of a
 * guess was right does not show in the time the answer takes.
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>
#include "api_netflowio_sign.h"

static int unhex(const char *s, unsigned char out[32])
{
	int i, hi, lo;

	if (strlen(s) != 64)
		return -1;
	for (i = 0; i < 32; i++) {
		hi = s[2 * i], lo = s[2 * i + 1];
#define HEX(c) ((c) >= '0' && (c) <= '9' ? (c) - '0' : (c) >= 'a' && (c) <= 'f' ? (c) - 'a' + 10 : \
		(c) >= 'A' && (c) <= 'F' ? (c) - 'A' + 10 : -1)
		hi = HEX(hi);
		lo = HEX(lo);
#undef HEX
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	return 0;
}

bool fm_nfio_signed(const char *auth_key, const char *sign_key, const char *auth,
		    const char *sign, const char *body, size_t len)
{
	unsigned char got[32], want[32];
	unsigned int n = sizeof(want);
	const char *sp;
	bool ok;

	if (!auth || !sign)
		return false;
	/* `openssl dgst -hmac` prints "HMAC-SHA2-256(stdin)= HEX": README's recipe, taken whole. */
	sp = strrchr(sign, ' ');
	if (sp)
		sign = sp + 1;
	if (unhex(sign, got) < 0)
		return false;
	ok = strlen(auth) == strlen(auth_key) && !CRYPTO_memcmp(auth, auth_key, strlen(auth_key));
	if (!HMAC(EVP_sha256(), sign_key, strlen(sign_key), (const unsigned char *)auth_key,
		  strlen(auth_key), want, &n))
		return false;
	if (!CRYPTO_memcmp(got, want, sizeof(want)))
		return ok;
	if (!len || !HMAC(EVP_sha256(), sign_key, strlen(sign_key), (const unsigned char *)body,
			  len, want, &n))
		return false;
	return ok && !CRYPTO_memcmp(got, want, sizeof(want));
}

