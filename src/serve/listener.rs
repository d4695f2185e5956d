//! The listening side of `serve`: one thread that accepts connections and
//! holds every connection waiting for a request, on a readiness poller
//! (mio: epoll, kqueue, IOCP), so that an idle or half-sent connection
//! costs a buffer and a descriptor, never a thread.
//!
//! * Accepted sockets get `TCP_NODELAY` (a response written as head and
//!   body is not held back ~40 ms by Nagle's algorithm waiting for the
//!   client's delayed ACK on a reused connection).
//! * A connection is handed to the worker pool ([`super::pool`]) only
//!   once a whole request head has arrived, and comes back after its
//!   answer when it is kept alive.
//! * Every waiting connection has a deadline ([`Config::request_timeout`]),
//!   counted from the connection or the previous answer and never
//!   extended by a trickle of bytes: past it an idle connection is closed
//!   and a half-sent one gets 408.
//! * At most [`Config::max_connections`] are open; a new one beyond that
//!   closes the connection that has waited longest, so a flood of idle
//!   connections cannot lock the editor's browser out. Accept errors
//!   (out of descriptors) close the oldest waiting one and back off; they
//!   never stop the listener.
//!
//! Why not tiny_http's own listener: `tiny_http::Server::from_listener`
//! takes a `std` listener (a closed enum, nothing to wrap), accepts on a
//! thread of its own, gives each connection a thread that blocks reading
//! it (2,000 idle connections, 2,000 threads) without any limit, ends its
//! accept loop for good on the first accept error, and drops any
//! `Connection` header a response sets (HTTP/1.0 keep-alive then hangs).
//! None of that can be changed from outside it.

use super::pool::{self, Conn, Ticket};
use super::wire;
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};
use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

/// Transport limits (from [`super::Settings`]).
#[derive(Debug, Clone)]
pub struct Config {
    /// Worker threads answering requests.
    pub workers: usize,
    /// Open connections at most (waiting, being answered, event streams).
    pub max_connections: usize,
    /// A request head must be complete this long after the connection or
    /// the previous answer; an answer must be written within it too.
    pub request_timeout: Duration,
    /// `Host` check, when bound to loopback.
    pub hosts: Option<super::http::HostGuard>,
}

/// The running transport; [`Transport::stop`] ends its threads.
pub struct Transport {
    stop: Arc<AtomicBool>,
    waker: Arc<Waker>,
    threads: Vec<JoinHandle<()>>,
}

/// A connection waiting for (the rest of) a request head.
struct Waiting {
    stream: TcpStream,
    buf: Vec<u8>,
    deadline: Instant,
    ticket: Ticket,
}

impl Transport {
    /// Serves `listener` with `handler` until [`Transport::stop`].
    pub fn start(
        listener: std::net::TcpListener,
        config: Config,
        handler: pool::Handler,
    ) -> io::Result<Transport> {
        listener.set_nonblocking(true)?;
        let mut listener = TcpListener::from_std(listener);
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
        let stop = Arc::new(AtomicBool::new(false));
        let (to_pool, from_poller) = mpsc::channel::<Conn>();
        let (to_poller, returned) = mpsc::channel::<Conn>();
        let from_poller = Arc::new(Mutex::new(from_poller));
        let ctx = Arc::new(pool::Context {
            handler,
            hosts: config.hosts.clone(),
            request_timeout: config.request_timeout,
            back: to_poller,
            waker: waker.clone(),
            stop: stop.clone(),
        });
        let mut threads = Vec::new();
        for i in 0..config.workers.max(1) {
            let rx = from_poller.clone();
            let ctx = ctx.clone();
            threads.push(
                std::thread::Builder::new()
                    .name(format!("serve-worker-{i}"))
                    .spawn(move || pool::worker(rx, ctx))?,
            );
        }
        let mut poller = Poller {
            poll,
            listener,
            waiting: HashMap::new(),
            order: VecDeque::new(),
            next: 2,
            open: Arc::new(AtomicUsize::new(0)),
            config,
            to_pool,
            returned,
            backoff: None,
        };
        let stop2 = stop.clone();
        threads.push(
            std::thread::Builder::new()
                .name("serve-listener".into())
                .spawn(move || poller.run(&stop2))?,
        );
        Ok(Transport {
            stop,
            waker,
            threads,
        })
    }

    /// Stops accepting, closes waiting connections, and returns when the
    /// workers have finished the answers they were writing.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.waker.wake();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Transport {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Poller {
    poll: Poll,
    listener: TcpListener,
    waiting: HashMap<Token, Waiting>,
    /// Waiting connections by deadline (tokens are never reused: an entry
    /// whose token is gone is stale and skipped).
    order: VecDeque<(Instant, Token)>,
    next: usize,
    open: Arc<AtomicUsize>,
    config: Config,
    to_pool: mpsc::Sender<Conn>,
    returned: mpsc::Receiver<Conn>,
    /// After an accept error: when to try again.
    backoff: Option<Instant>,
}

