// SPDX-License-Identifier: GPL-2.0
/*
 * The layouts kmemcg reads through BTF, in the shapes each supported line
 * gives them (struct slab in mm/slab.h of Debian's 6.1, 6.12 and 7.3
 * trees), rebuilt here as BTF: the module must find slab_cache and the
 * inuse/objects bitfields at the same places in each, including 7.x's
 * unnamed member of the named type struct freelist_counters.  Also the
 * kmem_cache's per-node table (6.12's node[] of pointers, 7.3's
 * per_node[] of struct kmem_cache_per_node_ptrs), the page flags' two
 * names, the prototypes of the hooked functions (6.12's allocate_slab(s, flags, node)
 * against 7.3's (s, flags, alloc_flags, node)) and enum values such as
 * 7.x's _SLAB_ACCOUNT in enum _slab_flag_bits.
 */
#include "tap.h"
#include "btf_writer.h"
#include "kmemcg/btf.h"

struct types {
	uint32_t ulong, uint, ptr, list_head, rcu_head, slabptr;
};

static void common_types(struct bb *b, struct types *t)
{
	t->ulong = bb_int(b, "long unsigned int", 8, 64, 0);
	t->uint = bb_int(b, "unsigned int", 4, 32, 0);
	t->ptr = bb_type(b, NULL, K_PTR, 0, 0, 0);	/* void * */
	t->list_head = bb_type(b, "list_head", K_STRUCT, 0, 2, 16);
	bb_member(b, "next", t->ptr, 0);
	bb_member(b, "prev", t->ptr, 64);
	t->rcu_head = bb_type(b, "callback_head", K_STRUCT, 0, 2, 16);
	bb_member(b, "next", t->ptr, 0);
	bb_member(b, "func", t->ptr, 64);
	t->slabptr = t->ptr;
}

/* union { unsigned long counters; struct { inuse:16 objects:15 frozen:1 }; } */
static uint32_t counters_union(struct bb *b, const struct types *t)
{
	uint32_t bits = bb_type(b, NULL, K_STRUCT, 1, 3, 4), u;

	bb_member(b, "inuse", t->uint, (16u << 24) | 0);
	bb_member(b, "objects", t->uint, (15u << 24) | 16);
	bb_member(b, "frozen", t->uint, (1u << 24) | 31);
	u = bb_type(b, NULL, K_UNION, 0, 2, 8);

	bb_member(b, "counters", t->ulong, 0);
	bb_member(b, NULL, bits, 0);
	return u;
}

/* 6.1: __page_flags, a union at 8, slab_cache at 24, freelist at 32. */
static void slab_6_1(struct bb *b)
{
	struct types t;
	uint32_t next_slabs, u, cnt;

	common_types(b, &t);
	next_slabs = bb_type(b, NULL, K_STRUCT, 0, 2, 16);
	bb_member(b, "next", t.slabptr, 0);
	bb_member(b, "slabs", t.uint, 64);
	u = bb_type(b, NULL, K_UNION, 0, 3, 16);
	bb_member(b, "slab_list", t.list_head, 0);
	bb_member(b, "rcu_head", t.rcu_head, 0);
	bb_member(b, NULL, next_slabs, 0);
	cnt = counters_union(b, &t);
	bb_type(b, "slab", K_STRUCT, 0, 6, 64);
	bb_member(b, "__page_flags", t.ulong, 0);
	bb_member(b, NULL, u, 64);
	bb_member(b, "slab_cache", t.ptr, 192);
	bb_member(b, "freelist", t.ptr, 256);
	bb_member(b, NULL, cnt, 320);
	bb_member(b, "memcg_data", t.ulong, 448);
}

/* union { struct { void *freelist; union counters }; }: 16 bytes. */
static uint32_t freelist_union(struct bb *b, const struct types *t)
{
	uint32_t cnt = counters_union(b, t), fc;

	fc = bb_type(b, NULL, K_STRUCT, 0, 2, 16);
	bb_member(b, "freelist", t->ptr, 0);
	bb_member(b, NULL, cnt, 64);
	bb_type(b, NULL, K_UNION, 0, 1, 16);
	bb_member(b, NULL, fc, 0);
	return b->nid;
}

/*
 * struct slab from 6.12 on: page flags (named @flags), slab_cache at 8,
 * then a union of { slab_list; @fl (freelist and counters) } and rcu_head.
 */
static void slab_6_12_on(struct bb *b, const struct types *t, const char *flags,
			 uint32_t fl)
{
	uint32_t lists, outer;

	lists = bb_type(b, NULL, K_STRUCT, 0, 2, 32);
	bb_member(b, "slab_list", t->list_head, 0);
	bb_member(b, NULL, fl, 128);
	outer = bb_type(b, NULL, K_UNION, 0, 2, 32);
	bb_member(b, NULL, lists, 0);
	bb_member(b, "rcu_head", t->rcu_head, 0);
	bb_type(b, "slab", K_STRUCT, 0, 4, 64);
	bb_member(b, flags, t->ulong, 0);
	bb_member(b, "slab_cache", t->ptr, 64);
	bb_member(b, NULL, outer, 128);
	bb_member(b, "obj_exts", t->ulong, 448);
}

