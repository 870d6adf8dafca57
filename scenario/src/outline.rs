//! A compiled program as the page draws it: each task's variables and each await point.
//!
//! The page does not compile programs itself: the engine (its own wasm module, loaded after
//! the page's first screen) does, and sends back this outline with every compile. It is what
//! the Pin view needs to draw a task's future as the state machine rustc would generate (one
//! variant per await point, holding the variables kept across it) and what the views need to
//! name an await point (`jobs.recv().await`, line 12).

use crate::program::{AwaitSite, Program};
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Each task's variables and each await point of a program.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outline {
    /// Tasks in declaration order (as [`Program::tasks`]).
    pub tasks: Vec<TaskOutline>,
    /// Every suspension point, by its id (as [`Program::await_sites`]).
    pub await_sites: Vec<AwaitSite>,
}

/// A task: its name and its variables.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TaskOutline {
    /// The name.
    pub name: String,
    /// Every variable, indexed by [`crate::program::Slot`].
    pub locals: Vec<LocalOutline>,
}

/// A variable: its name and its type, written as in the program.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalOutline {
    /// The name.
    pub name: String,
    /// Its type (`u64`, `Receiver<u64>`, ...).
    pub ty: String,
}

impl Outline {
    /// The outline of `program`.
    pub fn of(program: &Program) -> Outline {
        let tasks = program
            .tasks
            .iter()
            .map(|t| TaskOutline {
                name: t.name.clone(),
                locals: t
                    .locals
                    .iter()
                    .map(|l| LocalOutline {
                        name: l.name.clone(),
                        ty: l.ty.to_string(),
                    })
                    .collect(),
            })
            .collect();
        Outline {
            tasks,
            await_sites: program.await_sites.clone(),
        }
    }
}
