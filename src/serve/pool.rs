//! The worker pool of `serve`: a fixed number of threads, each answering
//! the requests of one connection at a time once its head is complete
//! ([`super::listener`] waits for that), then handing a kept-alive
//! connection back to the listener, so that no thread ever waits on a
//! client that is slow to ask. Writing an answer is bounded by the
//! request timeout; an event stream takes its connection to a thread of
//! its own ([`Answer::Takeover`]).

use super::http::{HostGuard, Reply};
use super::wire::{self, BodyLen, Framing, Head, HeadError};
use std::io::{self, Read};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server makes of one request.
pub enum Answer {
    Reply(Reply),
    /// Hands the connection (its head already read) to a new thread that
    /// writes its own response and owns it until it ends: event streams.
    Takeover(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = Arc<dyn Fn(&Head) -> Answer + Send + Sync>;

/// Counts an open connection for as long as it lives.
pub struct Ticket(Arc<AtomicUsize>);

impl Ticket {
    pub(super) fn new(open: &Arc<AtomicUsize>) -> Ticket {
        open.fetch_add(1, Ordering::SeqCst);
        Ticket(open.clone())
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A connection with at least the start of a request head in `buf`.
pub struct Conn {
    pub stream: TcpStream,
    pub buf: Vec<u8>,
    /// The request must be read, and answered, by then.
    pub deadline: Instant,
    pub ticket: Ticket,
}

pub struct Context {
    pub handler: Handler,
    pub hosts: Option<HostGuard>,
    pub request_timeout: Duration,
    /// Back to the listener, and its wake-up call.
    pub back: mpsc::Sender<Conn>,
    pub waker: Arc<mio::Waker>,
    pub stop: Arc<AtomicBool>,
}

/// One worker: answers connections until the listener has gone.
pub fn worker(rx: Arc<Mutex<mpsc::Receiver<Conn>>>, ctx: Arc<Context>) {
    loop {
        let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(conn) = next else { return };
        serve(conn, &ctx);
    }
}

/// A short plain-text answer that closes the connection.
fn fail(stream: &mut TcpStream, status: u16, minor: u8, deadline: Instant) {
    let body = format!("{status} {}\n", wire::reason(status).to_ascii_lowercase());
    let f = Framing {
        minor,
        keep_alive: false,
        head_only: false,
        idle_secs: 0,
    };
    let head = wire::response_head(
        status,
        &[("Content-Type", "text/plain; charset=utf-8".into())],
        body.len(),
        f,
    );
    if wire::write_all(stream, &[&head, body.as_bytes()], deadline).is_ok() {
        linger(stream);
    }
}

/// Ends a connection that may still have unread request bytes: closing it
/// at once would send a reset that can destroy the answer before the
/// client reads it, so the rest is read (briefly, boundedly) first.
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut chunk = [0u8; 8192];
    let mut left = 4 * wire::MAX_DISCARD;
    while left > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// Reads more of the request into `buf`, blocking until `deadline`.
/// `false`: closed, failed or timed out.
fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
        return false;
    }
    let mut chunk = [0u8; 8192];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return false,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                return true;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Answers the requests of one connection while they arrive without
/// waiting, then returns it to the listener (or closes it).
fn serve(conn: Conn, ctx: &Context) {
    let Conn {
        mut stream,
        mut buf,
        mut deadline,
        ticket,
    } = conn;
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    loop {
        let end = match wire::head_end(&buf) {
            Some(end) if end <= wire::MAX_HEAD => end,
            Some(_) => return fail(&mut stream, 431, 1, deadline),
            None if buf.len() > wire::MAX_HEAD => return fail(&mut stream, 431, 1, deadline),
            None => {
                if !read_more(&mut stream, &mut buf, deadline) {
                    return;
                }
                continue;
            }
        };
        let head = match wire::parse(&buf[..end]) {
            Ok(h) => h,
            Err(HeadError::Version) => return fail(&mut stream, 505, 1, deadline),
            Err(HeadError::Malformed) => return fail(&mut stream, 400, 1, deadline),
        };
        buf.drain(..end);
        let mut keep = head.keep_alive() && !ctx.stop.load(Ordering::SeqCst);
        match head.body() {
            Err(_) => return fail(&mut stream, 400, head.minor, deadline),
            Ok(BodyLen::None) => {}
            Ok(BodyLen::Length(n)) if n <= wire::MAX_DISCARD => {
                while buf.len() < n {
                    if !read_more(&mut stream, &mut buf, deadline) {
                        return;
                    }
                }
                buf.drain(..n);
            }
            // Not read: the connection cannot be reused after the answer.
            Ok(_) => keep = false,
        }
        let answer = match &ctx.hosts {
            Some(g) if !g.allows(head.header("host"), head.minor) => {
                Answer::Reply(g.refusal(head.header("host")))
            }
            _ => (ctx.handler)(&head),
        };
        let reply = match answer {
            Answer::Reply(r) => r,
            Answer::Takeover(f) => {
                let _ = stream.set_read_timeout(None);
                let _ = stream.set_write_timeout(Some(ctx.request_timeout));
                // Without a thread the closure, and the connection, are
                // dropped: closed.
                let _ = std::thread::Builder::new()
                    .name("serve-events".into())
                    .spawn(move || {
                        f(stream);
                        drop(ticket);
                    });
                return;
            }
        };
        let framing = Framing {
            minor: head.minor,
            keep_alive: keep,
            head_only: head.is_head(),
            idle_secs: ctx.request_timeout.as_secs().max(1),
        };
        let head_bytes =
            wire::response_head(reply.status, &reply.headers, reply.body.len(), framing);
        let [a, b, c] = reply.body.parts();
        let no_body = framing.head_only || matches!(reply.status, 100..=199 | 204 | 304);
        let parts: &[&[u8]] = if no_body {
            &[&head_bytes]
        } else {
            &[&head_bytes, a, b, c]
        };
        // A client that reads slowly has until the deadline, or one
        // request timeout from now if that is later.
        let write_by = deadline.max(Instant::now() + ctx.request_timeout);
        if stream.set_write_timeout(Some(ctx.request_timeout)).is_err()
            || wire::write_all(&mut stream, parts, write_by).is_err()
        {
            return;
        }
        if !keep {
            if buf.is_empty() && !matches!(head.body(), Ok(BodyLen::Encoded | BodyLen::Length(_))) {
                let _ = stream.shutdown(Shutdown::Write);
            } else {
                linger(&mut stream);
            }
            return;
        }
        deadline = Instant::now() + ctx.request_timeout;
        if wire::head_end(&buf).is_some() {
            continue; // pipelined
        }
        let back = ctx.back.send(Conn {
            stream,
            buf,
            deadline,
            ticket,
        });
        if back.is_ok() {
            let _ = ctx.waker.wake();
        }
        return;
    }
}
