//! Real published texts of the genre (`../shared/texts`, read where they lie, never
//! copied): every one is read without a fault, and the labelled ones are scored in two
//! sets, the one rules were tuned on and the one kept aside (decision 0014). The scores
//! may not fall below those recorded; the bar of issue 16 (F1 ≥ 0.9 per kind on the set
//! kept aside) is not reached yet, and the floors say where the reader stands.

use std::path::Path;

/// F1 per kind that a change may not go below, for each set (measured on 2026-11-30).
const FLOORS: [(&str, &[(&str, f64)]); 2] = [
    ("tuned", &[("chair", 0.99), ("document_ref", 0.99), ("event_date", 0.99), ("target_stats", 0.99)]),
    ("aside", &[("chair", 0.99), ("document_ref", 0.99), ("event_date", 0.73), ("target_stats", 0.99)]),
];

#[test]
fn real_texts_are_read_and_scored_on_both_sets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let texts = root.join("../../../shared/texts");
    if !texts.exists() {
        assert!(std::env::var("CI").is_err(), "CI has ../shared beside the checkout");
        eprintln!("SKIPPED: {} is not there", texts.display());
        return;
    }
    let mut read = 0;
    for entry in std::fs::read_dir(&texts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).unwrap();
            let (_, facts) = extract::extract(&text);
            assert!(facts.iter().all(|f| f.start <= f.end), "{}", path.display());
            read += 1;
        }
    }
    assert!(read >= 40, "{read} texts read");
    for (set, floors) in FLOORS {
        let labelled = extract::score::load(&root.join("tests/real").join(set)).expect("the labels and their texts");
        assert!(labelled.len() >= 15, "{set}: {} labelled texts", labelled.len());
        let (counts, notes) = extract::score::score(&labelled);
        println!("{set}: {} texts\n{}", labelled.len(), extract::score::table(&counts));
        // What the reader missed is shown for the tuned set only: the other stays unseen.
        if set == "tuned" {
            for note in &notes {
                println!("{note}");
            }
        }
        for (kind, floor) in floors {
            let f1 = counts.get(*kind).map(|c| c.f1()).unwrap_or(0.0);
            assert!(f1 >= *floor, "{set}: {kind} F1 {f1:.3} fell below {floor}");
        }
    }
}
