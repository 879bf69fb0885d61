// SPDX-License-Identifier: GPL-2.0
/*
 * A Kafka broker for the tests: librdkafka's own mock cluster (Debian ships
 * no Kafka). Prints its bootstrap servers on the first line of stdout, then
 * takes commands on stdin, one a line: "down" (the broker refuses and drops
 * connections), "up", and end of input to stop.
 *
 *   kafka_mock TOPIC:PARTITIONS...
 */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_mock_cluster_t *mc;
	char err[256], line[64];
	rd_kafka_t *rk;
	int i;

	rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
	if (!rk) {
		fprintf(stderr, "kafka_mock: %s\n", err);
		return 1;
	}
	mc = rd_kafka_mock_cluster_new(rk, 1);
	if (!mc) {
		fprintf(stderr, "kafka_mock: cannot start the mock cluster\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char *colon = strchr(argv[i], ':');
		int parts = colon ? atoi(colon + 1) : 1;

		if (colon)
			*colon = 0;
		if (rd_kafka_mock_topic_create(mc, argv[i], parts > 0 ? parts : 1, 1)) {
			fprintf(stderr, "kafka_mock: cannot create topic %s\n", argv[i]);
			return 1;
		}
	}
	printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		if (!strncmp(line, "down", 4))
			rd_kafka_mock_broker_set_down(mc, -1);
		else if (!strncmp(line, "up", 2))
			rd_kafka_mock_broker_set_up(mc, -1);
		printf("%s", line);
		fflush(stdout);
	}
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
}
