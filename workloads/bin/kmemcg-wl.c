// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg-wl: the kernel objects busybox cannot make, for the reference
 * workloads (the scripts in workloads/).  Built static into build/guest/bin (make
 * guest-bin), so it is in the VM's /usr/bin.
 *
 *   kmemcg-wl MODE N [HOLD]
 *
 * makes N of MODE's objects, holds them HOLD seconds (default 2, so a
 * recording sampling every half second sees the peak), frees them all
 * and exits 0; on any failure it says which call failed and exits 1.
 *
 *   unix     N AF_UNIX stream socketpairs, 4 KiB queued in each direction
 *            (struct socket, sock, unix_sock, sk_buff heads and data)
 *   udp      N UDP sockets on 127.0.0.1, each sends itself 1 KiB
 *            (needs lo up: ip link set lo up)
 *   pipes    N pipes, 4 KiB queued in each (pipe_inode_info, buffers)
 *   inotify  N inotify watches, on N files of a fresh directory under
 *            /tmp, 1024 per inotify instance (inotify_inode_mark); then
 *            writes to the first file and reads the event back
 *   epoll    N epoll instances, each watching a timerfd armed every
 *            second and an eventfd (eventpoll, epitem, timerfd ctx)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

static char buf[4096];

static int fail(const char *what, long i)
{
	fprintf(stderr, "kmemcg-wl: %s (object %ld): %s\n", what, i, strerror(errno));
	return 1;
}

/* Room for n descriptors and a few more. */
static int fds_for(long n)
{
	struct rlimit r = { (rlim_t)n + 64, (rlim_t)n + 64 };

	if (setrlimit(RLIMIT_NOFILE, &r))
		return fail("setrlimit(RLIMIT_NOFILE)", n);
	return 0;
}

static int do_unix(long n)
{
	long i;
	int sv[2];

	if (fds_for(2 * n))
		return 1;
	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv))
			return fail("socketpair", i);
		if (write(sv[0], buf, sizeof(buf)) != sizeof(buf) ||
		    write(sv[1], buf, sizeof(buf)) != sizeof(buf))
			return fail("write to a socket", i);
	}
	return 0;
}

static int do_udp(long n)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	long i;
	int s;

	if (fds_for(n))
		return 1;
	for (i = 0; i < n; i++) {
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		a.sin_port = 0;
		s = socket(AF_INET, SOCK_DGRAM, 0);
		if (s < 0)
			return fail("socket(AF_INET, SOCK_DGRAM)", i);
		if (bind(s, (struct sockaddr *)&a, sizeof(a)) ||
		    getsockname(s, (struct sockaddr *)&a, &len))
			return fail("bind to 127.0.0.1 (is lo up?)", i);
		if (sendto(s, buf, 1024, 0, (struct sockaddr *)&a, sizeof(a)) != 1024)
			return fail("sendto itself", i);
	}
	return 0;
}

static int do_pipes(long n)
{
	long i;
	int p[2];

	if (fds_for(2 * n))
		return 1;
	for (i = 0; i < n; i++) {
		if (pipe2(p, O_NONBLOCK))
			return fail("pipe", i);
		if (write(p[1], buf, sizeof(buf)) != sizeof(buf))
			return fail("write to a pipe", i);
	}
	return 0;
}

static char dir[] = "/tmp/kmemcg-wl.XXXXXX";

static void rm_dir(long n)
{
	char f[64];
	long i;

	for (i = 0; i < n; i++) {
		snprintf(f, sizeof(f), "%s/%ld", dir, i);
		unlink(f);
	}
	rmdir(dir);
}

static int do_inotify(long n)
{
	char f[64], ev[sizeof(struct inotify_event) + 64];
	struct inotify_event *e = (struct inotify_event *)ev;
	long i;
	int in = -1, first = -1, fd;

	if (fds_for(n / 1024 + 1) || !mkdtemp(dir))
		return fail("mkdtemp", 0);
	for (i = 0; i < n; i++) {
		snprintf(f, sizeof(f), "%s/%ld", dir, i);
		fd = open(f, O_CREAT | O_WRONLY, 0600);
		if (fd < 0 || close(fd))
			return fail("create a file to watch", i);
		if (i % 1024 == 0) {
			in = inotify_init1(0);
			if (in < 0)
				return fail("inotify_init1 (fs.inotify.max_user_instances?)", i);
			if (first < 0)
				first = in;
		}
		if (inotify_add_watch(in, f, IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF) < 0)
			return fail("inotify_add_watch (fs.inotify.max_user_watches?)", i);
	}
	snprintf(f, sizeof(f), "%s/0", dir);
	fd = open(f, O_WRONLY);
	if (fd < 0 || write(fd, "x", 1) != 1 || close(fd))
		return fail("write to a watched file", 0);
	if (read(first, ev, sizeof(ev)) < (ssize_t)sizeof(*e) || !(e->mask & IN_MODIFY))
		return fail("read its IN_MODIFY event", 0);
	return 0;
}

static int do_epoll(long n)
{
	struct itimerspec its = { { 1, 0 }, { 1, 0 } };
	struct epoll_event ev = { .events = EPOLLIN };
	long i;
	int ep, t, e;

	if (fds_for(3 * n))
		return 1;
	for (i = 0; i < n; i++) {
		ep = epoll_create1(0);
		t = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
		e = eventfd(0, EFD_NONBLOCK);
		if (ep < 0 || t < 0 || e < 0)
			return fail("epoll_create1/timerfd_create/eventfd", i);
		if (timerfd_settime(t, 0, &its, NULL))
			return fail("timerfd_settime", i);
		if (epoll_ctl(ep, EPOLL_CTL_ADD, t, &ev) || epoll_ctl(ep, EPOLL_CTL_ADD, e, &ev))
			return fail("epoll_ctl", i);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(long n);
} modes[] = {
	{ "unix", do_unix }, { "udp", do_udp }, { "pipes", do_pipes },
	{ "inotify", do_inotify }, { "epoll", do_epoll },
};

int main(int argc, char **argv)
{
	long n, hold = 2;
	char *end;
	size_t m;
	int rc;

	if (argc < 3 || argc > 4)
		goto usage;
	n = strtol(argv[2], &end, 10);
	if (*end || n < 1 || n > 1000000)
		goto usage;
	if (argc == 4) {
		hold = strtol(argv[3], &end, 10);
		if (*end || hold < 0 || hold > 3600)
			goto usage;
	}
	memset(buf, 'k', sizeof(buf));
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		if (strcmp(argv[1], modes[m].name))
			continue;
		rc = modes[m].fn(n);
		if (!rc) {
			printf("kmemcg-wl: %s: %ld made, holding %lds\n", argv[1], n, hold);
			fflush(stdout);
			sleep(hold);
		}
		if (dir[sizeof(dir) - 2] != 'X')
			rm_dir(n);
		return rc;	/* exit closes every descriptor */
	}
usage:
	fprintf(stderr, "usage: kmemcg-wl unix|udp|pipes|inotify|epoll N [HOLD_SECONDS]\n");
	return 2;
}
