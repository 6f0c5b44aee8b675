//! The reminder job: finds open tasks due within three days or overdue, enqueues one
//! reminder per task, kind and person who reports for the unit it falls to — in the app,
//! and by e-mail when an SMTP relay is configured and the person has a work e-mail — then
//! claims a batch and delivers it. The queue in the store makes each reminder go out once
//! across restarts and across several processes sharing one database (decision 0008).

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use domain::access::{Action, allows};
use domain::tasks::{TaskStatus, task_status};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use store::{Claimed, NewReminder, Store};

/// Days before the deadline a task is "due soon".
pub const DUE_SOON_DAYS: i64 = 3;
/// How long a claim holds before another worker may take the reminder over. A live
/// worker renews its claims before every message (its heartbeat), so the lease only
/// needs to cover one send; a worker killed mid-batch loses its claims within a minute.
const LEASE_MS: i64 = 60 * 1000;
const BATCH: i64 = 10;

/// An SMTP relay and the sender reminders come from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The address pages are reached at, for links in messages.
    pub base_url: String,
}

impl Mailer {
    /// A relay at `host:port` without TLS: the office's own mail server on its network.
    pub fn new(relay: &str, from: &str, base_url: &str) -> Result<Mailer> {
        let (host, port) = relay.rsplit_once(':').unwrap_or((relay, "25"));
        let port: u16 =
            port.parse().map_err(|_| anyhow!("TIENDO_SMTP “{relay}”: cổng phải là số, ví dụ mail.local:25"))?;
        let from: Mailbox =
            from.parse().map_err(|_| anyhow!("TIENDO_MAIL_FROM “{from}”: cần dạng “Tên <dia-chi@don-vi.gov.vn>”"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
        Ok(Mailer { transport, from, base_url: base_url.trim_end_matches('/').to_string() })
    }

    /// The relay named by `TIENDO_SMTP` and `TIENDO_MAIL_FROM`, when both are set.
    pub fn from_env() -> Result<Option<Mailer>> {
        let (Ok(relay), Ok(from)) = (std::env::var("TIENDO_SMTP"), std::env::var("TIENDO_MAIL_FROM")) else {
            return Ok(None);
        };
        let base = std::env::var("TIENDO_PUBLIC_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
        Mailer::new(&relay, &from, &base).map(Some)
    }

    /// Sends reminder `id`. Its Message-ID is the same every time it is sent, so if a
    /// worker dies after the relay took the message but before it was marked sent, the
    /// second copy can be recognised and dropped by the relay or the mail client.
    async fn send(&self, id: i64, to: &str, name: &str, subject: &str, body: String) -> Result<()> {
        let to: Mailbox =
            format!("{name} <{to}>").parse().or_else(|_| to.parse()).context("địa chỉ nhận không hợp lệ")?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<nhac-viec-{id}@{}>", self.from.email.domain())))
            .body(body)?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub enqueued: u64,
    pub sent: usize,
    pub failed: usize,
}

/// Enqueues the reminders due on `today`.
pub async fn enqueue(store: &Store, engine: &usecase::Live, mail: bool, today: NaiveDate, now: i64) -> Result<u64> {
    let tasks = store.open_assigned_tasks().await?;
    // Three reads, whatever the number of people: accounts, their grants, their e-mails.
    let grants = store.all_grants().await?;
    let emails = if mail { store.users_with_email().await? } else { Vec::new() };
    let people: Vec<(domain::UserId, Vec<_>, bool)> = store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| !u.disabled)
        .map(|u| {
            // Administrators keep the system; they are not reminded of units' tasks.
            let held =
                grants.iter().filter(|g| g.user == u.id && g.role != domain::access::Role::Admin).cloned().collect();
            (u.id, held, emails.contains(&u.id))
        })
        .collect();
    let mut wanted = Vec::new();
    {
        let engine = engine.read();
        for t in &tasks {
            let (Some(org), Some(due)) = (t.assignee_org, t.due_on) else { continue };
            let kind = match task_status(t.due_on, None, today) {
                TaskStatus::Overdue => "overdue",
                _ if due <= today + chrono::Duration::days(DUE_SOON_DAYS) => "due_soon",
                _ => continue,
            };
            let lineage = engine.tree.lineage(org);
            for (user, grants, has_email) in &people {
                if !allows(grants, today, Action::ReportTask, &lineage) {
                    continue;
                }
                wanted.push(NewReminder { task: t.id, kind, user: *user, channel: "app" });
                if *has_email {
                    wanted.push(NewReminder { task: t.id, kind, user: *user, channel: "email" });
                }
            }
        }
    }
    Ok(store.enqueue_reminders(&wanted, now).await?)
}

fn words(c: &Claimed) -> (String, String) {
    let due = c.due_on.map(vn::format_date).unwrap_or_default();
    let state =
        if c.kind == "overdue" { format!("đã quá hạn ({due})") } else { format!("sắp đến hạn ({due})") };
    let unit = c.assignee.clone().unwrap_or_default();
    (format!("Nhiệm vụ {state}: {}", c.body), format!("Nhiệm vụ “{}” giao {unit} {state}.", c.body))
}

/// Claims and delivers pending reminders until none are left for this worker.
pub async fn deliver(store: &Store, mailer: Option<&Mailer>, worker: &str) -> Result<(usize, usize)> {
    let (mut sent, mut failed) = (0, 0);
    loop {
        let now = store::now_ms();
        let batch = store.claim_reminders(worker, now, LEASE_MS, BATCH).await?;
        if batch.is_empty() {
            return Ok((sent, failed));
        }
        for c in batch {
            store.renew_claims(worker, store::now_ms()).await?;
            let link = format!("/orgs/{}/tasks#task-{}", c.org, c.task);
            let (subject, sentence) = words(&c);
            let result = match (c.channel.as_str(), mailer, c.email.as_deref()) {
                ("app", _, _) => Ok(Some((subject.clone(), link.clone()))),
                ("email", Some(m), Some(to)) => {
                    let body = format!(
                        "Kính gửi {},\n\n{sentence}\nXem và báo cáo tiến độ tại: {}{link}\n\n— tiendo, theo dõi thực hiện nghị quyết\n",
                        c.display_name, m.base_url
                    );
                    m.send(c.id, to, &c.display_name, &format!("[tiendo] {subject}"), body).await.map(|_| None)
                }
                _ => Err(anyhow!("chưa cấu hình máy chủ thư hoặc người nhận chưa có thư điện tử")),
            };
            match result {
                Ok(notice) => {
                    let notice = notice.as_ref().map(|(t, l)| (t.as_str(), l.as_str()));
                    if store.mark_reminder_sent(c.id, worker, store::now_ms(), notice).await? {
                        sent += 1;
                    }
                }
                Err(e) => {
                    tracing::warn!(reminder = c.id, error = %e, "reminder not delivered");
                    store.release_reminder(c.id, worker, &e.to_string()).await?;
                    failed += 1;
                }
            }
        }
    }
}

/// One run: enqueue what is due today, then deliver.
pub async fn run_once(store: &Store, engine: &usecase::Live, mailer: Option<&Mailer>, worker: &str) -> Result<Outcome> {
    let today = vn::time::today();
    let enqueued = enqueue(store, engine, mailer.is_some(), today, store::now_ms()).await?;
    let (sent, failed) = deliver(store, mailer, worker).await?;
    Ok(Outcome { enqueued, sent, failed })
}

/// A name for this process's claims: host, process id and a random part.
pub fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "tiendo".into());
    format!("{host}-{}-{}", std::process::id(), &store::users_token()[..8])
}

/// Runs the job every `every` for as long as the server runs; answers the worker's
/// name, whose claims the server gives back when it stops ([`Store::release_claims`]).
pub fn spawn(store: Store, engine: Arc<usecase::Live>, mailer: Option<Mailer>, every: Duration) -> String {
    let worker = worker_name();
    let name = worker.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match run_once(&store, &engine, mailer.as_ref(), &worker).await {
                Ok(o) if o.enqueued + o.sent as u64 + o.failed as u64 > 0 => {
                    tracing::info!(enqueued = o.enqueued, sent = o.sent, failed = o.failed, "reminders")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reminder run failed"),
            }
        }
    });
    name
}
