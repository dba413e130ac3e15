# Bounded slow-header run against a local tilsyn serve on 127.0.0.1 only: N connections that send half a
# request head, held for at most T seconds, while /healthz is probed every 0.25 s.
import socket, sys, time, threading
port, n, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
conns, refused = [], 0
def probe_loop(results, stop):
    while not stop.is_set():
        t = time.time()
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = s.recv(4096); s.close()
            results.append((t, data.startswith(b"HTTP/1.1 200"), time.time() - t))
        except Exception as e:
            results.append((t, False, time.time() - t))
        time.sleep(0.25)
results, stop = [], threading.Event()
th = threading.Thread(target=probe_loop, args=(results, stop)); th.start()
start = time.time()
for i in range(n):
    if time.time() - start > hold: break
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        conns.append(s)
    except Exception:
        refused += 1
opened = time.time() - start
n = len(conns) + refused
time.sleep(max(0, hold - opened))
# How many of the slow connections the server still holds open.
still = 0
for s in conns:
    s.setblocking(False)
    try:
        d = s.recv(1)
        if d: still += 1
    except BlockingIOError:
        still += 1
    except Exception:
        pass
stop.set(); th.join()
for s in conns: s.close()
ok = sum(1 for r in results if r[1]); worst = max(r[2] for r in results)
print(f"{n} slow connections opened in {opened:.1f} s ({refused} failed to connect); after {hold:.0f} s the server still held {still}; "
      f"/healthz probes: {ok} of {len(results)} answered 200, slowest {worst:.2f} s")
