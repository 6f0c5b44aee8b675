//! Opening the configured database with clear messages for each way it can fail,
//! loading the engine, and serving.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use domain::OrgId;
use domain::access::Role;
use store::{Actor, Store, StoreError};

use std::path::PathBuf;

/// Where to listen and where to keep data.
#[derive(Args, Clone, Debug)]
pub struct Place {
    /// Address to listen on, e.g. 127.0.0.1:8080 or 0.0.0.0:80.
    #[arg(long, env = "TIENDO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Directory for the embedded SQLite database.
    #[arg(long, env = "TIENDO_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database to use instead of the embedded SQLite file: postgres://user@host:port/name.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// The engine's snapshot, read at start and written in the background so a restart
    /// takes seconds: a file path, or "off". By default engine.snapshot in the data
    /// directory.
    #[arg(long, env = "TIENDO_SNAPSHOT")]
    pub snapshot: Option<String>,
}

/// Where the engine's snapshot lives, unless switched off.
pub(crate) fn snapshot_path(place: &Place) -> Option<PathBuf> {
    match place.snapshot.as_deref().map(str::trim) {
        Some("off") => None,
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => Some(place.data_dir.join("engine.snapshot")),
    }
}

/// The database URL: `DATABASE_URL` when given, else the SQLite file in the data directory.
fn database_url(place: &Place) -> Result<String> {
    if let Some(url) = place.database_url.as_ref().filter(|u| !u.trim().is_empty()) {
        return Ok(url.trim().to_string());
    }
    ensure_writable(&place.data_dir)?;
    Ok(place.data_dir.join("tiendo.db").to_string_lossy().into_owned())
}

fn ensure_writable(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| {
        anyhow!(
            "không ghi được vào thư mục dữ liệu “{}” ({e}); chọn thư mục khác bằng --data-dir hoặc TIENDO_DATA_DIR, hoặc cấp quyền ghi",
            dir.display()
        )
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".tiendo-write-test");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Opens and migrates the store, naming the problem and the fix when it cannot.
pub async fn open_store(place: &Place) -> Result<Store> {
    let url = database_url(place)?;
    let shown = store::connect::redact(&url);
    let store = store::connect(&url).await.map_err(|e| match e {
        StoreError::Config(msg) => anyhow!(msg),
        StoreError::Sqlx(sqlx::Error::Configuration(c)) => {
            anyhow!("DATABASE_URL “{shown}” không hợp lệ ({c}); dạng đúng: postgres://người_dùng@máy:5432/tên_csdl")
        }
        StoreError::Sqlx(sqlx::Error::Io(io)) => anyhow!(
            "không kết nối được cơ sở dữ liệu “{shown}” ({io}); kiểm tra PostgreSQL đang chạy và địa chỉ trong DATABASE_URL"
        ),
        StoreError::Sqlx(sqlx::Error::PoolTimedOut) => anyhow!(
            "hết thời gian chờ kết nối “{shown}”; kiểm tra PostgreSQL đang chạy và tường lửa cho phép kết nối"
        ),
        other => anyhow!("không mở được cơ sở dữ liệu “{shown}”: {other}; kiểm tra DATABASE_URL hoặc --data-dir"),
    })?;
    store::migrate(&store).await.with_context(|| format!("không cập nhật được lược đồ của “{shown}”"))?;
    Ok(store)
}

/// Loads the engine from the store.
pub async fn load_engine(store: &Store) -> Result<engine::Engine> {
    Ok(usecase::load_engine(store).await?)
}

/// How often a serving process reads the change log for what other processes wrote:
/// `TIENDO_FOLLOW_MS` milliseconds, 200 by default.
fn follow_every() -> std::time::Duration {
    let ms = std::env::var("TIENDO_FOLLOW_MS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    std::time::Duration::from_millis(ms)
}

/// The login policy, each figure overridable from the environment; a value that is not
/// a whole number names its variable.
fn login_policy() -> Result<domain::access::LoginPolicy> {
    let mut policy = domain::access::LoginPolicy::default();
    let settings: [(&str, &mut i64, i64); 4] = [
        ("TIENDO_LOGIN_FREE_FAILURES", &mut policy.free_failures, 1),
        ("TIENDO_LOGIN_DELAY_S", &mut policy.first_delay_ms, 1000),
        ("TIENDO_LOGIN_MAX_DELAY_S", &mut policy.max_delay_ms, 1000),
        ("TIENDO_LOGIN_MAX_SLOWDOWN_MS", &mut policy.max_slowdown_ms, 1),
    ];
    for (name, field, unit) in settings {
        if let Ok(text) = std::env::var(name) {
            let n: i64 = text
                .trim()
                .parse()
                .ok()
                .filter(|n| (0..=1_000_000).contains(n))
                .ok_or_else(|| anyhow!("{name} “{text}”: cần một số nguyên từ 0 đến 1.000.000"))?;
            *field = n * unit;
        }
    }
    Ok(policy)
}

/// Serves until interrupted. `banner` is printed once the port is bound.
pub async fn serve(place: Place, banner: Option<String>) -> Result<()> {
    let store = open_store(&place).await?;
    let snapshot = snapshot_path(&place);
    let every_snapshot = crate::snapshots::every()?;
    let (live, start) = usecase::Live::start(&store, snapshot.as_deref()).await?;
    tracing::info!(?start, "engine ready");
    let listener = tokio::net::TcpListener::bind(&place.listen).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow!(
            "địa chỉ {} đang được chương trình khác dùng; chọn cổng khác bằng --listen (ví dụ 127.0.0.1:8081) hoặc TIENDO_LISTEN",
            place.listen
        ),
        std::io::ErrorKind::PermissionDenied => {
            anyhow!("không được phép mở cổng {}; dùng cổng từ 1024 trở lên hoặc chạy với quyền phù hợp", place.listen)
        }
        _ => anyhow!("không mở được địa chỉ {} ({e}); kiểm tra --listen hoặc TIENDO_LISTEN", place.listen),
    })?;
    let addr = listener.local_addr()?;
    say(&format!("tiendo đang chạy tại http://{addr}/ (cơ sở dữ liệu: {})", store.engine().name()));
    if let Some(b) = banner {
        say(&b);
    }
    if let Ok(text) = std::env::var("TIENDO_UTC_OFFSET") {
        let set = vn::time::parse_offset(&text).is_some_and(vn::time::set_zone);
        if !set {
            bail!("TIENDO_UTC_OFFSET “{text}”: cần độ lệch so với giờ UTC, ví dụ +07:00 (giờ Việt Nam)");
        }
    }
    let ctx = usecase::Ctx::new(store, live, usecase::Clock::System).with_login(login_policy()?);
    ctx.live.clone().follow(ctx.store.clone(), follow_every());
    ctx.live.index_search();
    let snapshots = snapshot.map(|path| {
        let from = match start {
            usecase::Start::Snapshot { seq } => Some(seq),
            usecase::Start::Rebuilt { .. } => None,
        };
        let s = crate::snapshots::Snapshots::new(path, from);
        s.spawn(ctx.live.clone(), ctx.store.clone(), every_snapshot);
        s
    });
    let state = web::AppState::new(ctx, web::WebConfig::default());
    let mailer = crate::remind::Mailer::from_env()?;
    let every = std::env::var("TIENDO_REMIND_EVERY").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    let worker = crate::remind::spawn(
        state.ctx.store.clone(),
        state.ctx.live.clone(),
        mailer,
        std::time::Duration::from_secs(every),
    );
    let (store, live) = (state.ctx.store.clone(), state.ctx.live.clone());
    let app = web::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    // The next start replays nothing.
    if let Some(s) = &snapshots {
        s.write_if_moved(&live, &store).await;
    }
    // Reminders this process claimed but did not send go back to the queue at once.
    if let Err(e) = store.release_claims(&worker).await {
        tracing::warn!(error = %e, "could not give back the reminders this process claimed");
    }
    Ok(())
}

