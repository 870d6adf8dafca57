//! What the runtime needs from the wheel beyond Tokio's API: look at or update a timer's value
//! by key (a `Sleep` polled with a new waker), and take every entry out at teardown.

use super::slab::Node;
use super::{EntryList, Level, Slab, TimerKey, Wheel};
use alloc::vec::Vec;

impl<T> Wheel<T> {
    /// The value of a timer still in the wheel.
    pub fn get(&self, key: TimerKey) -> Option<&T> {
        match self.slab.nodes.get(key.index as usize)? {
            Node::Occupied(e) if e.id == key.id => Some(&e.value),
            _ => None,
        }
    }

    /// The value of a timer still in the wheel, to update it.
    pub fn get_mut(&mut self, key: TimerKey) -> Option<&mut T> {
        match self.slab.nodes.get_mut(key.index as usize)? {
            Node::Occupied(e) if e.id == key.id => Some(&mut e.value),
            _ => None,
        }
    }

    /// Removes every timer (pending or not), handing their values back; `elapsed` is kept.
    pub fn drain(&mut self) -> impl Iterator<Item = T> + use<T> {
        let geometry = self.geometry;
        let nodes = core::mem::take(&mut self.slab.nodes);
        self.slab = Slab::with_capacity(0);
        self.levels = (0..geometry.levels())
            .map(|level| Level::new(geometry, level))
            .collect();
        self.pending = EntryList::EMPTY;
        nodes
            .into_iter()
            .filter_map(|n| match n {
                Node::Occupied(e) => Some(e.value),
                Node::Vacant { .. } => None,
            })
            .collect::<Vec<T>>()
            .into_iter()
    }
}
