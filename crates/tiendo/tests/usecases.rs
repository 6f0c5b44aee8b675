//! The use cases called directly, without HTTP, on both engines: a form opened before
//! someone else's save, an import racing a submit, racing writes to one value, and two
//! processes' engines following one change log.

use std::sync::Arc;

use domain::reporting::ReportStep;
use domain::{Decimal, OrgId, Period, TargetId};
use store::{Store, store_test};
use tiendo::demo;
use usecase::figures::{EnterFigures, Entry, Input};
use usecase::reports::StepReport;
use usecase::{Caller, Clock, Ctx, Error, Live};

const Q3: Period = Period::Quarter { year: 2020, quarter: 3 };

/// A process of tiendo on `store`: its own pool and its own engine.
async fn process(store: &Store) -> Ctx {
    let store = store.reconnect().await.expect("second pool");
    let live = Live::load(&store).await.expect("engine loads");
    Ctx::new(store, live, Clock::System)
}

async fn caller(ctx: &Ctx, username: &str) -> Caller {
    let user = ctx.store.find_user_by_name(username).await.unwrap().expect("demo account");
    let grants = ctx.store.grants_of(user.id).await.unwrap();
    ctx.caller(user, grants, None)
}

/// The demo with its accounts, and the first `n` targets Phú Hưng enters itself.
async fn seeded(store: &Store, n: usize) -> (OrgId, Vec<TargetId>) {
    let seeded = demo::seed(store).await.expect("sample seeds");
    demo::ensure_accounts(store, "mật khẩu thử").await.expect("accounts");
    let engine = usecase::load_engine(store).await.unwrap();
    let (_, rows) = engine.form(seeded.phu_hung, Q3).expect("a quarterly form");
    let own = rows.iter().filter(|r| !r.aggregated).take(n).map(|r| r.target.id).collect();
    (seeded.phu_hung, own)
}

/// A typed value; its note confirms the test values far from any plan.
fn written(target: TargetId, value: &str, shown: Option<&str>) -> Entry {
    Entry {
        target,
        value: Input::Written(value.into()),
        shown: shown.map(|s| Input::Written(s.into())),
        note: Some("số liệu thử".into()),
    }
}

fn stored(ctx: &Ctx, target: TargetId) -> String {
    ctx.engine().entered(target, Q3).map(|v| Decimal::from_f64(v).format_vn(4)).unwrap_or_default()
}

/// Two people open the same form; the first saves; the second's save changes only what
/// the second changed, and a value both changed is a conflict, not an overwrite.
async fn a_stale_form_never_reverts_anothers_save(store: Store) {
    let (org, t) = seeded(&store, 3).await;
    let (a, b) = (process(&store).await, process(&store).await);
    let (ua, ub) = (caller(&a, "phuhung").await, caller(&b, "phuhung").await);
    let shown: Vec<String> = t.iter().map(|x| stored(&a, *x)).collect();
    let enter = |entries| EnterFigures { org, period: Q3, entries };

    let first = vec![written(t[0], "101", Some(&shown[0])), written(t[1], "202", Some(&shown[1]))];
    let done = usecase::figures::enter(&a, &ua, enter(first)).await.unwrap();
    assert_eq!(done.changed.len(), 2);

    // The second form still shows the old values and changes only the third.
    let second: Vec<Entry> = vec![
        written(t[0], &shown[0], Some(&shown[0])),
        written(t[1], &shown[1], Some(&shown[1])),
        written(t[2], "303", Some(&shown[2])),
    ];
    let done = usecase::figures::enter(&b, &ub, enter(second)).await.unwrap();
    assert_eq!(done.changed.len(), 1, "only the changed value is written");
    for ctx in [&a, &b] {
        ctx.sync().await.unwrap();
        assert_eq!([stored(ctx, t[0]), stored(ctx, t[1]), stored(ctx, t[2])], ["101", "202", "303"]);
    }

    // Both changed the first value: the second save is refused whole, nothing written.
    let clash = vec![written(t[0], "999", Some(&shown[0])), written(t[2], "304", Some("303"))];
    match usecase::figures::enter(&b, &ub, enter(clash)).await {
        Err(Error::Conflict(c)) => {
            assert_eq!(c.len(), 1);
            assert_eq!(
                (c[0].target, c[0].current, c[0].typed),
                (t[0], Some(Decimal::from_int(101)), Some(Decimal::from_int(999)))
            );
        }
        other => panic!("a conflict, not {other:?}"),
    }
    assert_eq!([stored(&b, t[0]), stored(&b, t[2])], ["101", "303"]);
}
store_test!(a_stale_form_never_reverts_anothers_save, super::a_stale_form_never_reverts_anothers_save);

