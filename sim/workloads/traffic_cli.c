// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim traffic`: run one traffic workload (options -> traffic_opts),
 * print the report (text, and JSON with --json). Exit codes as the rest
 * of the CLI: 0 ok, 2 usage or set-up error.
 */
#include <stdlib.h>
#include <string.h>

#include "tcesim/sim_io.h"
#include "tcesim/traffic.h"

#define EXIT_USAGE 2

void traffic_cli_help(FILE *f)
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
"  --json FILE      also write the result as one JSON object, created\n"
"                   before the run ('-' = stdout: the text report then goes\n"
"                   to stderr, so stdout is pure JSON)\n"
"  --keys           list the workload keys\n"
"  --rtl            run the RTL twin of the PHB3 fetch unit in lockstep\n"
"                   (docs/rtl.md): the report ends with 'rtl lockstep: N\n"
"                   requests, M mismatches', a mismatch exits 1; timing\n"
"                   mode needs link.enabled=0 (the twin has no PCIe link)\n"
"  --rtl-trace FILE.fst  the same, writing the twin's waveform\n"
"\n"
"exit codes: 0 ok, 1 an RTL lockstep mismatch, 2 usage, input, set-up or\n"
"output error.\n"
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

/* What the command line asked for. */
struct traffic_cli {
	struct traffic_opts o;
	const char *json;
	uint64_t count;
	bool rtl;		/* --rtl */
	const char *rtl_trace;	/* --rtl-trace */
};

static int failed_with(const char *err)
{
	fprintf(stderr, "tcesim traffic: %s\n", err);
	return EXIT_USAGE;
}

/* --config first, so --set and flags override the file whatever their
   order. */
static int load_configs(struct traffic_cli *c, int argc, char **argv)
{
	char err[512];

	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--config")) {
			if (i + 1 >= argc)
				return usage("--config needs a FILE%s", "");
			if (tcesim_config_load(&c->o.hw, argv[i + 1], err, sizeof(err)))
				return failed_with(err);
		}
	return 0;
}

/* The workload key an option sets (--workload ...), or NULL. */
static const char *option_key(const char *a)
{
	static const char *const keys[] = { "workload", "rate", "pes", "iommu" };

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (!strncmp(a, "--", 2) && !strcmp(a + 2, keys[k]))
			return keys[k];
	return NULL;
}

/* An option with a value v: 0 or an exit code. */
static int option_value(struct traffic_cli *c, const char *a, const char *key,
			const char *v)
{
	char err[512];
	int rc = 0;

	if (key) {
		rc = traffic_opts_set(&c->o, key, v, err, sizeof(err));
	} else if (!strcmp(a, "--count")) {
		if (traffic_parse_size(v, &c->count) || !c->count)
			return usage("--count '%s': expected a positive number", v);
	} else if (!strcmp(a, "--json")) {
		c->json = v;
	} else {
		rc = traffic_opts_assign(&c->o, v, err, sizeof(err));
	}
	return rc ? failed_with(err) : 0;
}

/* The command line into c: 0, -1 after --help/--keys, or an exit code. */
static int parse_args(struct traffic_cli *c, int argc, char **argv)
{
	char err[512];
	int rc = load_configs(c, argc, argv);

	for (int i = 0; !rc && i < argc; i++) {
		const char *a = argv[i];
		const char *key = option_key(a);

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			traffic_cli_help(stdout);
			return -1;
		}
		if (!strcmp(a, "--keys")) {
			traffic_print_keys(stdout);
			return -1;
		}
		if (!strcmp(a, "--functional")) {
			c->o.timing = false;
		} else if (!strcmp(a, "--rtl")) {
			c->rtl = true;
		} else if (!strcmp(a, "--rtl-trace")) {
			if (i + 1 >= argc)
				return usage("option '%s' needs a value", a);
			c->rtl = true;
			c->rtl_trace = argv[++i];
		} else if (!strcmp(a, "--config")) {
			i++;
		} else if (key || !strcmp(a, "--count") || !strcmp(a, "--json") ||
			   !strcmp(a, "--set")) {
			if (i + 1 >= argc)
				return usage("option '%s' needs a value", a);
			rc = option_value(c, a, key, argv[++i]);
		} else if (a[0] == '-') {
			return usage("unknown option '%s'", a);
		} else if (strchr(a, '=')) {
			if (traffic_opts_assign(&c->o, a, err, sizeof(err)))
				return failed_with(err);
		} else {
			return usage("unexpected argument '%s'", a);
		}
	}
	return rc;
}

int traffic_cli_main(int argc, char **argv)
{
	return traffic_cli_run(argc, argv, NULL);
}

int traffic_cli_run(int argc, char **argv, const struct traffic_rtl *rtl)
{
	struct traffic_cli c = { .count = 100000 };
	struct sim_out jo = { .f = NULL };
	void *lock = NULL;
	char err[512];
	int rc;

	traffic_opts_default(&c.o);
	rc = parse_args(&c, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (c.rtl && !rtl)
		return usage("--rtl: this tcesim was built without the RTL twin (Verilator not found at configure time)%s", "");
	if (c.rtl && !(lock = rtl->create(c.rtl_trace, &c.o)))
		return failed_with("out of memory");
	/* The output file exists before the run starts. */
	if (c.json && sim_out_open(&jo, c.json, err, sizeof(err)))
		return failed_with(err);
	struct traffic_run *r = traffic_create(&c.o, err, sizeof(err));
	if (!r) {
		sim_out_abandon(&jo);
		if (lock)
			rtl->destroy(lock);
		return failed_with(err);
	}
	rc = traffic_step(r, c.count, err, sizeof(err));
	if (rc) {
		sim_out_abandon(&jo);
		rc = failed_with(err);
	} else {
		/* With --json -, stdout holds only the JSON. */
		traffic_print_report(r, sim_io_is_std(c.json) ? stderr : stdout);
		if (jo.f)
			traffic_print_json(r, jo.f);
		if (sim_out_close(&jo, err, sizeof(err)))
			rc = failed_with(err);
	}
	traffic_destroy(r);
	if (lock) {
		/* the machine is gone: every twin has finished */
		if (rtl->report(lock, sim_io_is_std(c.json) ? stderr : stdout,
				stderr) && !rc)
			rc = 1;
		rtl->destroy(lock);
	}
	return rc;
}
