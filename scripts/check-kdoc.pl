#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
#
# usage: check-kdoc.pl FILE.c...
#
# The project's rule "kernel-doc on every non-static function": every
# function defined in FILE without `static` must have a kernel-doc comment
# (`/** ... */` whose first line names it, `name() - ...`) right before its
# definition (attribute lines such as __printf(2, 3) may sit in between).
# kernel-doc itself then checks that comment's contents (scripts/lint.sh).
# Kernel style is assumed: a definition starts at column 0 and its `{` is
# alone on the line after the prototype.  Prints file:line: name for each
# function without one; exits 1 if there is any.
use strict;
use warnings;

my $missing = 0;
for my $file (@ARGV) {
	open(my $fh, '<', $file) or die "check-kdoc: $file: $!\n";
	my @l = <$fh>;
	close($fh);
	chomp(@l);
	for (my $i = 0; $i < @l; $i++) {
		next unless $l[$i] =~ /^[A-Za-z_]/;
		next if $l[$i] =~ /^(static|typedef|extern)\b/;
		# The prototype: from here to the first line ending in ")", ";" or "{".
		my $j = $i;
		$j++ while $j < $#l && $l[$j] !~ /[);{]\s*$/;
		next unless $l[$j] =~ /\)\s*$/ && $j < $#l && $l[$j + 1] =~ /^\{\s*$/;
		my $proto = join(' ', @l[$i .. $j]);
		my ($name) = $proto =~ /(\w+)\s*\(/ or next;
		# Skip attribute lines (col-0 "__attr(...)") between comment and
		# definition, then expect the end of a /** comment naming $name.
		my $k = $i - 1;
		$k-- while $k >= 0 && $l[$k] =~ /^__\w+(\(.*\))?\s*$/;
		my $ok = 0;
		if ($k >= 0 && $l[$k] =~ m{^\s*\*/\s*$}) {
			my $s = $k;
			$s-- while $s > 0 && $l[$s] !~ m{/\*};
			$ok = $l[$s] =~ m{^/\*\*\s*$} && $s + 1 < $k &&
			      $l[$s + 1] =~ /^\s\*\s+\Q$name\E(\(\))?\s+-\s+\S/;
		}
		unless ($ok) {
			print "$file:", $i + 1, ": $name() has no kernel-doc comment\n";
			$missing++;
		}
		$i = $j;
	}
}
exit($missing ? 1 : 0);