/// An import keeps writing while the unit submits: once the submit has answered, no
/// value of the submitted report changes.
async fn an_import_racing_a_submit_never_passes_the_lock(store: Store) {
    let (org, t) = seeded(&store, 5).await;
    let doc = usecase::load_engine(&store).await.unwrap().resolutions_of(org)[0].id;
    let importer = store.reconnect().await.unwrap();
    let writer = tokio::spawn(async move {
        let mut round = 0_i64;
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_millis(1500) {
            round += 1;
            let entries = t.iter().map(|x| (*x, Some(Decimal::from_int(round)))).collect();
            let group = store::FigureGroup { org, document: doc, period: Q3.code(), entries, notes: Vec::new() };
            if let Err(e) = importer.write_figure_groups(&store::Actor::system(), &[group], &|_| {}).await {
                assert!(matches!(e, store::StoreError::Refused(_)), "{e}");
            }
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ctx = process(&store).await;
    let reporter = caller(&ctx, "phuhung").await;
    let cmd = StepReport { org, period: Q3, step: ReportStep::Submit, reason: None };
    usecase::reports::step(&ctx, &reporter, cmd).await.unwrap();
    let at_submit = store.list_figures().await.unwrap();
    writer.await.unwrap();
    assert_eq!(store.list_figures().await.unwrap(), at_submit, "a submitted report's values never change");
}
store_test!(an_import_racing_a_submit_never_passes_the_lock, super::an_import_racing_a_submit_never_passes_the_lock);

/// Two processes write the same values as fast as they can; each engine ends equal to
/// an engine built from the store.
async fn racing_writes_leave_every_engine_equal_to_the_store(store: Store) {
    let (org, t) = seeded(&store, 3).await;
    let (a, b) = (Arc::new(process(&store).await), Arc::new(process(&store).await));
    let mut writers = Vec::new();
    for (n, ctx) in [a.clone(), b.clone(), a.clone(), b.clone()].into_iter().enumerate() {
        let t = t.clone();
        writers.push(tokio::spawn(async move {
            let who = caller(&ctx, "phuhung").await;
            for round in 0..40_i64 {
                let value = (round * 4 + n as i64).to_string();
                let entries = t.iter().map(|x| written(*x, &value, None)).collect();
                usecase::figures::enter(&ctx, &who, EnterFigures { org, period: Q3, entries }).await.unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let rebuilt = usecase::load_engine(&store).await.unwrap();
    for ctx in [&a, &b] {
        ctx.sync().await.unwrap();
        assert_eq!(ctx.engine().diff(&rebuilt), None, "the engine equals a rebuild from the store");
    }
}
store_test!(
    racing_writes_leave_every_engine_equal_to_the_store,
    super::racing_writes_leave_every_engine_equal_to_the_store
);

/// A change of structure made by one process (a new resolution) reaches another's engine
/// and search through the change log.
async fn a_new_resolution_reaches_another_process(store: Store) {
    let (org, _) = seeded(&store, 1).await;
    let (a, b) = (process(&store).await, process(&store).await);
    let mut tx = a.store.begin().await.unwrap();
    let doc = store::NewDocument {
        org,
        doc_type: "Nghị quyết",
        number: None,
        title: "Nghị quyết chuyên đề về chuyển đổi số",
        issued_on: None,
        term: (2020, 2025),
        grain: vn::period::Grain::Quarter,
        bands: domain::Bands::default(),
    };
    tx.insert_document(&store::Actor::system(), doc).await.unwrap();
    tx.commit().await.unwrap();
    let before = b.live.position();
    b.sync().await.unwrap();
    assert!(b.live.position() > before);
    let hits = b.engine().search("chuyen doi so", &[], |_| true, 5);
    assert!(hits.iter().any(|h| h.label.contains("chuyển đổi số")), "{hits:?}");
}
store_test!(a_new_resolution_reaches_another_process, super::a_new_resolution_reaches_another_process);

/// The day comes from the context's clock: a report submitted on the tenth of September
/// is on time, one submitted on the twentieth is late (the demo's quarter is due on the
/// nineteenth).
async fn lateness_follows_the_clock(store: Store) {
    let (org, _) = seeded(&store, 1).await;
    let at = |day: u32| {
        let d = chrono::NaiveDate::from_ymd_opt(2020, 9, day).unwrap();
        Clock::Fixed(d.and_hms_opt(9, 0, 0).unwrap())
    };
    let submit = StepReport { org, period: Q3, step: ReportStep::Submit, reason: None };
    let early = Ctx::new(store.clone(), Live::load(&store).await.unwrap(), at(10));
    let report = usecase::reports::step(&early, &caller(&early, "phuhung").await, submit.clone()).await.unwrap();
    assert!(!report.late, "on time on 10/9/2020");
    let leader = caller(&early, "vanphong").await;
    let back = StepReport { step: ReportStep::Return, reason: Some("Thiếu số liệu".into()), ..submit.clone() };
    usecase::reports::step(&early, &leader, back).await.unwrap();
    let late = Ctx::new(store.clone(), Live::load(&store).await.unwrap(), at(20));
    let report = usecase::reports::step(&late, &caller(&late, "phuhung").await, submit).await.unwrap();
    assert!(report.late, "late on 20/9/2020");
}
store_test!(lateness_follows_the_clock, super::lateness_follows_the_clock);
