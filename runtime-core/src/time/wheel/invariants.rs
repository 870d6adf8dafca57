//! The wheel's invariants, checked by walking every list: for the tests (the property tests
//! check them after every operation) and the lab's debug view.

use super::{NIL, Wheel, slot_for};

impl<T> Wheel<T> {
    /// Walks every list and checks the wheel's invariants. `O(len + slots)`;
    /// for tests and the lab's debug view.
    #[doc(hidden)]
    pub fn assert_invariants(&self) {
        let geometry = self.geometry;
        let top = geometry.max_level_index();
        let mut seen = 0usize;

        for level in &self.levels {
            let l = level.level();
            for s in 0..geometry.slots() {
                let list = level.list(s);
                assert_eq!(
                    level.occupied() & (1 << s) != 0,
                    !list.is_empty(),
                    "level {l} slot {s}: bitmap {:b} disagrees with list",
                    level.occupied()
                );
                assert!(
                    list.is_empty() == (list.tail == NIL),
                    "level {l} slot {s}: head/tail"
                );
                if list.is_empty() {
                    continue;
                }
                let visit = level.slot_visit(self.elapsed, s);
                let mut prev = NIL;
                let mut cursor = list.head;
                while cursor != NIL {
                    let e = self.slab.entry(cursor);
                    assert_eq!(e.prev, prev, "id={:?}: broken prev link", e.id);
                    assert!(
                        e.level == l && e.slot == s && !e.pending,
                        "id={:?} filed at ({l},{s}) says ({},{}) pending={}",
                        e.id,
                        e.level,
                        e.slot,
                        e.pending
                    );
                    assert_eq!(s, slot_for(geometry, e.deadline, l), "id={:?}", e.id);
                    assert!(
                        e.deadline > self.elapsed && visit <= e.deadline,
                        "id={:?} deadline={} at ({l},{s}) visited at {visit}, elapsed={}",
                        e.id,
                        e.deadline,
                        self.elapsed
                    );
                    assert!(
                        l == top || visit > self.elapsed,
                        "id={:?} at ({l},{s}): slot window start {visit} not after elapsed={}",
                        e.id,
                        self.elapsed
                    );
                    seen += 1;
                    prev = cursor;
                    cursor = e.next;
                }
                assert_eq!(list.tail, prev, "level {l} slot {s}: tail mismatch");
            }
        }

        let mut prev = NIL;
        let mut cursor = self.pending.head;
        let mut last_id = None;
        while cursor != NIL {
            let e = self.slab.entry(cursor);
            assert_eq!(e.prev, prev, "pending id={:?}: broken prev link", e.id);
            assert!(
                e.pending && e.deadline == self.elapsed && last_id < Some(e.id),
                "pending id={:?} deadline={} elapsed={} after {last_id:?}",
                e.id,
                e.deadline,
                self.elapsed
            );
            last_id = Some(e.id);
            seen += 1;
            prev = cursor;
            cursor = e.next;
        }
        assert_eq!(self.pending.tail, prev, "pending: tail mismatch");
        assert_eq!(seen, self.slab.len, "entries reachable from lists != len");
    }
}
