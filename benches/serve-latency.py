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
import socket
import statistics
import subprocess
import time


def open_events(address):
    host, port = address.split(":")
    sock = socket.create_connection((host, int(port)))
    sock.sendall(f"GET /__briefing/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
    stream = sock.makefile("rb")
    while not stream.readline().startswith(b"retry:"):
        pass
    return sock, stream


def wait_for(stream, name):
    event = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("event stream closed")
        line = line.decode().rstrip("\n")
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
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.perf_counter()
            wait_for(stream, "reload")
            times.append((time.perf_counter() - saved) * 1000)
            # After the reload the server makes the search index; the next
            # save waits until it is idle, as an editor's next save would.
            time.sleep(pause)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        wait_for(stream, "reload")
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
    print(f"{name}: median {statistics.median(times):.0f} ms, "
          f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms over {len(times)} saves")


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
        _, stream = open_events(address)
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
