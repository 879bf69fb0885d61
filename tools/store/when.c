// SPDX-License-Identifier: GPL-2.0
/* Times and durations (when.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "when.h"

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Local wall-clock fields to epoch ms; mktime settles DST. */
static uint64_t local_ms(struct tm *tm, unsigned int ms)
{
	time_t t;

	tm->tm_isdst = -1;
	t = mktime(tm);
	return t < 0 ? 0 : (uint64_t)t * 1000 + ms;
}

/* ".123" after seconds: milliseconds (more digits are cut, fewer scaled). */
static const char *fraction(const char *s, unsigned int *ms)
{
	unsigned int scale = 100;

	*ms = 0;
	if (*s != '.')
		return s;
	for (s++; isdigit((unsigned char)*s); s++) {
		*ms += (*s - '0') * scale;
		scale /= 10;
	}
	return s;
}

static int rfc3339(const char *s, uint64_t *out)
{
	struct tm tm = { 0 };
	unsigned int ms;
	const char *p;
	int sign, oh, om, n = 0;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || !n)
		return -1;
	p = fraction(s + n, &ms);
	if (*p == 'Z' || *p == 'z') {
		oh = om = 0;
		sign = 1;
		p++;
	} else if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &oh, &om) == 2) {
		sign = *p == '-' ? -1 : 1;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t < 0)
		return -1;
	t -= sign * (oh * 3600 + om * 60);
	*out = (uint64_t)t * 1000 + ms;
	return 0;
}

int fm_time_parse(const char *s, uint64_t now_ms, uint64_t *ms)
{
	struct tm tm = { 0 };
	time_t now = now_ms / 1000;
	unsigned int frac;
	int n = 0;

	if (all_digits(s)) {
		*ms = strtoull(s, NULL, 10);
		return 0;
	}
	if (!rfc3339(s, ms))
		return 0;
	/* "2026-12-01 21:04[:05]" local */
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &n) == 5 && n) {
		int m = 0;

		if (s[n] == ':' && sscanf(s + n, ":%2d%n", &tm.tm_sec, &m) == 1)
			n += m;
		if (*fraction(s + n, &frac))
			return -1;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		*ms = local_ms(&tm, frac);
		return *ms ? 0 : -1;
	}
	/* "21:04[:05]" today, local */
	if (sscanf(s, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &n) == 2 && n) {
		struct tm today;
		int m = 0;

		if (s[n] == ':' && sscanf(s + n, ":%2d%n", &tm.tm_sec, &m) == 1)
			n += m;
		if (*fraction(s + n, &frac) || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
			return -1;
		localtime_r(&now, &today);
		tm.tm_year = today.tm_year;
		tm.tm_mon = today.tm_mon;
		tm.tm_mday = today.tm_mday;
		*ms = local_ms(&tm, frac);
		return *ms ? 0 : -1;
	}
	return -1;
}

int fm_duration_parse(const char *s, uint64_t *ms)
{
	static const struct { char unit; uint64_t ms; } units[] = {
		{ 's', 1000 }, { 'm', 60000 }, { 'h', 3600000 }, { 'd', 86400000 },
		{ 'w', 7 * 86400000ull },
	};
	char *end;
	double v;
	size_t i;

	if (!*s || *s == '-' || isspace((unsigned char)*s))
		return -1;
	v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	if (!*end) {
		*ms = (uint64_t)(v * 1000);
		return 0;
	}
	if (!strcmp(end, "ms")) {
		*ms = (uint64_t)v;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (end[0] == units[i].unit && !end[1]) {
			*ms = (uint64_t)(v * units[i].ms);
			return 0;
		}
	return -1;
}

const char *fm_time_rfc3339(uint64_t ms, char *buf, size_t len)
{
	time_t t = ms / 1000;
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (unsigned int)(ms % 1000));
	return buf;
}

const char *fm_time_local(uint64_t ms, char *buf, size_t len)
{
	time_t t = ms / 1000;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}