/* 6.12: freelist/counters two anonymous levels down; kmem_cache.node[]. */
static void slab_6_12(struct bb *b)
{
	struct types t;
	uint32_t arr;

	common_types(b, &t);
	slab_6_12_on(b, &t, "__page_flags", freelist_union(b, &t));
	/* struct kmem_cache { ...; struct kmem_cache_node *node[64]; } */
	arr = bb_type(b, NULL, K_ARRAY, 0, 0, 0);
	bb_u32(b, t.ptr);
	bb_u32(b, t.uint);
	bb_u32(b, 64);
	bb_type(b, "kmem_cache", K_STRUCT, 0, 2, 8 + 64 * 8);
	bb_member(b, "flags", t.uint, 0);
	bb_member(b, "node", arr, 64);
}

/*
 * 7.3: "flags"; freelist and counters inside an unnamed member whose type
 * is the named struct freelist_counters; kmem_cache.per_node[].node.
 */
static void slab_7_3(struct bb *b)
{
	struct types t;
	uint32_t fcu, fc, pnp, arr;

	common_types(b, &t);
	fcu = freelist_union(b, &t);
	fc = bb_type(b, "freelist_counters", K_STRUCT, 0, 1, 16);
	bb_member(b, NULL, fcu, 0);
	slab_6_12_on(b, &t, "flags", fc);
	/* struct kmem_cache { ...; struct kmem_cache_per_node_ptrs per_node[64]; } */
	pnp = bb_type(b, "kmem_cache_per_node_ptrs", K_STRUCT, 0, 2, 16);
	bb_member(b, "barn", t.ptr, 0);
	bb_member(b, "node", t.ptr, 64);
	arr = bb_type(b, NULL, K_ARRAY, 0, 0, 0);
	bb_u32(b, pnp);
	bb_u32(b, t.uint);
	bb_u32(b, 64);
	bb_type(b, "kmem_cache", K_STRUCT, 0, 2, 96 + 64 * 16);
	bb_member(b, "flags", t.uint, 0);
	bb_member(b, "per_node", arr, 96 * 8);
}

/* static struct slab *allocate_slab(...) with n parameters; a variadic f. */
static void funcs(struct bb *b, uint32_t nparams)
{
	uint32_t i, proto = bb_type(b, NULL, K_FUNC_PROTO, 0, nparams, 0);

	for (i = 0; i < nparams; i++) {
		bb_u32(b, bb_str(b, "p"));
		bb_u32(b, 1);
	}
	bb_type(b, "allocate_slab", K_FUNC, 0, 0, proto);
	proto = bb_type(b, NULL, K_FUNC_PROTO, 0, 2, 0);
	bb_u32(b, bb_str(b, "fmt"));
	bb_u32(b, 1);
	bb_u32(b, 0);		/* "...": no name, type void */
	bb_u32(b, 0);
	bb_type(b, "printk_like", K_FUNC, 0, 0, proto);
}

/* enum _slab_flag_bits { ..., _SLAB_MAY_ACCOUNT, _SLAB_ACCOUNT, ... } (7.x) */
static void slab_flag_bits(struct bb *b)
{
	bb_type(b, "_slab_flag_bits", K_ENUM, 0, 3, 4);
	bb_u32(b, bb_str(b, "_SLAB_CONSISTENCY_CHECKS"));
	bb_u32(b, 0);
	bb_u32(b, bb_str(b, "_SLAB_MAY_ACCOUNT"));
	bb_u32(b, 14);
	bb_u32(b, bb_str(b, "_SLAB_ACCOUNT"));
	bb_u32(b, 15);
}

static uint8_t blob[65536];

static void open_line(struct kmemcg_btf *btf, void (*slab)(struct bb *), uint32_t nparams)
{
	static struct bb b;
	size_t len;

	bb_init(&b);
	slab(&b);
	funcs(&b, nparams);
	slab_flag_bits(&b);
	len = bb_blob(&b, blob, sizeof(blob));
	assert_int_equal(kmemcg_btf_open(btf, blob, len), 0);
}

/* What module/layout.c reads, the same on every line but for flags' name. */
static void check_slab(const struct kmemcg_btf *btf, const char *flags)
{
	uint32_t off, size, bit, width;

	assert_int_equal(kmemcg_btf_member(btf, "slab", flags, &off, &size), 0);
	assert_int_equal(off, 0);
	assert_int_equal(kmemcg_btf_member(btf, "slab", "freelist", &off, &size), 0);
	assert_int_equal(off, 32);
	assert_int_equal(size, 8);
	assert_int_equal(kmemcg_btf_member_bits(btf, "slab", "inuse", &bit, &width), 0);
	assert_int_equal(bit, 320);
	assert_int_equal(width, 16);
	assert_int_equal(kmemcg_btf_member_bits(btf, "slab", "objects", &bit, &width), 0);
	assert_int_equal(bit, 336);
	assert_int_equal(width, 15);
}

