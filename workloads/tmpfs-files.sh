#!/bin/sh
# tmpfs-files: files, directories and symlinks on tmpfs.
#
# Stresses shmem inodes (shmem_inode_cache), dentries, the directories'
# maple trees / offset maps (6.6 on: simple_offset), radix-tree nodes of
# the files' page cache, and kmalloc for symlink bodies: D directories of
# F files each, every file with a line of data, and one symlink per
# directory entry of the first directory.  Files are created with shell
# redirections (no fork per file).
#
# Frees: removes the whole tree before it exits (after holding it 2 s so a
# recording sees the peak); the inodes and dentries go with it.
# Success: every file exists with its content before the removal, and the
# tree is gone after it.  About 15 s under TCG (D=20, F=150).
D=${D:-20}
F=${F:-150}
top=/tmp/kmemcg-wl-tmpfs.$$

mkdir -p "$top" || exit 1
d=0
while [ $d -lt "$D" ]; do
	mkdir "$top/d$d" || exit 1
	f=0
	while [ $f -lt "$F" ]; do
		echo "file $d/$f" >"$top/d$d/f$f" || exit 1
		f=$((f + 1))
	done
	d=$((d + 1))
done
f=0
while [ $f -lt "$F" ]; do
	ln -s "../d0/f$f-a-symlink-target-long-enough-to-be-kmalloced" "$top/d0/l$f" || exit 1
	f=$((f + 1))
done
n=$(find "$top" -type f | wc -l)
echo "tmpfs-files: $n files, $F symlinks, $D directories in $top"
[ "$n" -eq $((D * F)) ] || { echo "tmpfs-files: $n files, want $((D * F))" >&2; exit 1; }
[ "$(cat "$top/d$((D - 1))/f$((F - 1))")" = "file $((D - 1))/$((F - 1))" ] || exit 1
sleep 2
rm -rf "$top"
[ ! -e "$top" ] || { echo "tmpfs-files: $top not removed" >&2; exit 1; }
