// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg: the command-line face of kmemcg.ko.  This file holds the
 * dispatch, the global options and every --help text; each command lives
 * in its own file, main() in main.c.  Exit status: 0 success, 1 failure, 2 usage error.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "kmemcg.h"

struct km_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct km_cmd km_cmds[] = {
	{ "status", cmd_status,
	  "Usage: kmemcg status [-o json]\n"
	  "Show whether kmemcg.ko is loaded, its version, the kernel, the module's\n"
	  "settings, its accounting policy (the granularity, page, object or\n"
	  "shadow, and the view limits are enforced against, then every axis as\n"
	  "key=value; see kmemcg policy), and its global figures (the stat\n"
	  "file; under object and shadow granularity also the object side table).\n"
	  "\n"
	  "  -o json    machine-readable output\n"
	  "\nExamples:\n  kmemcg status\n  kmemcg status -o json | jq .stat.charged_bytes\n" },
	{ "tree", cmd_tree,
	  "Usage: kmemcg tree [-b] [-s usage|name|limit|max_usage|failcnt] [--dead] [-o json] [CGROUP]\n"
	  "Show the memory cgroup tree (below CGROUP, default all) with each\n"
	  "cgroup's kmem usage, limit, max usage and failcnt, in the enforced view:\n"
	  "under object granularity the usage is OBJECT_USAGE; under shadow it is\n"
	  "named for the enforced view and PAGE and OBJECT give both views' usage.\n"
	  "\n"
	  "  -b         sizes in bytes instead of human units\n"
	  "  -s KEY     order siblings by KEY (default name; figures largest first)\n"
	  "  --dead     also show dead groups (on_delete " KMEMCG_DELETE_DEAD_NAME "), marked\n"
	  "             <dead:N>, under their former parent (or the nearest\n"
	  "             ancestor still there), after its live children; their usage\n"
	  "             is the bytes still charged to them (see kmemcg dead)\n"
	  "  -o json    machine-readable output\n"
	  "\nExamples:\n  kmemcg tree\n  kmemcg tree -s usage system.slice\n  kmemcg tree --dead\n" },
	{ "top", cmd_top,
	  "Usage: kmemcg top [-d SECONDS] [-n COUNT] [-b] [-s KEY] [--caches] [-o json]\n"
	  "A live view of kmem usage per cgroup (usage, growth over the last\n"
	  "interval, limit, failcnt; under shadow granularity both views' usage,\n"
	  "PAGE and OBJECT), or per (cgroup, cache) with --caches (with OBJECTS\n"
	  "and OBJ_BYTES under object and shadow).  The title names the granularity.\n"
	  "Interactive keys: q quit, u/g/n/f sort by usage/growth/name/failcnt.\n"
	  "\n"
	  "  -d SECONDS refresh interval (default 2, fractions allowed)\n"
	  "  -n COUNT   stop after COUNT frames\n"
	  "  -b         batch mode: plain frames on stdout, for logs and tests\n"
	  "  -s KEY     usage (default), growth, name, limit, failcnt;\n"
	  "             with --caches: objs (default), active, slabs, growth, name\n"
	  "  --caches   one line per (cgroup, cache), from the top-level slabinfo;\n"
	  "             charges of no cgroup show under the pseudo groups\n"
	  "             " KMEMCG_PATH_UNSCOPED " (out of scope), " KMEMCG_PATH_UNACCOUNTED " (of cgroups removed\n"
	  "             under on_delete " KMEMCG_DELETE_UNACCOUNT_NAME ") and <dead:N> (dead groups)\n"
	  "  -o json    batch mode, one JSON object per frame (JSON Lines)\n"
	  "\nExamples:\n  kmemcg top\n  kmemcg top -b -d 1 -n 5 -s growth\n  kmemcg top --caches\n" },
	{ "slabinfo", cmd_slabinfo,
	  "Usage: kmemcg slabinfo [-r] [-b] [-s KEY] [-o json] CGROUP\n"
	  "Show a cgroup's slab caches (its memory.kmem.slabinfo).  Under object\n"
	  "granularity the bytes column is OBJ_BYTES, the objects' slot bytes; under\n"
	  "shadow both views side by side: ACTIVE, OBJS, SLABS, PAGE_BYTES (page)\n"
	  "and OBJECTS, OBJ_BYTES (object, from the top-level slabinfo).\n"
	  "\n"
	  "  -r         include its descendants (same-named caches summed)\n"
	  "  -b         sizes in bytes\n"
	  "  -s KEY     size (default), objs, active, objsize, slabs, name\n"
	  "  -o json    machine-readable output\n"
	  "\nExamples:\n  kmemcg slabinfo /sys/fs/cgroup/system.slice\n  kmemcg slabinfo -r -s objs a/b\n" },
	{ "set", cmd_set,
	  "Usage: kmemcg set CGROUP limit SIZE\n"
	  "       kmemcg set CGROUP reserve SIZE\n"
	  "       kmemcg set CGROUP independent 0|1\n"
	  "Set a cgroup's kmem limit (bytes with an optional K, M, G or T suffix,\n"
	  "or -1/max for none), its critical reserve (bytes above the limit only\n"
	  "critical allocations may use; 0 for none), or whether it has its own\n"
	  "kmem limit (1) or is bounded by memory.max (0).  Needs root.\n"
	  "\nExamples:\n  kmemcg set a/b limit 64M\n  kmemcg set /sys/fs/cgroup/a limit max\n"
	  "  kmemcg set a/b reserve 1M\n  kmemcg set a independent 0\n" },
	{ "reset", cmd_reset,
	  "Usage: kmemcg reset CGROUP max_usage|failcnt\n"
	  "Reset a cgroup's max usage (to its current usage) or its failcnt (to 0).\n"
	  "\nExamples:\n  kmemcg reset a/b failcnt\n  kmemcg reset /a max_usage\n" },
	{ "record", cmd_record,
	  "Usage: kmemcg record [-d SECONDS] [-n COUNT] [--caches] -o FILE\n"
	  "Record every cgroup's figures (and per-cache figures with --caches)\n"
	  "every SECONDS (default 1) until COUNT samples (default: until Ctrl-C).\n"
	  "FILE.csv is CSV; FILE.jsonl (or .json, .ndjson) is JSON Lines.  With\n"
	  "--caches, the pseudo groups " KMEMCG_PATH_UNSCOPED ", " KMEMCG_PATH_UNACCOUNTED " and <dead:N>\n"
	  "have rows of their own, named so in the cgroup column.  Under\n"
	  "object and shadow granularity rows also have granularity, enforced_view\n"
	  "and the object figures (see kmemcg(1)).\n"
	  "\nExamples:\n  kmemcg record -d 5 -n 720 -o hour.csv\n  kmemcg record --caches -o run.jsonl\n" },
	{ "plot", cmd_plot,
	  "Usage: kmemcg plot [-t TITLE] FILE -o OUT.svg\n"
	  "Chart a recording (kmemcg record): usage per cgroup over time, limits\n"
	  "as dashed lines.  The SVG opens in any browser.  A CSV file with a\n"
	  "policy column (make experiment's usage-WORKLOAD.csv) has a line per\n"
	  "policy instead of per cgroup.\n"
	  "\n"
	  "  -t TITLE   the chart's title (default: FILE)\n"
	  "\nExamples:\n  kmemcg plot hour.csv -o hour.svg\n"
	  "  kmemcg plot -t 'negdentries, 6.12' usage-negdentries.csv -o n.svg\n" },
	{ "export", cmd_export,
	  "Usage: kmemcg export --prometheus\n"
	  "Print the current figures in the Prometheus text exposition format,\n"
	  "for node_exporter's textfile collector; kmemcg_policy_info names the\n"
	  "granularity and every other policy axis (a label each), and object and\n"
	  "shadow granularity add the object figures.\n"
	  "\nExamples:\n  kmemcg export --prometheus > /var/lib/prometheus/node-exporter/kmemcg.prom.$$ &&\n"
	  "    mv /var/lib/prometheus/node-exporter/kmemcg.prom.$$ /var/lib/prometheus/node-exporter/kmemcg.prom\n" },
	{ "policy", cmd_policy,
	  "Usage: kmemcg policy [-o json]\n"
	  "       kmemcg policy set KEY VALUE\n"
	  "       kmemcg policy params TOKEN...\n"
	  "Show the module's accounting policy, one line per axis, and when each\n"
	  "can change; or change one axis at run time (needs root).  The axes:\n"
	  "  " KMEMCG_POLICY_GRANULARITY "     " KMEMCG_GRAN_PAGE ", " KMEMCG_GRAN_OBJECT " or " KMEMCG_GRAN_SHADOW ": what a charge is for (at load)\n"
	  "  " KMEMCG_POLICY_SHADOW_ENFORCE "  " KMEMCG_GRAN_PAGE " or " KMEMCG_GRAN_OBJECT ": the view limits are enforced against\n"
	  "                  (at run time, under shadow granularity only)\n"
	  "  " KMEMCG_POLICY_SCOPE "           " KMEMCG_SCOPE_ALL_NAME ", " KMEMCG_SCOPE_LIST_NAME " or " KMEMCG_SCOPE_KERNEL_NAME ": which allocations are charged: every\n"
	  "                  cache, the caches in scope_list, or what the kernel accounts\n"
	  "  " KMEMCG_POLICY_SCOPE_LIST "      cache names separated by commas, or " KMEMCG_SCOPE_LIST_NONE " for none\n"
	  "  " KMEMCG_POLICY_ON_DELETE "       " KMEMCG_DELETE_REPARENT_NAME ", " KMEMCG_DELETE_UNACCOUNT_NAME " or " KMEMCG_DELETE_DEAD_NAME ": a removed cgroup's charges go\n"
	  "                  to its parent, to nobody (" KMEMCG_PATH_UNACCOUNTED "), or stay in a\n"
	  "                  dead group (kmemcg dead)\n"
	  "  " KMEMCG_POLICY_HIERARCHY "       " KMEMCG_HIERARCHY_HIERARCHICAL_NAME " or " KMEMCG_HIERARCHY_FLAT_NAME ": whether usage and limits include\n"
	  "                  descendants (at load)\n"
	  "  " KMEMCG_POLICY_OVER_LIMIT "      " KMEMCG_OVER_LIMIT_FAIL_NAME ", " KMEMCG_OVER_LIMIT_COUNT_NAME ", " KMEMCG_OVER_LIMIT_RECLAIM_NAME " or " KMEMCG_OVER_LIMIT_FAIL_ALL_NAME ": a charge over a limit\n"
	  "                  fails if the kernel accounts the allocation, else is forced\n"
	  "                  (unaccounted_forced); is let through and counted (would_fail);\n"
	  "                  reclaims first, then as " KMEMCG_OVER_LIMIT_FAIL_NAME "; or fails whatever it is\n"
	  "                  (" KMEMCG_OVER_LIMIT_FAIL_ALL_NAME ": research only, some kernel callers panic)\n"
	  "Axes fixed at load are module parameters: modprobe kmemcg hierarchy=flat.\n"
	  "policy params checks policies named as make experiment's POLICIES name\n"
	  "them, without the module, and prints each one's module parameters: items\n"
	  "joined by commas, each a granularity or KEY=VALUE (" KM_POLICY_DELETION_ALIAS " for\n"
	  KMEMCG_POLICY_ON_DELETE "); after " KMEMCG_POLICY_SCOPE_LIST "=, items without '=' are more caches.\n"
	  "\n"
	  "  -o json    machine-readable output\n"
	  "\nExamples:\n  kmemcg policy\n  kmemcg policy set over_limit count\n"
	  "  kmemcg policy set scope_list dentry,kmalloc-64\n"
	  "  kmemcg policy params object,scope=kernel deletion=dead\n" },
	{ "compare", cmd_compare,
	  "Usage: kmemcg compare [-b] [-o json|csv] [CGROUP]\n"
	  "       kmemcg compare --caches [-b] [-o json|csv] [CGROUP]\n"
	  "The kernel's own kmem figures of each memory cgroup (CGROUP and its\n"
	  "descendants, default all) beside kmemcg's, and the difference.  Every\n"
	  "figure is the cgroup's subtree: the kernel's memory.stat is\n"
	  "hierarchical, and kmemcg's own figures are summed over the subtree.\n"
	  "  SLAB .. SOCK  memory.stat's " KMEMCG_CMP_SLAB ", " KMEMCG_CMP_SLAB_RECLAIMABLE ",\n"
	  "                " KMEMCG_CMP_SLAB_UNRECLAIMABLE ", " KMEMCG_CMP_KERNEL ", " KMEMCG_CMP_KERNEL_STACK ", " KMEMCG_CMP_PAGETABLES ",\n"
	  "                " KMEMCG_CMP_PERCPU ", " KMEMCG_CMP_SOCK "; \"-\" where the kernel has no such key\n"
	  "                or the cgroup no memory.stat\n"
	  "  KMEMCG_PAGE   " KMEMCG_CMP_PAGE_BYTES ": kmemcg's page view, " KMEMCG_CSTAT_OWN_BYTES "\n"
	  "                (slab pages and large kmallocs); \"-\" under object granularity\n"
	  "  KMEMCG_OBJ    " KMEMCG_CMP_OBJECT_BYTES ": kmemcg's object view, " KMEMCG_CSTAT_OBJECT_BYTES "\n"
	  "                (slot bytes) + " KMEMCG_CSTAT_LARGE_BYTES "; \"-\" under page granularity\n"
	  "  DIFF          " KMEMCG_CMP_DIFF_BYTES ": KMEMCG_OBJ (else KMEMCG_PAGE) minus SLAB\n"
	  "kmemcg charges every cache, the kernel only SLAB_ACCOUNT ones and\n"
	  "__GFP_ACCOUNT allocations, each at its slot size plus an 8-byte\n"
	  "obj_cgroup pointer.  Reading memory.stat flushes the kernel's per-CPU\n"
	  "statistics only past a threshold (mm/memcontrol.c\n"
	  "mem_cgroup_flush_stats(): 64 updates per CPU), and up to a page of slab\n"
	  "bytes per CPU waits in its object stock: SLAB may lag by about 129\n"
	  "pages per CPU (a worker flushes every 2 s).\n"
	  "\n"
	  "--caches: per cache, kmemcg's bytes in the subtree (the object view\n"
	  "under object and shadow granularity, else slabs x pages per slab),\n"
	  "whether the kernel accounts the cache (SLAB_ACCOUNT, from the module's\n"
	  KMEMCG_FILE_CACHES " file), and the bytes the kernel leaves unaccounted: 0 for\n"
	  "a cache it accounts; for another, in the object view its objects\n"
	  "allocated without __GFP_ACCOUNT (the kernel charges those with it, such\n"
	  "as external dentry names in kmalloc-rcl-*; the module records the flag\n"
	  "per object), in the page view all its bytes (an upper bound; DIFF is\n"
	  "the measured gap).  Largest unaccounted first, then their total.  " KMEMCG_SLABINFO_LARGE " is in no cache and charged by\n"
	  "the kernel only with __GFP_ACCOUNT: accounted \"?\", left out of the\n"
	  "total.  Pseudo groups (" KMEMCG_PATH_UNSCOPED ", ...) are no cgroup's and\n"
	  "left out, and so is the root's own line: the kernel charges nothing to\n"
	  "the root, so CGROUP / means every cgroup below it.  The CSV does not\n"
	  "name the view; -o json does (kmemcg_view).\n"
	  "\n"
	  "  --caches   per cache instead of per cgroup\n"
	  "  -b         sizes in bytes\n"
	  "  -o json    machine-readable output; a missing figure is null\n"
	  "  -o csv     a header line of the JSON keys, then a line per row; a\n"
	  "             missing figure is empty.  --caches: " KMEMCG_CMP_CGROUP ", " KMEMCG_CMP_CACHE ",\n"
	  "             " KMEMCG_CMP_KMEMCG_BYTES ", " KMEMCG_CMP_ACCOUNTED " (1, 0, empty), " KMEMCG_CMP_UNACCOUNTED_BYTES "\n"
	  "memory.stat is read under $KMEMCG_CGROUPFS (default /sys/fs/cgroup).\n"
	  "\nExamples:\n  kmemcg compare\n  kmemcg compare -o csv system.slice\n"
	  "  kmemcg compare --caches app\n" },
	{ "dead", cmd_dead,
	  "Usage: kmemcg dead [-b] [-o json]\n"
	  "List the dead groups: cgroups removed under on_delete " KMEMCG_DELETE_DEAD_NAME " that still\n"
	  "hold charges, each until its last page or object is freed.  N is its\n"
	  "number (" KMEMCG_DIR_DEAD "/N in the module's directory, <dead:N> in the top-level\n"
	  "slabinfo), CGROUP its path when it was removed, AGE the time since,\n"
	  "BYTES what is still charged to it and TOP_CACHES the caches holding\n"
	  "the most (its slabinfo, in the enforced view).\n"
	  "\n"
	  "  -b         sizes in bytes\n"
	  "  -o json    machine-readable output, with every cache and its stat\n"
	  "\nExamples:\n  kmemcg dead\n  kmemcg dead -o json\n" },
	{ "caches", cmd_caches,
	  "Usage: kmemcg caches [--accounted|--unaccounted] [-o json|csv]\n"
	  "List every slab cache of the kernel (the module's " KMEMCG_FILE_CACHES " file), by\n"
	  "name: OBJSIZE the size its creator asked for, SLOTSIZE what an object\n"
	  "takes in a slab, OBJ/SLAB and PAGES per slab, ACCT whether the kernel's\n"
	  "memory cgroups charge its objects (SLAB_ACCOUNT), RECL whether its slabs\n"
	  "count as reclaimable (SLAB_RECLAIM_ACCOUNT), and ALIASES the names of\n"
	  "the caches SLUB merged into it (" KMEMCG_CACHES_NO_ALIAS " none, " KMEMCG_CACHES_ALIAS_UNKNOWN " when /sys/kernel/slab\n"
	  "could not be read).  Under scope " KMEMCG_SCOPE_KERNEL_NAME " the module charges only the\n"
	  "accounted caches (and __GFP_ACCOUNT allocations).\n"
	  "\n"
	  "  --accounted    only the caches the kernel accounts\n"
	  "  --unaccounted  only the others\n"
	  "  -o json|csv    machine-readable output (aliases: an array, null\n"
	  "                 when unknown; in CSV one comma-separated field)\n"
	  "\nExamples:\n  kmemcg caches\n  kmemcg caches --accounted\n"
	  "  kmemcg caches -o json | jq '.[] | select((.aliases // []) | length > 0)'\n" },
	{ "check", cmd_check,
	  "Usage: kmemcg check [--retries N] [--json] [-q]\n"
	  "Check the module's invariants; print each one that does not hold, one\n"
	  "line each:\n"
	  "  conservation  in one read of " KMEMCG_FILE_STAT ": " KMEMCG_STAT_OWN_BYTES_SUM " = " KMEMCG_STAT_CHARGED_BYTES ",\n"
	  "                " KMEMCG_STAT_TRACKED_BYTES " = " KMEMCG_STAT_CHARGED_BYTES " + " KMEMCG_STAT_UNSCOPED_BYTES " + " KMEMCG_STAT_UNACCOUNTED_BYTES "\n"
	  "                (limits on the object view: " KMEMCG_STAT_TRACKED_BYTES " >= " KMEMCG_STAT_CHARGED_BYTES "),\n"
	  "                " KMEMCG_STAT_OBJECT_CHARGED_BYTES " = " KMEMCG_STAT_OBJECT_VIEW_SUM ",\n"
	  "                " KMEMCG_STAT_OBJECT_BYTES " = " KMEMCG_STAT_OBJECT_BYTES_SUM " + " KMEMCG_STAT_SINK_OBJECT_BYTES "\n"
	  "  negative      no figure in any file of the module's tree is below 0\n"
	  "  stale         " KMEMCG_STAT_STALE_ENTRIES " and " KMEMCG_STAT_STALE_OBJECTS " are 0\n"
	  "  mirror        every memory cgroup (the root, and each child of a cgroup\n"
	  "                whose cgroup.subtree_control has memory) has its directory\n"
	  "                under " KMEMCG_DIR_CGROUP "/, and every directory there a memory cgroup\n"
	  "  hierarchy     no cgroup's usage is below the sum of its children's\n"
	  "                (not under " KMEMCG_POLICY_HIERARCHY " " KMEMCG_HIERARCHY_FLAT_NAME ")\n"
	  "Charges and cgroups change while the files are read: conservation is\n"
	  "read again until a read balances, mirror and hierarchy until what was\n"
	  "wrong is not wrong on every try (N+1 tries at most, 0.2 s apart).\n"
	  "Exit status: 0 all hold, 1 a violation, 2 the check could not be made.\n"
	  "\n"
	  "  --retries N  tries after the first (default 50; 0 for one try)\n"
	  "  --json       one JSON object: clean, the violations, the tries,\n"
	  "               counts, and every figure of " KMEMCG_FILE_STAT "\n"
	  "  -q           print the violations only, nothing when all hold\n"
	  "The cgroup filesystem is $KMEMCG_CGROUPFS (default /sys/fs/cgroup).\n"
	  "\nExamples:\n  kmemcg check\n  kmemcg check -q --retries 0 || echo broken\n"
	  "  kmemcg check --json >>figures.jsonl\n" },
};

