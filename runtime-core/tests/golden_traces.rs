//! Runs every golden trace natively (see `golden/mod.rs`).

mod golden;

#[test]
fn golden_traces() {
    let failures: Vec<String> = golden::all()
        .iter()
        .filter_map(|c| golden::check(c).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Prints a case's trace, to write or review its expectation:
/// `GOLDEN=fifo cargo test -p runtime-core --test golden_traces print_case -- --nocapture`
#[test]
fn print_case() {
    if let Ok(name) = std::env::var("GOLDEN") {
        for c in golden::all().iter().filter(|c| c.name == name) {
            for line in (c.run)() {
                println!("        {line:?},");
            }
        }
    }
}
