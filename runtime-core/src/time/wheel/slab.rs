//! The storage under the wheel's slots: a slab of entries (a `Vec` plus a free list) and the
//! intrusive lists threaded through it. Indices are stable while an entry lives, so a slot's
//! list links entries by `u32` index rather than by pointer (Tokio links its timer entries
//! through the entries themselves, as intrusive pointers; an index is the safe equivalent).

use crate::{Tick, TimerId};
use alloc::vec::Vec;

/// "No entry": list ends and free-list end. Reserving it caps the slab at
/// `u32::MAX - 1` entries.
pub(super) const NIL: u32 = u32::MAX;

/// Head and tail of one intrusive list threaded through the slab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct EntryList {
    pub(super) head: u32,
    pub(super) tail: u32,
}

impl EntryList {
    pub(super) const EMPTY: EntryList = EntryList {
        head: NIL,
        tail: NIL,
    };

    pub(super) fn is_empty(&self) -> bool {
        self.head == NIL
    }

    /// Appends at the tail. Appending (never prepending) is what keeps a slot
    /// in arrival order, which in turn is id order in the common case.
    pub(super) fn push_back<T>(&mut self, slab: &mut Slab<T>, index: u32) {
        let entry = slab.entry_mut(index);
        entry.prev = self.tail;
        entry.next = NIL;
        if self.tail == NIL {
            self.head = index;
        } else {
            slab.entry_mut(self.tail).next = index;
        }
        self.tail = index;
    }

    pub(super) fn unlink<T>(&mut self, slab: &mut Slab<T>, index: u32) {
        let (prev, next) = {
            let entry = slab.entry_mut(index);
            let links = (entry.prev, entry.next);
            entry.prev = NIL;
            entry.next = NIL;
            links
        };
        if prev == NIL {
            debug_assert_eq!(
                self.head, index,
                "unlink: entry {index} has no prev but is not head"
            );
            self.head = next;
        } else {
            slab.entry_mut(prev).next = next;
        }
        if next == NIL {
            debug_assert_eq!(
                self.tail, index,
                "unlink: entry {index} has no next but is not tail"
            );
            self.tail = prev;
        } else {
            slab.entry_mut(next).prev = prev;
        }
    }

    pub(super) fn pop_front<T>(&mut self, slab: &mut Slab<T>) -> Option<u32> {
        let index = self.head;
        if index == NIL {
            return None;
        }
        self.unlink(slab, index);
        Some(index)
    }
}

/// One registered timer.
pub(super) struct Entry<T> {
    pub(super) id: TimerId,
    pub(super) deadline: Tick,
    /// Where the entry is filed; for a pending entry, the slot it was taken
    /// from (reported as [`Fired::location`](super::Fired::location)).
    pub(super) level: u8,
    pub(super) slot: u8,
    /// Taken out of its slot and queued in `Wheel::pending` for `poll`.
    pub(super) pending: bool,
    pub(super) prev: u32,
    pub(super) next: u32,
    pub(super) value: T,
}

pub(super) enum Node<T> {
    Occupied(Entry<T>),
    Vacant { next_free: u32 },
}

/// `Vec` plus free list. Indices are stable while an entry lives, which is
/// what lets the lists store `u32` links instead of pointers.
pub(super) struct Slab<T> {
    pub(super) nodes: Vec<Node<T>>,
    free_head: u32,
    pub(super) len: usize,
}

impl<T> Slab<T> {
    pub(super) fn with_capacity(capacity: usize) -> Slab<T> {
        Slab {
            nodes: Vec::with_capacity(capacity),
            free_head: NIL,
            len: 0,
        }
    }

    pub(super) fn get(&self, index: u32) -> Option<&Entry<T>> {
        match self.nodes.get(index as usize) {
            Some(Node::Occupied(entry)) => Some(entry),
            _ => None,
        }
    }

    pub(super) fn entry(&self, index: u32) -> &Entry<T> {
        match &self.nodes[index as usize] {
            Node::Occupied(entry) => entry,
            Node::Vacant { .. } => vacant(index),
        }
    }

    pub(super) fn entry_mut(&mut self, index: u32) -> &mut Entry<T> {
        match &mut self.nodes[index as usize] {
            Node::Occupied(entry) => entry,
            Node::Vacant { .. } => vacant(index),
        }
    }

    pub(super) fn insert(&mut self, entry: Entry<T>) -> u32 {
        self.len += 1;
        if self.free_head != NIL {
            let index = self.free_head;
            let node = &mut self.nodes[index as usize];
            self.free_head = match node {
                Node::Vacant { next_free } => *next_free,
                Node::Occupied(_) => panic!("slab free list points at live entry {index}"),
            };
            *node = Node::Occupied(entry);
            index
        } else {
            let index = u32::try_from(self.nodes.len())
                .ok()
                .filter(|&index| index != NIL)
                .expect("timer wheel slab is full (u32::MAX - 1 entries)");
            self.nodes.push(Node::Occupied(entry));
            index
        }
    }

    pub(super) fn remove(&mut self, index: u32) -> Entry<T> {
        let node = core::mem::replace(
            &mut self.nodes[index as usize],
            Node::Vacant {
                next_free: self.free_head,
            },
        );
        match node {
            Node::Occupied(entry) => {
                self.free_head = index;
                self.len -= 1;
                entry
            }
            Node::Vacant { .. } => vacant(index),
        }
    }
}

#[cold]
#[track_caller]
fn vacant(index: u32) -> ! {
    panic!("timer wheel: link to vacant slab entry {index}")
}