static const char km_usage[] =
	"Usage: kmemcg [--root DIR] COMMAND [OPTIONS] [ARGS]\n"
	"Account and limit per-cgroup slab memory with kmemcg.ko.\n"
	"\n"
	"Commands:\n"
	"  status                      module, kernel, settings, policy, figures\n"
	"  tree [--dead] [CGROUP]      cgroups with usage, limit, max usage, failcnt\n"
	"  top                         live view per cgroup, or per cache (--caches)\n"
	"  slabinfo CGROUP             a cgroup's slab caches\n"
	"  set CGROUP limit SIZE       set a kmem limit (64M, -1 or max)\n"
	"  set CGROUP reserve SIZE     set its critical reserve\n"
	"  set CGROUP independent 0|1  own kmem limit (1) or memory.max (0)\n"
	"  reset CGROUP max_usage|failcnt\n"
	"  record -o FILE              time series as CSV or JSON Lines\n"
	"  plot FILE -o OUT.svg        chart a recording\n"
	"  export --prometheus         figures for node_exporter\n"
	"  policy                      the accounting policy, every axis\n"
	"  policy set KEY VALUE        change an axis (over_limit count)\n"
	"  dead                        dead groups: age, bytes, top caches\n"
	"  compare [--caches] [CGROUP] the kernel's memory.stat beside kmemcg's\n"
	"  caches                      every slab cache: sizes, accounted, aliases\n"
	"  check                       the module's invariants, violations one a line\n"
	"\n"
	"A CGROUP is /sys/fs/cgroup/a/b, /a/b or a/b.  Read commands take -o json.\n"
	"\n"
	"Options:\n"
	"  --root DIR   the module's debugfs directory (default "
	KMEMCG_DEBUGFS_MOUNT "/" KMEMCG_DIR ",\n"
	"               or $KMEMCG_ROOT)\n"
	"  --version    print the CLI's version\n"
	"  -h, --help   this text; kmemcg COMMAND --help for a command's\n"
	"\n"
	"Examples:\n"
	"  kmemcg status\n"
	"  kmemcg tree -s usage\n"
	"  kmemcg set /sys/fs/cgroup/app limit 64M\n"
	"  kmemcg top -b -n 3\n"
	"  kmemcg record -d 1 -n 60 -o run.csv && kmemcg plot run.csv -o run.svg\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 usage error.  See kmemcg(1).\n";

