// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim traffic`: run one traffic workload (options -> traffic_opts),
 * print the report (text, and JSON with --json). Exit codes as the rest
 * of the CLI: 0 ok, 2 usage or set-up error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/traffic.h"

#define EXIT_USAGE 2

static void help(FILE *f)
{
	fprintf(f,
"usage: tcesim traffic [options] [key=value ...]\n"
"\n"
"Run device traffic generators through the PHB3 model and the VFIO driver\n"
"and print TCE cache, latency, throughput and driver-cost figures.\n"
"\n"
"options:\n"
"  --workload K     stream | nic-strict | nic-pool | scatter (default scatter)\n"
"  --count N        DMA requests in total over all devices (default 100000)\n"
"  --rate R         offered load per device, bytes/s (2.5G = 2.5e9); 0 = back to back\n"
"  --pes N          devices, each in its own PE and IOMMU group (default 1)\n"
"  --iommu v1|v2    VFIO sPAPR TCE IOMMU type (default v2)\n"
"  --config FILE    load an .ini configuration (scenarios/configs/)\n"
"  --set key=value  set a workload or configuration key (repeatable)\n"
"  --functional     timing off (functional model only)\n"
"  --json FILE      also write the result as one JSON object ('-' = stdout)\n"
"  --keys           list the workload keys\n"
"\n");
	traffic_print_keys(f);
}

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "tcesim traffic: ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\nTry 'tcesim traffic --help'.\n");
	return EXIT_USAGE;
}

int traffic_cli_main(int argc, char **argv)
{
	struct traffic_opts o;
	const char *json = NULL;
	uint64_t count = 100000;
	char err[512];

	traffic_opts_default(&o);
	/* --config first, so --set and flags override the file whatever
	   their order. */
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--config")) {
			if (i + 1 >= argc)
				return usage("--config needs a FILE%s", "");
			if (tcesim_config_load(&o.hw, argv[i + 1], err, sizeof(err))) {
				fprintf(stderr, "tcesim traffic: %s\n", err);
				return EXIT_USAGE;
			}
		}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *key = NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help(stdout);
			return 0;
		}
		if (!strcmp(a, "--keys")) {
			traffic_print_keys(stdout);
			return 0;
		}
		if (!strcmp(a, "--functional")) {
			o.timing = false;
			continue;
		}
		if (!strcmp(a, "--config")) {
			i++;
			continue;
		}
		if (!strcmp(a, "--workload"))
			key = "workload";
		else if (!strcmp(a, "--rate"))
			key = "rate";
		else if (!strcmp(a, "--pes"))
			key = "pes";
		else if (!strcmp(a, "--iommu"))
			key = "iommu";
		if (key || !strcmp(a, "--count") || !strcmp(a, "--json") ||
		    !strcmp(a, "--set")) {
			if (i + 1 >= argc)
				return usage("option '%s' needs a value", a);
			const char *v = argv[++i];
			int rc = 0;
			if (key) {
				rc = traffic_opts_set(&o, key, v, err, sizeof(err));
			} else if (!strcmp(a, "--count")) {
				if (traffic_parse_size(v, &count) || !count)
					return usage("--count '%s': expected a positive number", v);
			} else if (!strcmp(a, "--json")) {
				json = v;
			} else {
				rc = traffic_opts_assign(&o, v, err, sizeof(err));
			}
			if (rc) {
				fprintf(stderr, "tcesim traffic: %s\n", err);
				return EXIT_USAGE;
			}
			continue;
		}
		if (a[0] == '-')
			return usage("unknown option '%s'", a);
		if (strchr(a, '=')) {
			if (traffic_opts_assign(&o, a, err, sizeof(err))) {
				fprintf(stderr, "tcesim traffic: %s\n", err);
				return EXIT_USAGE;
			}
			continue;
		}
		return usage("unexpected argument '%s'", a);
	}

	struct traffic_run *r = traffic_create(&o, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "tcesim traffic: %s\n", err);
		return EXIT_USAGE;
	}
	int rc = traffic_step(r, count, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "tcesim traffic: %s\n", err);
		traffic_destroy(r);
		return EXIT_USAGE;
	}
	traffic_print_report(r, stdout);
	if (json) {
		FILE *f = strcmp(json, "-") ? fopen(json, "w") : stdout;
		if (!f) {
			fprintf(stderr, "tcesim traffic: %s: %s\n", json,
				strerror(errno));
			traffic_destroy(r);
			return EXIT_USAGE;
		}
		traffic_print_json(r, f);
		if (f != stdout && fclose(f)) {
			fprintf(stderr, "tcesim traffic: %s: write error\n", json);
			traffic_destroy(r);
			return EXIT_USAGE;
		}
	}
	traffic_destroy(r);
	return 0;
}
