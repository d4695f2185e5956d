//! `inolab serve`: build into memory, serve on localhost, rebuild on change.
//!
//! * The site is built with `base_url` `http://<bind>:<port>/` and served
//!   from a map path → bytes ([`build::SiteMap`]); nothing is written.
//! * A watcher (notify, debounced 10 ms) feeds changed paths to one
//!   builder thread, which rebuilds incrementally ([`build::Builder`]):
//!   the result is byte-identical to a full build.
//! * Pages get `/__inolab/reload.js`, which listens on the server-sent
//!   event stream `/__inolab/events`: it reloads the page when its output
//!   changed, swaps stylesheets when only CSS changed, and shows the
//!   diagnostics of a failed build in an overlay while the last good site
//!   keeps being served.
//! * Connections are held by one listener thread on a readiness poller
//!   until a whole request head has arrived ([`listener`]); a small fixed
//!   pool of workers answers them ([`pool`]), HTTP/1.0 and 1.1 keep-alive
//!   included ([`wire`]). Idle and half-sent connections cost no thread
//!   and are closed after [`Settings::request_timeout`]; at most
//!   [`Settings::max_connections`] are open. Each event stream gets its
//!   own thread (capped), so idle listeners never starve the pool.
//! * Bound to loopback, only requests for `localhost`, `127.0.0.1` or
//!   `[::1]` are answered ([`http::HostGuard`], against DNS rebinding).

pub mod build;
mod content;
pub mod http;
mod listener;
mod pages;
mod pool;
mod reuse;
mod watch;
pub mod wire;

use crate::diagnostics::{self, Diagnostic, Format, Kind};
use build::{Builder, Changes, SiteMap, Stats};
use std::collections::BTreeSet;
use std::io::Write;
use std::net::{IpAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
    pub open: bool,
}

/// Knobs that the command line does not expose (tests use them).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Watch the site's folders (off: only [`Server::apply`] rebuilds).
    pub watch: bool,
    /// Print build results and diagnostics to stderr.
    pub verbose: bool,
    /// Request worker threads.
    pub workers: usize,
    /// Concurrent event-stream connections (each holds a thread).
    pub max_event_streams: usize,
    /// Open connections at most; beyond it a new connection closes the
    /// one that has waited longest for a request.
    pub max_connections: usize,
    /// A connection must send a whole request head within this time of
    /// opening or of its previous answer (else it is closed: 408 if it had
    /// started one); also the time allowed to write an answer.
    pub request_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            watch: true,
            verbose: true,
            workers: 8,
            max_event_streams: 32,
            max_connections: 512,
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// The state of the builds, as the event stream reports it.
#[derive(Debug, Clone, Default)]
struct Status {
    /// Bumped by every build that changed the site or the error state.
    generation: u64,
    /// Diagnostics of the failed last build (human format).
    error: Option<String>,
    /// Output paths changed by the build that made `generation`.
    changed: Vec<String>,
    /// Between a preview and the build that follows it: the previewed
    /// paths. Other pages and outputs wait for the build (so none is ever
    /// served a version behind); static assets do not (they cannot change
    /// in a preview, and the previewed page needs them).
    settling: Option<Arc<BTreeSet<String>>>,
    /// A rebuild is running. Without a preview settling, a request for a
    /// path the served site lacks waits for it: the path may be a record
    /// saved a moment ago, whose page the rebuild is making (a new URL is
    /// never answered 404 once its file is saved).
    building: bool,
    /// Bumped whenever the served site, `settling` or `building` change,
    /// so that a waiting request looks at the site again.
    epoch: u64,
}

struct Shared {
    site: RwLock<Option<Arc<SiteMap>>>,
    status: Mutex<Status>,
    cond: Condvar,
    stats: Mutex<Stats>,
    stop: AtomicBool,
    streams: AtomicUsize,
    settings: Settings,
}

enum Msg {
    Changes(Changes),
    /// Rebuild now and report back (tests, [`Server::apply`]).
    Apply(Changes, mpsc::Sender<Result<(), Vec<Diagnostic>>>),
    Stop,
}

