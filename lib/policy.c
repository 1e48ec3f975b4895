// SPDX-License-Identifier: GPL-2.0
/*
 * kmemcg's accounting policy: see include/kmemcg/policy.h.  Stateless; no
 * locking.
 */
#include "kmemcg/policy.h"

const struct kmemcg_policy kmemcg_default_policy = {
	.enforce = true,
	.on_delete = KMEMCG_DELETE_REPARENT,
};

/**
 * kmemcg_policy_target - who is charged for an allocation
 * @p: policy
 * @ctx: what the hook saw
 *
 * Return: the group to charge (002: "allocations that cannot be attributed
 * are not charged" to a cgroup; they land on the root, counted apart).
 */
enum kmemcg_target kmemcg_policy_target(const struct kmemcg_policy *p,
					const struct kmemcg_alloc_ctx *ctx)
{
	(void)p;
	if (!ctx->in_task)
		return KMEMCG_TARGET_UNATTRIBUTED;
	if (ctx->kthread || ctx->root_cgroup)
		return KMEMCG_TARGET_ROOT;
	return KMEMCG_TARGET_GROUP;
}

/**
 * kmemcg_policy_over_limit - what to do with a charge a limit refuses
 * @p: policy
 * @ctx: what the hook saw
 *
 * Return: KMEMCG_OVER_FAIL to fail the allocation, or KMEMCG_OVER_FORCE to
 * charge it anyway (counted as bypassed): 002 patch 11 never fails
 * __GFP_NOFAIL or a dying task; like upstream memcg, reclaim (PF_MEMALLOC)
 * is not failed either, since failing it would deepen the shortage; nor
 * is a task that the livelock breaker found stuck in a kernel retry loop
 * (kmemcg/stuck.h), which would otherwise spin there for good.
 */
enum kmemcg_over_limit kmemcg_policy_over_limit(const struct kmemcg_policy *p,
						const struct kmemcg_alloc_ctx *ctx)
{
	if (!p->enforce || ctx->nofail || ctx->dying || ctx->memalloc || ctx->stuck)
		return KMEMCG_OVER_FORCE;
	return KMEMCG_OVER_FAIL;
}
