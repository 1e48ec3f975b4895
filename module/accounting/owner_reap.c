// SPDX-License-Identifier: GPL-2.0
/*
 * Dead owners: the owners of removed groups (group.c repoints them to the
 * parent or a pseudo group, or, under on_delete=dead, leaves them naming
 * the dead group), freed once no page names them.  Freeing a dead group's
 * last owner frees the group (group.c, kmemcg_group_owner_reaped()).
 *
 * A charge pins an owner (owner->pins: one per page or object naming it,
 * or charged and about to) only inside the RCU section in which it found
 * the owner's group; so once a grace period has passed since an owner
 * died, its pins can only fall, and 0 stays 0.  The
 * reaper frees such owners.  It is woken when a dead owner's last page
 * goes, from the charge paths, which may run in NMI context (kmalloc_nolock(),
 * 7.x), where no work can be queued: they raise an irq_work, which queues
 * the reaper.  Its cost is O(dead owners), off every system call.
 *
 * Locking: kmemcg_groups_mutex (group.c) protects the dead-owner list and
 * count, and every owner's lists; the reaper takes it, and removes the
 * directories of dead groups it emptied after dropping it (debugfs
 * removal waits for readers).  The stopping flag
 * is written once at unload, after every hook is gone.
 */
#include <linux/irq_work.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include "group.h"
#include "kmemcg.h"

/* How long the reaper waits for a dead owner's grace period to pass. */
#define KMEMCG_REAP_RETRY	msecs_to_jiffies(100)

static LIST_HEAD(kmemcg_dead_owners);
static unsigned long kmemcg_ndead_owners;
static bool kmemcg_reap_stopping;

static void kmemcg_owners_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(kmemcg_reap_work, kmemcg_owners_reap);

static void kmemcg_reap_irq(struct irq_work *work)
{
	kmemcg_owners_reap_kick();
}

static DEFINE_IRQ_WORK(kmemcg_reap_irq_work, kmemcg_reap_irq);

/**
 * kmemcg_owners_reap_kick - run the reaper soon
 *
 * Any context but NMI (the irq_work's own context included).
 */
void kmemcg_owners_reap_kick(void)
{
	if (!READ_ONCE(kmemcg_reap_stopping))
		mod_delayed_work(system_unbound_wq, &kmemcg_reap_work, 0);
}

/**
 * kmemcg_owner_unpin - drop @nr pins of an owner
 * @owner: the owner
 * @nr: pages or objects no longer naming it (allocation failed, or freed)
 *
 * Any context, NMI included, inside rcu_read_lock().  The last pin of a
 * dead owner wakes the reaper, through an irq_work.
 */
void kmemcg_owner_unpin(struct kmemcg_owner *owner, long nr)
{
	if (!atomic_long_sub_return(nr, &owner->pins) && READ_ONCE(owner->dead))
		irq_work_queue(&kmemcg_reap_irq_work);
}

/**
 * kmemcg_owner_kill - @o no longer names a live group
 * @o: the owner
 *
 * Process context, kmemcg_groups_mutex held.
 */
void kmemcg_owner_kill(struct kmemcg_owner *o)
{
	o->dead_since = get_state_synchronize_rcu();
	WRITE_ONCE(o->dead, true);
	list_add_tail(&o->dead_node, &kmemcg_dead_owners);
	kmemcg_ndead_owners++;
}

/**
 * kmemcg_owner_forget - take an owner off its lists and free it
 * @o: the owner, which no page may name any more (or, at unload, whose
 *	pages are forgotten)
 *
 * Process context, kmemcg_groups_mutex held.
 */
void kmemcg_owner_forget(struct kmemcg_owner *o)
{
	list_del(&o->node);
	if (o->dead) {
		list_del(&o->dead_node);
		kmemcg_ndead_owners--;
	}
	kmemcg_owner_free(o);
}

/* The reaper: see the top of this file. */
static void kmemcg_owners_reap(struct work_struct *work)
{
	struct kmemcg_owner *o, *tmp;
	struct kmemcg_group *g;
	bool again = false;
	LIST_HEAD(done);

	mutex_lock(&kmemcg_groups_mutex);
	list_for_each_entry_safe(o, tmp, &kmemcg_dead_owners, dead_node) {
		/*
		 * The grace period first: until it has passed, a charge that
		 * found the group before it died may still pin the owner
		 * after pages was read as 0.  Once it has, no new pin can
		 * come (poll_state_synchronize_rcu() orders like
		 * synchronize_rcu()), so 0 stays 0.
		 */
		if (!poll_state_synchronize_rcu(o->dead_since)) {
			again = true;
			continue;
		}
		if (atomic_long_read(&o->pins))
			continue;
		g = rcu_dereference_protected(o->group,
					      lockdep_is_held(&kmemcg_groups_mutex));
		kmemcg_owner_forget(o);
		kmemcg_group_owner_reaped(g, &done);
	}
	if (again && !kmemcg_reap_stopping)
		queue_delayed_work(system_unbound_wq, &kmemcg_reap_work, KMEMCG_REAP_RETRY);
	mutex_unlock(&kmemcg_groups_mutex);
	/* Dead groups left empty: their directories go without the mutex. */
	kmemcg_groups_dead_done(&done);
}

/**
 * kmemcg_owners_reap_start - let the reaper run, at load
 *
 * Clears the stopping flag a previous kmemcg_owners_reap_stop() set.
 *
 * Context: process context, at load, before any group can be removed (so
 * before any owner can die); no lock needed then.
 */
void kmemcg_owners_reap_start(void)
{
	kmemcg_reap_stopping = false;
}

/**
 * kmemcg_owners_reap_stop - stop the reaper for good, at unload
 *
 * Sets the stopping flag under kmemcg_groups_mutex, so the reaper re-arms
 * no more, then waits for a pending irq_work and cancels the delayed
 * work.  The dead owners left are freed with their groups
 * (kmemcg_groups_exit()).
 *
 * Context: process context, after every hook is gone; sleeps.  Takes
 * kmemcg_groups_mutex; call without it.
 */
void kmemcg_owners_reap_stop(void)
{
	mutex_lock(&kmemcg_groups_mutex);
	WRITE_ONCE(kmemcg_reap_stopping, true);	/* the reaper re-arms no more */
	mutex_unlock(&kmemcg_groups_mutex);
	irq_work_sync(&kmemcg_reap_irq_work);
	cancel_delayed_work_sync(&kmemcg_reap_work);
}

/**
 * kmemcg_groups_dead_owners - the number of dead owners, for the stat file
 *
 * Context: any; lockless, so a racy snapshot (READ_ONCE()).
 * Return: the owners of removed groups not freed yet.
 */
unsigned long kmemcg_groups_dead_owners(void)
{
	return READ_ONCE(kmemcg_ndead_owners);
}