void km_help(FILE *f, const char *cmd)
{
	size_t i;

	for (i = 0; cmd && i < ARRAY_SIZE(km_cmds); i++)
		if (!strcmp(cmd, km_cmds[i].name)) {
			fputs(km_cmds[i].help, f);
			return;
		}
	fputs(km_usage, f);
}

int km_opt_unknown(const char *cmd, int opt, const char *arg)
{
	if (opt == 'h') {
		km_help(stdout, cmd);
		exit(KM_EXIT_OK);
	}
	if (opt == ':')
		return km_usage_err(cmd, "option %s needs a value", arg);
	return km_usage_err(cmd, "unknown option %s", arg);
}

int km_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *root = NULL;
	size_t i;
	int c;

	/* "+": stop at the command; its options are its own. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'V':
			printf("kmemcg %s\n", KMEMCG_VERSION);
			return KM_EXIT_OK;
		case 'h':
			km_help(stdout, NULL);
			return KM_EXIT_OK;
		default:
			return km_opt_unknown(NULL, c, argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return km_usage_err(NULL, "no command given");
	km_set_root(root);
	for (i = 0; i < ARRAY_SIZE(km_cmds); i++)
		if (!strcmp(argv[optind], km_cmds[i].name)) {
			argc -= optind;
			argv += optind;
			optind = 0;	/* glibc: a full re-initialisation */
			return km_cmds[i].fn(argc, argv);
		}
	if (!strcmp(argv[optind], "help")) {
		km_help(stdout, optind + 1 < argc ? argv[optind + 1] : NULL);
		return KM_EXIT_OK;
	}
	return km_usage_err(NULL, "unknown command '%s'", argv[optind]);
}