/// Prints a line for the operator; a closed standard output must not stop the server.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

pub async fn migrate_only(place: Place) -> Result<()> {
    let store = open_store(&place).await?;
    println!("Đã cập nhật lược đồ cơ sở dữ liệu ({}).", store.engine().name());
    Ok(())
}

#[derive(Args)]
pub struct UserAdd {
    /// Login name.
    pub username: String,
    /// Full name as shown on pages.
    #[arg(long)]
    pub name: String,
    /// Role: admin, leader, specialist, reporter, inspector or viewer.
    #[arg(long, default_value = "viewer")]
    pub role: String,
    /// Organisation id the role applies to (with its whole subtree).
    #[arg(long)]
    pub org: i64,
    /// Password; when absent, TIENDO_PASSWORD, else one is generated and printed.
    #[arg(long, env = "TIENDO_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    #[command(flatten)]
    pub place: Place,
}

pub async fn user_add(args: UserAdd) -> Result<()> {
    let Some(role) = Role::from_code(&args.role) else {
        bail!(
            "vai trò “{}” không có; chọn một trong: admin, leader, specialist, reporter, inspector, viewer",
            args.role
        );
    };
    if args.username.trim().is_empty() {
        bail!("tên đăng nhập không được để trống");
    }
    let store = open_store(&args.place).await?;
    store
        .get_org(OrgId(args.org))
        .await
        .map_err(|_| anyhow!("không có tổ chức số {}; xem số tổ chức trên trang Cây tổ chức", args.org))?;
    let generated = args.password.is_none();
    let password = args.password.unwrap_or_else(|| store::users_token()[..16].to_string());
    let mut tx = store.begin().await?;
    let user = tx.create_user(&Actor::system(), &args.username, &args.name, &password).await.map_err(|e| match e {
        StoreError::Duplicate(_) => anyhow!("tên đăng nhập “{}” đã có người dùng; chọn tên khác", args.username),
        other => anyhow!(other),
    })?;
    tx.grant_role(&Actor::system(), user, role, OrgId(args.org)).await?;
    tx.commit().await?;
    println!("Đã tạo tài khoản {} ({}).", args.username, role.label());
    if generated {
        println!("Mật khẩu: {password}");
    }
    Ok(())
}
