#!/usr/bin/env python3
"""Time from saving a file to the reload event of `briefing serve`.

    benches/serve-latency.py BIN SITE [--saves 20] [--pause 8]

Copies nothing: SITE is edited in place (an article body, then
templates/article.html, each restored at the end), so give it a copy such as
a corpus from ../shared/bench/gen_corpus.py. Prints the median and spread of
save-to-reload for an article and for a template, and the server's memory.
"""
import argparse
import os
import select
import socket
import statistics
import subprocess
import time


class Events:
    """The event stream of an open page, read line by line."""

    def __init__(self, address):
        host, port = address.split(":")
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(f"GET /__briefing/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
        self.buffer = b""
        while not self.line().startswith("retry:"):
            pass

    def line(self, timeout=None):
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.sock], [], [], timeout)
            if not ready:
                return None
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("event stream closed")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def drain(self):
        """Drops what was sent before now (a save can cause two rebuilds)."""
        while self.line(timeout=0.05) is not None:
            pass

    def wait_for(self, name):
        event = None
        while True:
            line = self.line()
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data:") and event in ("reload", "problem"):
                if event != name:
                    raise SystemExit(f"expected {name}, got {event}: {line}")
                return


def measure(stream, path, edits, pause):
    original = open(path, encoding="utf-8").read()
    times = []
    try:
        for text in edits(original):
            stream.drain()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.perf_counter()
            stream.wait_for("reload")
            times.append((time.perf_counter() - saved) * 1000)
            # After the reload the server makes the search index; the next
            # save waits until it is idle, as an editor's next save would.
            time.sleep(pause)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        stream.wait_for("reload")
    return times


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields.get("VmRSS"), fields.get("VmHWM")


def summary(name, times):
    times = sorted(times)
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    load = os.getloadavg()[0]
    print(f"{name}: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, "
          f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms over {len(times)} saves "
          f"(load average {load:.1f})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin")
    parser.add_argument("site")
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--pause", type=float, default=8.0,
                        help="seconds between saves (the search index is made after the reload)")
    args = parser.parse_args()
    started = time.perf_counter()
    server = subprocess.Popen([args.bin, "serve", "--port", "0", "--root", args.site],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        first = server.stdout.readline()
        address = first.split("http://")[1].split("/")[0]
        print(f"first build and serving: {time.perf_counter() - started:.1f} s")
        print(server.stdout.readline().strip())
        stream = Events(address)
        articles = os.path.join(args.site, "content", "articles")
        article = os.path.join(articles, sorted(os.listdir(articles))[len(os.listdir(articles)) // 2])
        body = measure(stream, article, lambda text: (
            text + f"\nA sentence added by save {i}.\n" for i in range(args.saves)), args.pause)
        summary("article body saved -> reload event", body)
        template = os.path.join(args.site, "templates", "article.html")
        if os.path.exists(template):
            tpl = measure(stream, template, lambda text: (
                text + f"{{# save {i} #}}" for i in range(args.saves)), args.pause)
            summary("templates/article.html saved -> reload event", tpl)
        rss, peak = memory(server.pid)
        print(f"server memory: {rss} resident now, {peak} at most")
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
