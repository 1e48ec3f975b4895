# shellcheck shell=sh
# Sourced: sets $mirror to the Debian mirror this machine's apt already
# uses (kernel-facts.md), or KMEMCG_MIRROR when set.
mirror=${KMEMCG_MIRROR:-}
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
		sed -nE 's,^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?://[^ ]+/debian)/?([[:space:]].*)?$,\3,p' |
		head -n1)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