static void test_6_1(void **state __attribute__((unused)))
{
	struct kmemcg_btf btf;
	uint32_t off, size;

	open_line(&btf, slab_6_1, 3);
	check_slab(&btf, "__page_flags");
	assert_int_equal(kmemcg_btf_member(&btf, "slab", "slab_cache", &off, &size), 0);
	assert_int_equal(off, 24);
}

static void test_6_12(void **state __attribute__((unused)))
{
	struct kmemcg_btf btf;
	uint32_t off, size, n;

	open_line(&btf, slab_6_12, 3);
	check_slab(&btf, "__page_flags");
	assert_int_equal(kmemcg_btf_member(&btf, "slab", "slab_cache", &off, &size), 0);
	assert_int_equal(off, 8);
	assert_int_equal(kmemcg_btf_func_nargs(&btf, "allocate_slab", &n), 0);
	assert_int_equal(n, 3);
}

static void test_7_3(void **state __attribute__((unused)))
{
	struct kmemcg_btf btf;
	uint32_t off, size, n;
	int64_t v;

	open_line(&btf, slab_7_3, 4);
	check_slab(&btf, "flags");
	assert_int_equal(kmemcg_btf_member(&btf, "slab", "__page_flags", &off, &size), -ENOENT);
	assert_int_equal(kmemcg_btf_member(&btf, "slab", "slab_cache", &off, &size), 0);
	assert_int_equal(off, 8);
	/* The named type is found on its own too. */
	assert_int_equal(kmemcg_btf_member(&btf, "freelist_counters", "counters", &off, &size), 0);
	assert_int_equal(off, 8);
	assert_int_equal(kmemcg_btf_func_nargs(&btf, "allocate_slab", &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(kmemcg_btf_enum_value(&btf, "_slab_flag_bits", "_SLAB_ACCOUNT", &v), 0);
	assert_int_equal(v, 15);
}

static const char *const page_flags[] = { "flags", "__page_flags", NULL };

static void test_node_and_flags(void **state __attribute__((unused)))
{
	static const char *const node612[] = { "node", NULL };
	static const char *const node73[] = { "per_node", "node", NULL };
	static const char *const bad[] = { "flags", "node", NULL };
	struct kmemcg_btf btf;
	uint32_t off, size;

	open_line(&btf, slab_6_12, 3);
	assert_int_equal(kmemcg_btf_member_path(&btf, "kmem_cache", node612, &off, &size), 0);
	assert_int_equal(off, 8);
	assert_int_equal(size, 64 * 8);
	assert_int_equal(kmemcg_btf_member_path(&btf, "kmem_cache", node73, &off, &size), -ENOENT);
	assert_int_equal(kmemcg_btf_member_any(&btf, "slab", page_flags, &off, &size), 1);
	assert_int_equal(off, 0);

	open_line(&btf, slab_7_3, 4);
	assert_int_equal(kmemcg_btf_member_path(&btf, "kmem_cache", node73, &off, &size), 0);
	assert_int_equal(off, 96 + 8);		/* per_node[0].node */
	assert_int_equal(size, 8);
	assert_int_equal(kmemcg_btf_member_path(&btf, "kmem_cache", node612, &off, &size), -ENOENT);
	/* A step into a member that is no struct: refused. */
	assert_int_equal(kmemcg_btf_member_path(&btf, "kmem_cache", bad, &off, &size), -ENOENT);
	assert_int_equal(kmemcg_btf_member_any(&btf, "slab", page_flags, &off, &size), 0);
	assert_int_equal(off, 0);
	assert_int_equal(kmemcg_btf_member_any(&btf, "slab", page_flags + 1, &off, &size),
			 -ENOENT);
}

static void test_funcs_and_enums(void **state __attribute__((unused)))
{
	struct kmemcg_btf btf;
	uint32_t n;
	int64_t v;

	open_line(&btf, slab_7_3, 4);
	assert_int_equal(kmemcg_btf_func_nargs(&btf, "printk_like", &n), 0);
	assert_int_equal(n, 1);		/* "..." is not a parameter */
	assert_int_equal(kmemcg_btf_func_nargs(&btf, "no_such_function", &n), -ENOENT);
	assert_int_equal(kmemcg_btf_func_nargs(&btf, "slab", &n), -ENOENT);
	assert_int_equal(kmemcg_btf_enum_value(&btf, "_slab_flag_bits", "_SLAB_NOPE", &v),
			 -ENOENT);
	assert_int_equal(kmemcg_btf_enum_value(&btf, "no_enum", "_SLAB_ACCOUNT", &v), -ENOENT);
	assert_int_equal(kmemcg_btf_enum_value(&btf, "_slab_flag_bits",
					       "_SLAB_CONSISTENCY_CHECKS", &v), 0);
	assert_int_equal(v, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_6_1),
		cmocka_unit_test(test_6_12),
		cmocka_unit_test(test_7_3),
		cmocka_unit_test(test_node_and_flags),
		cmocka_unit_test(test_funcs_and_enums),
	};

	tap_start();
	return cmocka_run_group_tests_name("btf_layouts", tests, NULL, NULL);
}
