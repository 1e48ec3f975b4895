// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-test-priv: run a command with less privilege, for the VM tests of
 * file permissions (busybox has no capsh/setpriv that can drop a
 * capability from root, nor a numeric su).
 *
 *   kmemcg-test-priv --uid UID CMD ARGS...     as an unprivileged user
 *   kmemcg-test-priv --drop-sys-admin CMD...   as root without CAP_SYS_ADMIN
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <grp.h>
#include <unistd.h>

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int i;

	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0))
		return -1;
	if (syscall(SYS_capget, &hdr, data))
		return -1;
	for (i = 0; i < 2; i++) {
		unsigned int bit = CAP_SYS_ADMIN - 32 * i;

		if (bit < 32) {
			data[i].effective &= ~(1U << bit);
			data[i].permitted &= ~(1U << bit);
			data[i].inheritable &= ~(1U << bit);
		}
	}
	return syscall(SYS_capset, &hdr, data);
}

static int usage(void)
{
	fprintf(stderr, "usage: kmemcg-test-priv --uid UID | --drop-sys-admin CMD [ARGS...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	char *end;
	long uid;

	if (argc < 3)
		return usage();
	if (!strcmp(argv[1], "--uid")) {
		if (argc < 4)
			return usage();
		errno = 0;
		uid = strtol(argv[2], &end, 10);
		if (errno || *end || uid <= 0 || uid > 65535)
			return usage();
		if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid)) {
			perror("kmemcg-test-priv: setresuid");
			return 1;
		}
		argv += 3;
	} else if (!strcmp(argv[1], "--drop-sys-admin")) {
		if (drop_sys_admin()) {
			perror("kmemcg-test-priv: drop CAP_SYS_ADMIN");
			return 1;
		}
		argv += 2;
	} else {
		return usage();
	}
	execvp(argv[0], argv);
	perror("kmemcg-test-priv: exec");
	return 127;
}
