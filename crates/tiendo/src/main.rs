//! tiendo: follow how resolutions are carried out. The command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tiendo::{Place, bench, demo, import, read, setup};

/// Many small strings and JSON values, in the reader and in every page (decision 0009).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "tiendo",
    version,
    about = "tiendo — theo dõi tiến độ thực hiện nghị quyết (follow how resolutions are carried out)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application from the configured database.
    Serve(Place),
    /// Fill a database with the Bến Tre sample (if it is empty) and serve it; prints the
    /// address and the administrator's login.
    Demo(demo::DemoArgs),
    /// Bring the database schema up to date and exit.
    Migrate(Place),
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Measure the analytics engine at province scale against SQL, and print the figures.
    Bench(bench::BenchArgs),
    /// Import a figures file (CSV or Excel) as a user: every row checked first, nothing
    /// written if any row is wrong, with a progress bar; made for files of millions of rows.
    Import(import::ImportArgs),
    /// Read facts (dates, document references, periods) out of report and news texts.
    Extract(read::ExtractArgs),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user account with one role on one organisation.
    Add(setup::UserAdd),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TIENDO_LOG").unwrap_or_else(|_| "info,sqlx=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tiendo: không khởi động được: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(place) => setup::serve(place, None).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Migrate(place) => setup::migrate_only(place).await,
            Command::User { command: UserCommand::Add(args) } => setup::user_add(args).await,
            Command::Bench(args) => bench::run(args).await,
            Command::Extract(args) => read::run(args),
            Command::Import(args) => import::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tiendo: {e:#}");
            ExitCode::FAILURE
        }
    }
}