impl Poller {
    fn run(&mut self, stop: &AtomicBool) {
        let mut events = Events::with_capacity(256);
        while !stop.load(Ordering::SeqCst) {
            let timeout = self.timeout();
            if let Err(e) = self.poll.poll(&mut events, timeout)
                && e.kind() != io::ErrorKind::Interrupted
            {
                eprintln!("serve: polling failed: {e}");
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            for ev in events.iter() {
                match ev.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    t => self.readable(t),
                }
            }
            while let Ok(conn) = self.returned.try_recv() {
                self.readmit(conn);
            }
            if self.backoff.is_some_and(|b| Instant::now() >= b) {
                self.backoff = None;
                self.accept();
            }
            self.expire();
        }
    }

    /// Until the next deadline or backoff (`None`: no deadline pending).
    fn timeout(&mut self) -> Option<Duration> {
        while let Some((_, t)) = self.order.front() {
            if self.waiting.contains_key(t) {
                break;
            }
            self.order.pop_front();
        }
        let next = self
            .order
            .front()
            .map(|(d, _)| *d)
            .into_iter()
            .chain(self.backoff)
            .min()?;
        Some(next.saturating_duration_since(Instant::now()) + Duration::from_millis(1))
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    if self.open.load(Ordering::SeqCst) >= self.config.max_connections
                        && !self.close_oldest()
                    {
                        // Everything open is being answered: refuse.
                        drop(stream);
                        continue;
                    }
                    let _ = stream.set_nodelay(true);
                    let ticket = Ticket::new(&self.open);
                    let deadline = Instant::now() + self.config.request_timeout;
                    self.admit(Waiting {
                        stream,
                        buf: Vec::new(),
                        deadline,
                        ticket,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::Interrupted | io::ErrorKind::ConnectionAborted
                    ) => {}
                Err(_) => {
                    // Out of descriptors or memory: make room, try later
                    // (the listener stays registered either way).
                    self.close_oldest();
                    self.backoff = Some(Instant::now() + Duration::from_millis(20));
                    return;
                }
            }
        }
    }

    /// Registers a waiting connection and reads what it already sent.
    fn admit(&mut self, mut w: Waiting) {
        let token = Token(self.next);
        self.next += 1;
        if self
            .poll
            .registry()
            .register(&mut w.stream, token, Interest::READABLE)
            .is_err()
        {
            return;
        }
        self.order.push_back((w.deadline, token));
        self.waiting.insert(token, w);
        // Edge-triggered: bytes that arrived before registration may not
        // raise an event.
        self.readable(token);
    }

    /// A connection back from a worker after a kept-alive answer.
    fn readmit(&mut self, conn: Conn) {
        if conn.stream.set_nonblocking(true).is_err() {
            return;
        }
        self.admit(Waiting {
            stream: TcpStream::from_std(conn.stream),
            buf: conn.buf,
            deadline: conn.deadline,
            ticket: conn.ticket,
        });
    }

    fn readable(&mut self, token: Token) {
        let Some(w) = self.waiting.get_mut(&token) else {
            return;
        };
        let mut chunk = [0u8; 4096];
        let closed = loop {
            if wire::head_end(&w.buf).is_some() || w.buf.len() > wire::MAX_HEAD {
                break false;
            }
            match w.stream.read(&mut chunk) {
                Ok(0) => break true,
                Ok(n) => w.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break false,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break true,
            }
        };
        if closed {
            self.close(token);
        } else if wire::head_end(&w.buf).is_some() || w.buf.len() > wire::MAX_HEAD {
            let Some(mut w) = self.waiting.remove(&token) else {
                return;
            };
            let _ = self.poll.registry().deregister(&mut w.stream);
            let conn = Conn {
                stream: w.stream.into(),
                buf: w.buf,
                deadline: w.deadline,
                ticket: w.ticket,
            };
            let _ = self.to_pool.send(conn);
        }
    }

    fn close(&mut self, token: Token) -> bool {
        match self.waiting.remove(&token) {
            Some(mut w) => {
                let _ = self.poll.registry().deregister(&mut w.stream);
                true
            }
            None => false,
        }
    }

    /// Closes the connection that has waited longest; `false` if none waits.
    fn close_oldest(&mut self) -> bool {
        while let Some((_, t)) = self.order.pop_front() {
            if self.close(t) {
                return true;
            }
        }
        false
    }

    /// Closes connections past their deadline: 408 to a half-sent request,
    /// nothing to an idle one.
    fn expire(&mut self) {
        let now = Instant::now();
        while let Some(&(deadline, token)) = self.order.front() {
            if deadline > now {
                break;
            }
            self.order.pop_front();
            if let Some(mut w) = self.waiting.remove(&token) {
                let _ = self.poll.registry().deregister(&mut w.stream);
                if !w.buf.iter().all(u8::is_ascii_whitespace) {
                    let _ = w.stream.write(
                        b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                    );
                }
            }
        }
    }
}
