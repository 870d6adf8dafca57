use runtime_core::{Config, Runtime, trace::text};

fn main() {
    let mut rt = Runtime::new(Config::default()).unwrap();
    let h = rt.handle().clone();
    let h2 = h.clone();
    rt.spawn("a", async move {
        h2.sleep(10).await;
        h2.print("a woke");
    });
    let h3 = h.clone();
    rt.spawn("b", async move {
        h3.yield_now().await;
        h3.work(3);
        let j = h3.spawn("child", async { 7 });
        let v = j.await.unwrap();
        h3.print(format!("child gave {v}"));
    });
    let out = rt.run();
    for l in text::lines(&rt.events()) {
        println!("{l}");
    }
    println!("{out:?}");
}