/// A running server; stops when [`Server::stop`] is called or it is dropped.
pub struct Server {
    shared: Arc<Shared>,
    tx: mpsc::Sender<Msg>,
    threads: Vec<JoinHandle<()>>,
    transport: Option<listener::Transport>,
    url: String,
    port: u16,
    root: PathBuf,
    _watcher: Option<watch::Watcher>,
}

fn is_loopback(bind: &str) -> bool {
    match bind.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bind.eq_ignore_ascii_case("localhost"),
    }
}

fn host_for_url(bind: &str) -> String {
    match bind.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => format!("[{v6}]"),
        _ => bind.to_string(),
    }
}

/// A problem starting or talking to the server (no file concerned):
/// printed `error: MESSAGE` and the hint, like `inolab new`'s.
fn server_error(message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(Kind::Io, "", message).hint(hint)
}

/// Binds `bind:port`; when the port is taken, names a free one nearby.
fn bind_listener(bind: &str, port: u16) -> Result<TcpListener, Diagnostic> {
    let addrs: Vec<_> = (bind, port)
        .to_socket_addrs()
        .map_err(|e| {
            server_error(
                format!("cannot use --bind {bind}: {e}"),
                "pass an address of this machine, e.g. --bind 127.0.0.1",
            )
        })?
        .collect();
    match TcpListener::bind(&addrs[..]) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (1..=50u16)
                .filter_map(|i| port.checked_add(i))
                .find(|p| TcpListener::bind((bind, *p)).is_ok());
            Err(match free {
                Some(p) => server_error(
                    format!(
                        "port {port} on {bind} is already in use (is another `inolab serve` running?); try `--port {p}`, which is free"
                    ),
                    "stop the other server, or pass the free port with --port",
                ),
                None => server_error(
                    format!("port {port} on {bind} is already in use; choose another with --port"),
                    "stop the other server, or pass another port with --port",
                ),
            })
        }
        Err(e) => Err(server_error(
            format!("cannot listen on {bind}:{port}: {e}"),
            "choose another --port or --bind address",
        )),
    }
}

impl Server {
    /// Binds, builds the site once, and starts serving and watching.
    /// A failed first build still starts the server (pages then show the
    /// errors until the site is fixed).
    pub fn start(opts: &ServeOptions) -> Result<Server, Diagnostic> {
        Server::start_with(opts, Settings::default())
    }

