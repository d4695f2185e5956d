#!/usr/bin/env python3
"""2,000 idle connections against `inolab serve` (BENCHMARKS.md, "Serve under
load"): half never send a byte, half stop in the middle of a request head
(slowloris). Reports the server's threads and RSS from /proc before and with
them open, the time a normal request takes meanwhile, and how many of the
idle connections the server has closed.

    benches/serve_idle.py --port PORT --pid PID [--connections 2000] [--path /]
"""
import argparse
import socket
import time


def proc(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Threads", "VmRSS"):
                out[k] = int(v.split()[0])
    return out["Threads"], out["VmRSS"] / 1024.0


def request(port, path):
    t0 = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    s.sendall(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    )
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError as e:  # timeout or reset
        return None, (time.perf_counter() - t0) * 1000, str(e)
    finally:
        s.close()
    status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "?"
    return status, (time.perf_counter() - t0) * 1000, f"{len(data)} bytes"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--connections", type=int, default=2000)
    ap.add_argument("--path", default="/")
    ap.add_argument("--hold", type=float, default=3.0)
    a = ap.parse_args()
    th, rss = proc(a.pid)
    print(f"before: {th} threads, {rss:.1f} MiB RSS")
    st, ms, info = request(a.port, a.path)
    print(f"normal request before: {st} in {ms:.1f} ms ({info})")
    socks = []
    t0 = time.perf_counter()
    for i in range(a.connections):
        s = socket.create_connection(("127.0.0.1", a.port), timeout=60)
        if i % 2:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        socks.append(s)
    print(f"opened {len(socks)} connections in {time.perf_counter() - t0:.1f} s")
    peak_th, peak_rss = 0, 0.0
    end = time.perf_counter() + a.hold
    while time.perf_counter() < end:
        th, rss = proc(a.pid)
        peak_th, peak_rss = max(peak_th, th), max(peak_rss, rss)
        time.sleep(0.1)
    print(f"with them open ({a.hold:.0f} s): peak {peak_th} threads, {peak_rss:.1f} MiB RSS")
    for _ in range(5):
        st, ms, info = request(a.port, a.path)
        print(f"normal request meanwhile: {st} in {ms:.1f} ms ({info})")
    closed = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1) in (b"", b"H"):
                closed += 1  # closed, or answered (408) before closing
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    print(f"closed by the server so far: {closed} of {len(socks)}")
    for s in socks:
        s.close()
    time.sleep(1)
    th, rss = proc(a.pid)
    print(f"after closing them: {th} threads, {rss:.1f} MiB RSS")


if __name__ == "__main__":
    main()
