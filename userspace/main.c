// SPDX-License-Identifier: GPL-2.0
/* kmemcg's entry point; everything else is in the library the tests link. */
#include "kmemcg.h"

int main(int argc, char **argv)
{
	return km_main(argc, argv);
}
