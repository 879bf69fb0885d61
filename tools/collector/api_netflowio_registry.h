/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netflow.io's sender registry (api_netflowio_registry.c): the exporters
 * whose flows are stored and the prefixes each is asked about. While it
 * names any sender, the pipeline stores only registered senders' flows
 * and counts the others (fm_nfio_admit). It lives in a JSON file, the
 * same as GET /senders answers, rewritten whole on every change.
 */
#ifndef FM_API_NETFLOWIO_REGISTRY_H
#define FM_API_NETFLOWIO_REGISTRY_H

#include <jansson.h>
#include <stdbool.h>
#include "api_netflowio_json.h"

#define FM_NFIO_MAX_SENDERS 4096

struct fm_nfio_registry;

/*
 * Load @path (absent: empty) and keep it open for writing, as root before
 * privileges go. "" keeps the registry in memory only. NULL with @err if
 * the file is there but unreadable or malformed: a registry silently
 * emptied would store every sender's flows.
 */
struct fm_nfio_registry *fm_nfio_registry_open(const char *path, char *err, size_t errlen);
void fm_nfio_registry_free(struct fm_nfio_registry *r);

/* Whether @n records from @from are to be stored; counts those that are not. */
bool fm_nfio_admit(struct fm_nfio_registry *r, const struct fm_addr *from, unsigned int n);
/* Records not stored because their sender is not registered. */
uint64_t fm_nfio_refused(const struct fm_nfio_registry *r);

/*
 * Changes, saved before they take effect: 0; -1 the file could not be
 * written (nothing changed); 1 no such sender (delete), or too many.
 * Delete with @p NULL removes the sender.
 */
int fm_nfio_registry_put(struct fm_nfio_registry *r, const struct fm_addr *ip,
			 const struct fm_nfio_prefix *p, size_t n, char *err, size_t errlen);
int fm_nfio_registry_delete(struct fm_nfio_registry *r, const struct fm_addr *ip,
			    const struct fm_nfio_prefix *p, size_t n, char *err, size_t errlen);

/* GET /senders (@ip NULL) or /senders/<ip>; NULL if there is no such sender. */
json_t *fm_nfio_registry_json(struct fm_nfio_registry *r, const struct fm_addr *ip);
/* Whether @ip is registered, with @p among its prefixes if @p is not NULL. */
bool fm_nfio_registry_has(struct fm_nfio_registry *r, const struct fm_addr *ip,
			  const struct fm_nfio_prefix *p);

#endif
