//! Every page and API route reaches the store and the engine only through the use-case
//! layer: the web crate holds no store (its state is `usecase::Ctx`), never names the
//! context's store or live engine, and reads the engine only through `ctx.engine()`,
//! which cannot change it. The routes are read from the router's source so that a new
//! handler module is checked as soon as it is routed.

use std::path::{Path, PathBuf};

fn source(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(source(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
    out
}

/// Handlers named in `.route(...)` calls: `pages::tasks::done_post`, `handlers::orgs`, …
fn routed_handlers(router: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in router.lines().filter(|l| l.contains(".route(")) {
        for part in line.split(['(', ')', ',']) {
            let name = part.trim();
            if name.contains("::") && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[test]
fn routes_reach_store_and_engine_only_through_use_cases() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = source(&src);
    let read = |rel: &str| std::fs::read_to_string(src.join(rel)).unwrap();
    let mut handlers = routed_handlers(&read("lib.rs"));
    handlers.extend(routed_handlers(&read("api/mod.rs")).into_iter().map(|h| format!("api::{h}")));
    assert!(handlers.len() > 50, "the routes were read: {handlers:?}");

    // Each routed handler lives in a module of this crate that is checked below.
    for h in &handlers {
        let module: Vec<&str> = h.split("::").collect();
        let (path, name) = (&module[..module.len() - 1], module[module.len() - 1]);
        let stem = path.join("/");
        let file = [src.join(format!("{stem}.rs")), src.join(format!("{stem}/mod.rs"))]
            .into_iter()
            .find(|f| f.exists())
            .unwrap_or_else(|| src.join(format!("{stem}.rs")));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{h}: no module {}", file.display()));
        assert!(text.contains(&format!("fn {name}(")), "{h}: not defined in {}", file.display());
    }

    // Nothing in the crate reaches the store or changes the engine.
    let forbidden =
        ["ctx.store", "ctx.live", "store::connect", "store::Store", ".begin()", "engine_mut", "apply_figure"];
    let mut reached = Vec::new();
    for (path, text) in &files {
        for (n, line) in text.lines().enumerate() {
            let names = |w: &&&str| {
                line.match_indices(**w)
                    .any(|(i, _)| !line[i + w.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            };
            if let Some(word) = forbidden.iter().find(names) {
                reached.push(format!("{}:{}: {word}", path.strip_prefix(&src).unwrap().display(), n + 1));
            }
        }
    }
    assert!(reached.is_empty(), "reaches the store or engine outside the use cases:\n{}", reached.join("\n"));
    eprintln!("{} routed handlers in {} files checked", handlers.len(), files.len());
}