    pub fn start_with(opts: &ServeOptions, settings: Settings) -> Result<Server, Diagnostic> {
        let root = opts.root.canonicalize().map_err(|e| {
            Diagnostic::error(
                Kind::Io,
                opts.root.display().to_string(),
                format!("cannot open the site folder: {e}"),
            )
            .hint("run inolab in the site's folder, or pass --root DIR")
        })?;
        let listener = bind_listener(&opts.bind, opts.port)?;
        let port = listener
            .local_addr()
            .map_err(|e| {
                server_error(
                    format!("cannot listen on {}: {e}", opts.bind),
                    "choose another --bind address",
                )
            })?
            .port();
        let url = format!("http://{}:{port}/", host_for_url(&opts.bind));
        let shared = Arc::new(Shared {
            site: RwLock::new(None),
            status: Mutex::new(Status::default()),
            cond: Condvar::new(),
            stats: Mutex::new(Stats::default()),
            stop: AtomicBool::new(false),
            streams: AtomicUsize::new(0),
            settings: settings.clone(),
        });
        let mut builder = Builder::new(root.clone(), url.clone(), opts.drafts);
        // The first build, before any request is answered.
        let first = run_build(&shared, &mut builder, &Changes::everything(), &|| false);
        if let (true, Err(e)) = (settings.verbose, &first) {
            eprint!("{}", report(e));
            eprintln!("the site has errors; fix them and the pages will appear");
        }
        let (tx, rx) = mpsc::channel::<Msg>();
        let watcher = if settings.watch {
            Some(watch::Watcher::start(&root, tx.clone())?)
        } else {
            None
        };
        let mut threads = Vec::new();
        {
            let shared = shared.clone();
            threads.push(std::thread::spawn(move || {
                builder_loop(shared, builder, rx)
            }));
        }
        let config = listener::Config {
            workers: settings.workers,
            max_connections: settings.max_connections.max(settings.workers + 1),
            request_timeout: settings.request_timeout,
            hosts: is_loopback(&opts.bind).then(|| http::HostGuard::loopback(&opts.bind, port)),
        };
        let handler: pool::Handler = {
            let shared = shared.clone();
            Arc::new(move |req: &wire::Head| handle(&shared, req))
        };
        let transport = listener::Transport::start(listener, config, handler).map_err(|e| {
            server_error(
                format!("cannot serve on {url}: {e}"),
                "choose another --port or --bind address",
            )
        })?;
        Ok(Server {
            shared,
            tx,
            threads,
            transport: Some(transport),
            url,
            port,
            root,
            _watcher: watcher,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://<bind>:<port>/`, the site's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The site being served (the last good build).
    pub fn site(&self) -> Option<Arc<SiteMap>> {
        served_site(&self.shared)
    }

    pub fn stats(&self) -> Stats {
        *lock(&self.shared.stats)
    }

    pub fn generation(&self) -> u64 {
        lock(&self.shared.status).generation
    }

    /// The diagnostics of the last build when it failed.
    pub fn error(&self) -> Option<String> {
        lock(&self.shared.status).error.clone()
    }

    /// Rebuilds for these changed paths now (as if the watcher had seen
    /// them) and waits for the result: `Err` holds the diagnostics, sorted
    /// as `inolab check` prints them.
    pub fn apply(&self, paths: &[PathBuf]) -> Result<(), Vec<Diagnostic>> {
        let mut c = Changes::default();
        let root = self.root();
        for p in paths {
            let p = if p.is_absolute() {
                p.clone()
            } else {
                root.join(p)
            };
            if !c.add(&root, &p) {
                c.all = true;
            }
        }
        let stopped = || {
            vec![server_error(
                "the server has stopped".to_string(),
                "start it again",
            )]
        };
        let (tx, rx) = mpsc::channel();
        self.tx.send(Msg::Apply(c, tx)).map_err(|_| stopped())?;
        rx.recv().map_err(|_| stopped())?
    }

    fn root(&self) -> PathBuf {
        self.root.clone()
    }

    /// Stops serving and watching; returns when every thread has ended.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = self.tx.send(Msg::Stop);
        self.shared.cond.notify_all();
        if let Some(mut t) = self.transport.take() {
            t.stop();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Blocks the calling thread until the process ends.
    pub fn wait(self) {
        loop {
            std::thread::park();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.shutdown();
        }
    }
}

/// Runs one build and publishes its result; returns the human diagnostics
/// on failure.
/// `load 1, validate 4, …` (milliseconds) for the terminal.
fn stage_list(timings: &[(&'static str, Duration)]) -> String {
    timings
        .iter()
        .map(|(n, d)| format!("{n} {:.0}", d.as_secs_f64() * 1000.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Publishes a preview ([`Builder::preview`]) and marks the site settling.
/// Returns whether a preview was published.
fn publish_preview(shared: &Shared, builder: &mut Builder, changes: &Changes) -> bool {
    // Let go of the served map while previewing, so that the builder can
    // update it in place; requests wait on the lock meanwhile (they would
    // wait for the preview anyway).
    let mut served = shared.site.write().unwrap_or_else(|e| e.into_inner());
    *served = None;
    let Some(p) = builder.preview(changes) else {
        *served = builder.site();
        return false;
    };
    *served = Some(p.site.clone());
    drop(served);
    *lock(&shared.stats) = builder.stats;
    {
        let mut st = lock(&shared.status);
        st.settling = Some(Arc::new(p.changed.iter().cloned().collect()));
        st.epoch += 1;
        if !p.changed.is_empty() {
            st.generation += 1;
            st.changed = p.changed.clone();
        }
    }
    shared.cond.notify_all();
    if shared.settings.verbose {
        eprintln!(
            "preview in {:.0} ms [{} ms]: {}; rebuilding the rest",
            p.took.as_secs_f64() * 1000.0,
            stage_list(&p.timings),
            if p.changed.is_empty() {
                "no page changed".to_string()
            } else {
                p.changed.join(", ")
            }
        );
    }
    true
}

/// Whether a request for `key` (a site path) must wait for the build in
/// progress: everything but static assets and the previewed pages.
fn must_wait(settling: &BTreeSet<String>, key: &str) -> bool {
    const ASSETS: [&str; 14] = [
        "css", "js", "mjs", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff",
        "woff2", "ttf",
    ];
    let ext = key.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    !settling.contains(key) && !ASSETS.contains(&ext)
}

/// The site path a request target names, as the HTTP layer resolves it
/// for plain paths (`/a/` → `a/index.html`).
fn site_key(target: &str) -> String {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Whether the site serves `key` (`a` stands for `a/index.html` too, as
/// the HTTP layer redirects it).
fn serves(site: &SiteMap, key: &str) -> bool {
    site.contains_key(key) || site.contains_key(&format!("{key}/index.html"))
}

/// Whether a request for `key` must wait: a preview is settling and
/// `key` is not one of its pages ([`must_wait`]), or a rebuild with no
/// preview is running and the site lacks `key` (`missing`).
fn must_hold(s: &Status, key: &str, missing: bool) -> bool {
    match &s.settling {
        Some(set) => must_wait(set, key),
        None => s.building && missing,
    }
}

/// Blocks until `key` may be served now ([`must_hold`]).
fn wait_until_settled(shared: &Shared, key: &str) {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let epoch = lock(&shared.status).epoch;
        let missing = served_site(shared).is_none_or(|site| !serves(&site, key));
        let st = lock(&shared.status);
        let left = deadline.saturating_duration_since(Instant::now());
        let (st, _) = shared
            .cond
            .wait_timeout_while(st, left, |s| {
                !shared.stop.load(Ordering::SeqCst)
                    && s.epoch == epoch
                    && must_hold(s, key, missing)
            })
            .unwrap_or_else(|e| e.into_inner());
        // Unchanged since `missing` was found: the answer stands.
        if st.epoch == epoch || shared.stop.load(Ordering::SeqCst) || left.is_zero() {
            return;
        }
    }
}

/// Builds and publishes; `Ok(false)` when `interrupted` stopped it.
fn run_build(
    shared: &Shared,
    builder: &mut Builder,
    changes: &Changes,
    interrupted: &dyn Fn() -> bool,
) -> Result<bool, Vec<Diagnostic>> {
    let verbose = shared.settings.verbose;
    lock(&shared.status).building = true;
    let result = builder.build_unless(changes, interrupted);
    *lock(&shared.stats) = builder.stats;
    match result {
        Ok(None) => {
            if verbose {
                eprintln!("rebuild interrupted by a new save");
            }
            Ok(false)
        }
        Ok(Some(b)) => {
            let error_cleared;
            {
                *shared.site.write().unwrap_or_else(|e| e.into_inner()) = Some(b.site.clone());
                let mut st = lock(&shared.status);
                st.settling = None; // the new site is in place
                st.building = false;
                st.epoch += 1;
                error_cleared = st.error.take().is_some();
                if !b.changed.is_empty() || error_cleared {
                    st.generation += 1;
                    st.changed = b.changed.clone();
                }
            }
            shared.cond.notify_all();
            if verbose {
                let s = builder.stats;
                if s.builds == 1 {
                    eprintln!(
                        "built {} files ({} pages) in {:.0} ms, {} warning{} (`inolab check` lists them)",
                        b.site.len(),
                        s.pages,
                        b.took.as_secs_f64() * 1000.0,
                        b.warnings,
                        if b.warnings == 1 { "" } else { "s" },
                    );
                } else {
                    eprintln!(
                        "rebuilt in {:.0} ms: {} of {} pages re-rendered, {} files changed{} [{} ms]",
                        b.took.as_secs_f64() * 1000.0,
                        s.last_rendered,
                        s.pages,
                        b.changed.len(),
                        if error_cleared { ", errors fixed" } else { "" },
                        stage_list(&b.timings)
                    );
                }
            }
            Ok(true)
        }
        Err(diags) => {
            let text = report(&diags);
            {
                let mut st = lock(&shared.status);
                st.settling = None;
                st.building = false;
                st.epoch += 1;
                if st.error.as_deref() != Some(text.as_str()) {
                    st.generation += 1;
                    st.error = Some(text.clone());
                    st.changed.clear();
                }
            }
            shared.cond.notify_all();
            if verbose && builder.stats.builds > 0 {
                eprint!("{text}");
                eprintln!("build failed: still serving the last good version");
            }
            Err(diags)
        }
    }
}

/// The same text `inolab check` prints.
fn report(diags: &[Diagnostic]) -> String {
    diagnostics::render(diags, Format::Human)
}

/// Debounce window: changes are collected until the tree is quiet this
/// long. An editor's save (write, or write a temporary file and rename
/// it) is a few events microseconds apart, so this is nearly all waiting:
/// at 25 ms it was half of a preview's 50 ms at 10 000 records. A save
/// whose events are further apart is previewed twice, or goes to a
/// rebuild the next event interrupts: what is served at the end is the
/// same.
const QUIET: Duration = Duration::from_millis(10);
/// …but a continuous stream of changes still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// After a preview, the rest of the site is rebuilt once the editor has
/// paused this long: saves in between are previewed at once instead of
/// queueing behind a whole-site rebuild (tens of seconds at 10 000
/// records). Pages other than the previewed ones wait meanwhile.
const SETTLE: Duration = Duration::from_millis(1000);

/// The builder's queue, with look-ahead, so that a build can ask whether
/// anything new arrived without losing it.
struct Inbox {
    rx: mpsc::Receiver<Msg>,
    ahead: std::cell::RefCell<std::collections::VecDeque<Msg>>,
}

impl Inbox {
    /// The next message; waits at most `timeout` (`None`: for ever).
    fn recv(&self, timeout: Option<Duration>) -> Result<Msg, mpsc::RecvTimeoutError> {
        if let Some(m) = self.ahead.borrow_mut().pop_front() {
            return Ok(m);
        }
        match timeout {
            None => self
                .rx
                .recv()
                .map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(d) => self.rx.recv_timeout(d),
        }
    }

    /// Whether a message is waiting (it stays queued).
    fn has_news(&self) -> bool {
        if !self.ahead.borrow().is_empty() {
            return true;
        }
        match self.rx.try_recv() {
            Ok(m) => {
                self.ahead.borrow_mut().push_back(m);
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            Err(mpsc::TryRecvError::Disconnected) => true,
        }
    }
}

/// Changes waiting to be built, and who waits for the result.
#[derive(Default)]
struct Batch {
    changes: Changes,
    waiters: Vec<mpsc::Sender<Result<(), Vec<Diagnostic>>>>,
    /// An `apply` (tests): build at once, never interrupted.
    sync: bool,
    stop: bool,
}

/// Adds `first` and whatever follows until the tree is quiet ([`QUIET`],
/// [`MAX_WAIT`] at most): a save, a `git checkout`, is many events, and a
/// file may be half-written at the first. `false`: the channel is gone.
fn collect(inbox: &Inbox, first: Msg, batch: &mut Batch) -> bool {
    let started = Instant::now();
    let mut next = Some(first);
    while let Some(m) = next.take() {
        match m {
            Msg::Changes(c) => batch.changes.merge(c),
            Msg::Apply(c, w) => {
                batch.changes.merge(c);
                batch.waiters.push(w);
                batch.sync = true;
            }
            Msg::Stop => batch.stop = true,
        }
        if batch.sync || batch.stop || started.elapsed() >= MAX_WAIT {
            break;
        }
        match inbox.recv(Some(QUIET)) {
            Ok(m) => next = Some(m),
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
    true
}

fn builder_loop(shared: Arc<Shared>, mut builder: Builder, rx: mpsc::Receiver<Msg>) {
    let inbox = Inbox {
        rx,
        ahead: Default::default(),
    };
    let mut batch = Batch::default();
    loop {
        // Wait for work, unless an interrupted build left some.
        if batch.changes.is_empty() && batch.waiters.is_empty() {
            let Ok(first) = inbox.recv(None) else { return };
            if !collect(&inbox, first, &mut batch) {
                return;
            }
        }
        if batch.stop || shared.stop.load(Ordering::SeqCst) {
            return;
        }
        // Preview single-record edits (`Builder::preview`); while the editor keeps saving previewable
        // edits, keep previewing them, and rebuild the rest after a pause
        // ([`SETTLE`]). `apply` (tests) builds at once.
        if !batch.changes.is_empty()
            && publish_preview(&shared, &mut builder, &batch.changes)
            && !batch.sync
        {
            loop {
                let m = match inbox.recv(Some(SETTLE)) {
                    Ok(m) => m,
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                };
                let mut more = Batch::default();
                if !collect(&inbox, m, &mut more) || more.stop {
                    return;
                }
                batch.changes.merge(more.changes.clone());
                batch.waiters.extend(more.waiters);
                if more.sync {
                    batch.sync = true;
                    break;
                }
                if !publish_preview(&shared, &mut builder, &more.changes) {
                    break;
                }
            }
        }
        let sync = batch.sync;
        let interrupted = || !sync && inbox.has_news();
        let result = if batch.changes.is_empty() {
            Ok(true)
        } else {
            run_build(&shared, &mut builder, &batch.changes, &interrupted)
        };
        if matches!(result, Ok(false)) {
            // A new save arrived mid-build: take it in, preview it, and
            // build everything again (the batch keeps its changes).
            let Ok(m) = inbox.recv(None) else { return };
            if !collect(&inbox, m, &mut batch) {
                return;
            }
            continue;
        }
        let result = result.map(|_| ());
        for w in std::mem::take(&mut batch).waiters {
            let _ = w.send(result.clone());
        }
    }
}

/// A mutex's value even if a thread panicked holding it: what it guards
/// here stays consistent (plain values replaced whole), and one failed
/// request must not take every later one down with it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The served site, poison-tolerant like [`lock`].
fn served_site(shared: &Shared) -> Option<Arc<SiteMap>> {
    shared
        .site
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// Answers one request (the transport has checked its `Host`).
fn handle(shared: &Arc<Shared>, req: &wire::Head) -> pool::Answer {
    let path = req.target.split('?').next().unwrap_or("");
    if path == "/__inolab/events" && req.method == "GET" {
        let max = shared.settings.max_event_streams;
        if shared.streams.fetch_add(1, Ordering::SeqCst) >= max {
            shared.streams.fetch_sub(1, Ordering::SeqCst);
            return pool::Answer::Reply(
                http::Reply::text(503, "too many listeners").header("Retry-After", "5"),
            );
        }
        let shared = shared.clone();
        return pool::Answer::Takeover(Box::new(move |stream| {
            event_stream(&shared, stream);
            shared.streams.fetch_sub(1, Ordering::SeqCst);
        }));
    }
    if path == "/__inolab/status" {
        let body = http::Body::Owned(status_json(shared).into_bytes());
        return pool::Answer::Reply(
            http::Reply::new(200, body)
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-store"),
        );
    }
    pool::Answer::Reply(answer(shared, req))
}

fn status_json(shared: &Shared) -> String {
    let st = lock(&shared.status).clone();
    let stats = *lock(&shared.stats);
    serde_json::json!({
        "generation": st.generation,
        "ok": st.error.is_none(),
        "error": st.error,
        "builds": stats.builds,
        "pages": stats.pages,
        "last_rendered": stats.last_rendered,
    })
    .to_string()
}

fn placeholder(shared: &Shared) -> String {
    let err = lock(&shared.status).error.clone().unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site has errors</h1><p>Fix them and this page reloads.</p><pre>{}</pre></body></html>",
        crate::markdown::html_escape(&err)
    )
}

fn answer(shared: &Shared, req: &wire::Head) -> http::Reply {
    wait_until_settled(shared, &site_key(&req.target));
    let site = served_site(shared);
    let ph = if site.is_none() {
        placeholder(shared)
    } else {
        String::new()
    };
    http::respond(
        &http::Request {
            method: &req.method,
            target: &req.target,
            if_none_match: req.header("If-None-Match"),
            range: req.header("Range"),
        },
        site.as_deref(),
        &ph,
    )
}

fn build_event(st: &Status, seen: u64) -> String {
    // Missed a build in between: the client cannot know what changed.
    let all = st.generation > seen + 1 || st.changed.len() > 5000;
    let data = serde_json::json!({
        "generation": st.generation,
        "error": st.error,
        "all": all,
        "changed": if all { Vec::new() } else { st.changed.clone() },
    });
    format!("event: build\ndata: {data}\n\n")
}

/// A server-sent event stream on its own thread: one `hello`, then one
/// `build` event per generation, and a comment every 15 s to notice
/// closed connections.
fn event_stream(shared: &Shared, mut w: TcpStream) {
    let (mut seen, hello) = {
        let st = lock(&shared.status);
        let data = serde_json::json!({"generation": st.generation, "error": st.error});
        (
            st.generation,
            format!("retry: 1000\nevent: hello\ndata: {data}\n\n"),
        )
    };
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";
    if w.write_all(head.as_bytes()).is_err()
        || w.write_all(hello.as_bytes()).is_err()
        || w.flush().is_err()
    {
        return;
    }
    loop {
        let msg = {
            let st = lock(&shared.status);
            let (st, timeout) = shared
                .cond
                .wait_timeout_while(st, Duration::from_secs(15), |s| {
                    s.generation == seen && !shared.stop.load(Ordering::SeqCst)
                })
                .unwrap_or_else(|e| e.into_inner());
            if shared.stop.load(Ordering::SeqCst) {
                return;
            }
            if timeout.timed_out() {
                ": ping\n\n".to_string()
            } else {
                let m = build_event(&st, seen);
                seen = st.generation;
                m
            }
        };
        if w.write_all(msg.as_bytes()).is_err() || w.flush().is_err() {
            return;
        }
    }
}

/// `inolab serve`: serve until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<(), Diagnostic> {
    if !is_loopback(&opts.bind) {
        eprintln!(
            "warning: --bind {} makes the development server reachable from other machines; it has no access control — use it only on a trusted network",
            opts.bind
        );
    }
    let server = Server::start(opts)?;
    eprintln!("serving {} (live reload on; Ctrl+C stops)", server.url());
    if opts.open {
        open_browser(server.url());
    }
    server.wait();
    Ok(())
}

fn open_browser(url: &str) {
    let cmd: (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("note: could not open a browser ({e}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which requests wait: during a preview, every page but the
    /// previewed ones (a deleted record's page is among them: answered
    /// 404 at once); during a rebuild without a preview, only paths the
    /// served site lacks (a record saved a moment ago is never 404).
    #[test]
    fn requests_wait_only_for_what_the_build_may_change() {
        let mut s = Status::default();
        assert!(!must_hold(&s, "a/index.html", true), "idle: 404 at once");
        s.building = true;
        assert!(must_hold(&s, "new/index.html", true));
        assert!(
            !must_hold(&s, "old/index.html", false),
            "kept pages are served"
        );
        s.settling = Some(Arc::new(["gone/index.html".to_string()].into()));
        assert!(
            !must_hold(&s, "gone/index.html", true),
            "a deleted page: 404 now"
        );
        assert!(
            must_hold(&s, "list/index.html", false),
            "others wait for the rebuild"
        );
        assert!(!must_hold(&s, "style.css", false), "assets do not");
    }
}
