/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmemcg check: the invariants of a loaded module, checked from its
 * debugfs tree (and the cgroup filesystem), for people, tests and the soak
 * (tests/long).  check.c holds the command, conservation, the stale
 * counters and the negative-figure scan; check_tree.c the checks that
 * compare trees: mirrors of the memory cgroups and the hierarchy's sums.
 *
 * A violation has a key (what it is about, stable from one try to the
 * next: "mirror-missing /a/b") and a message (one line, with the figures
 * of the latest try).  Checks that race with a busy system are tried
 * again; a violation stands when it is seen on every try.
 */
#ifndef KMEMCG_CHECK_H
#define KMEMCG_CHECK_H

#include "kmemcg.h"

struct km_viol {
	char *key;
	char *msg;
};

struct km_viols {
	struct km_viol *v;
	size_t n;
};

void km_viol_add(struct km_viols *vs, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Keep the violations of *old whose key b has too, with b's message; b is freed. */
void km_viols_intersect(struct km_viols *old, struct km_viols *b);
void km_viols_free(struct km_viols *vs);

/*
 * Every memory cgroup under the cgroup filesystem fs (the root, and each
 * child of a cgroup whose cgroup.subtree_control has "memory") against the
 * directories under the module's cgroup/: a violation for each one missing
 * on either side.  *ncg and *nmirror get the two counts.  0, or -1 after
 * an error message (fs or the module's tree unreadable).
 */
int km_check_mirror(const char *fs, struct km_viols *out, size_t *ncg, size_t *nmirror);
/*
 * Hierarchical accounting: no cgroup's usage is below the sum of its
 * children's (the usage of each includes its descendants').  0 or -1.
 */
int km_check_hierarchy(struct km_viols *out);

#endif /* KMEMCG_CHECK_H */
