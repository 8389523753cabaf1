#!/usr/bin/env python3
"""Fault soak: three gateways on loopback exchange messages while a driver kills, pauses,
restarts them, fills one's data disk and rotates keys; then checks that nothing was lost or
duplicated, every audit log verifies, and memory and file descriptors stayed bounded.

Run through scripts/soak.sh (which builds nordgate). Standard library only. Bounded: at most
SOAK_MESSAGES messages and SOAK_SECONDS seconds of faults, then a settle phase of at most
SOAK_SETTLE seconds. Everything stays on 127.0.0.1 and is removed at the end (SOAK_KEEP=1 keeps it).
"""
import collections
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

NORDGATE = os.path.abspath(sys.argv[1])
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SECONDS = int(os.environ.get("SOAK_SECONDS", "180"))
MESSAGES = int(os.environ.get("SOAK_MESSAGES", "600"))
SETTLE = int(os.environ.get("SOAK_SETTLE", "180"))
SEED = int(os.environ.get("SOAK_SEED", str(int(time.time()))))
NODES = ["NO-CA", "DK-CA", "SE-CA"]
# DK-CA is never killed, so its one process lives through the whole soak: its memory and file
# descriptors show whether they grow. SE-CA's data folder is the small disk that gets filled.
WITNESS, SMALL_DISK = "DK-CA", "SE-CA"
PASSPHRASE = "soak passphrase (synthetic, not a secret)"
TYPE = "central-authority.locate-child-request.v1"
RECORD = os.path.join(REPO, "Schemas/examples/central-authority/locate-child-request/valid-identified-child.json")

rng = random.Random(SEED)
faults_rng = random.Random(SEED + 1)
work = tempfile.mkdtemp(prefix="nordgate-soak.")
os.chmod(work, 0o700)
env = dict(os.environ, NORDGATE_PASSPHRASE=PASSPHRASE)
base_port = 21000 + rng.randrange(0, 9000, 10)
ports = {node: (base_port + 2 * i, base_port + 2 * i + 1) for i, node in enumerate(NODES)}
failures = []


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def fail(text):
    failures.append(text)
    log("FAIL: " + text)


def run(*args, check=True):
    result = subprocess.run([NORDGATE, *args], env=env, cwd=work, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"nordgate {' '.join(args)} failed: {result.stderr.strip()}")
    return result


# ---------------------------------------------------------------- setup


def small_disk():
    """Mounts a 48 MiB tmpfs as SE-CA's data folder when running as root; else None."""
    folder = os.path.join(work, SMALL_DISK, "data")
    os.makedirs(folder, mode=0o700)
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs", folder], capture_output=True)
        if mounted.returncode == 0:
            return folder
    log("not root or no tmpfs: the disk-full fault uses a ballast file in the normal data folder (it cannot fill the disk)")
    return None


def setup():
    for node in NODES:
        os.makedirs(os.path.join(work, node), mode=0o700, exist_ok=True)
        run("keys", "init", "--keys", f"{node}/keys", "--authority", node, "--kdf-cost", "interactive")
        run("keys", "export-public", "--keys", f"{node}/keys", "--output", f"{node}.descriptor.json")
    for node in NODES:
        for other in NODES:
            if other != node:
                run("keys", "import-peer", "--keys", f"{node}/keys", f"{other}.descriptor.json", "--trust-new")
    run("dev-pki", "--out", "pki", *[arg for node in NODES for arg in ("--authority", node)])
    entry = run("token", "--name", "soak-caseworker", "--role", "caseworker", "--token-file", "caseworker.token").stdout
    with open(os.path.join(work, "caseworker.token")) as f:
        token = f.read().strip()
    for node in NODES:
        peers = [{"authority": o, "url": f"https://127.0.0.1:{ports[o][0]}"} for o in NODES if o != node]
        config = {
            "authority": node, "keys": f"{node}/keys", "data": f"{node}/data", "schemas": os.path.join(REPO, "Schemas"),
            "peerListener": {
                "host": "127.0.0.1", "port": ports[node][0], "certificate": f"pki/{node}.crt.pem",
                "privateKey": f"pki/{node}.key.pem", "caBundle": "pki/ca.pem",
            },
            "localListener": {"host": "127.0.0.1", "port": ports[node][1], "tokens": [json.loads(entry)]},
            "peers": peers,
            "delivery": {"retryBase": "1s", "retryMax": "4s", "pollInterval": "1s", "requestTimeout": "5s"},
            "tlsReload": "1s", "directoryRefresh": "2s", "auditCheckpointInterval": 50,
        }
        with open(os.path.join(work, f"{node}.json"), "w") as f:
            json.dump(config, f, indent=2)
    return token


# ---------------------------------------------------------------- processes


class Gateway:
    def __init__(self, node):
        self.node = node
        self.process = None
        self.paused = False
        self.starts = 0
        self.samples = []  # (time, rss kB, open fds) of the current process

    def start(self):
        logfile = open(os.path.join(work, f"{self.node}.log"), "a")
        self.process = subprocess.Popen(
            [NORDGATE, "serve", "--config", f"{self.node}.json", "--log-level", "notice"], cwd=work, env=env,
            stdout=logfile, stderr=subprocess.STDOUT)
        logfile.close()
        self.paused = False
        self.starts += 1
        self.samples = []
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if http("GET", self.node, "/health", timeout=1)[0] == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def signal(self, number):
        if self.alive():
            self.process.send_signal(number)

    def kill(self):
        self.signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.paused:
            self.cont()
        self.signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            return "timeout"

    def pause(self):
        self.signal(signal.SIGSTOP)
        self.paused = True

    def cont(self):
        self.signal(signal.SIGCONT)
        self.paused = False

    def sample(self):
        if not self.alive() or self.paused:
            return
        pid = self.process.pid
        try:
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            fds = len(os.listdir(f"/proc/{pid}/fd"))
        except (OSError, StopIteration):
            return
        self.samples.append((time.time(), rss, fds))


def http(method, node, path, body=None, timeout=5):
    request = urllib.request.Request(f"http://127.0.0.1:{ports[node][1]}{path}", method=method)
    request.add_header("Authorization", f"Bearer {TOKEN}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, data=data, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


# ---------------------------------------------------------------- faults


class Disk:
    def __init__(self, folder):
        self.folder = folder or os.path.join(work, SMALL_DISK, "data")
        self.ballast = os.path.join(self.folder, "ballast.bin")
        self.full = False

    def fill(self):
        block = b"\0" * (1 << 20)
        written = 0
        try:
            with open(self.ballast, "ab") as f:
                for _ in range(64):  # at most 64 MiB: more than the tmpfs holds
                    f.write(block)
                    f.flush()
                    written += 1
        except OSError:
            pass
        self.full = True
        return written

    def free(self):
        if os.path.exists(self.ballast):
            os.remove(self.ballast)
        self.full = False


def restart(target, disk, counts, after):
    if target.start():
        return
    if target.node == SMALL_DISK and disk.full:
        # A gateway does not run without its audit log: on a full disk it stops at start-up with
        # "database or disk is full". The operator frees space and starts it again.
        counts["start refused on a full disk"] += 1
        log(f"{target.node} refused to start on a full disk; the disk is freed")
        disk.free()
        if target.start():
            return
    fail(f"{target.node} did not restart after {after}")


def fault(gateways, disk, counts):
    kind = faults_rng.choice(["kill", "kill", "pause", "pause", "disk", "rotate", "term"])
    target = gateways[faults_rng.choice([n for n in NODES if n != WITNESS] if kind in ("kill", "term") else NODES)]
    if kind == "kill" and target.alive():
        target.kill()
        time.sleep(faults_rng.uniform(0.2, 3))
        restart(target, disk, counts, "SIGKILL")
    elif kind == "term" and target.alive():
        status = target.stop()
        if status not in (0, -signal.SIGTERM):
            fail(f"{target.node} did not stop cleanly on SIGTERM (status {status})")
        restart(target, disk, counts, "SIGTERM")
    elif kind == "pause" and target.alive() and not target.paused:
        target.pause()
        time.sleep(faults_rng.uniform(0.5, 5))
        target.cont()
    elif kind == "disk":
        if disk.full:
            disk.free()
        else:
            log(f"fault: filled {SMALL_DISK}'s data disk with {disk.fill()} MiB of ballast")
    elif kind == "rotate" and target.alive() and not target.paused:
        rotated = run("keys", "rotate", "--keys", f"{target.node}/keys", "--kind", "encryption", "--grace", "1d", check=False)
        if rotated.returncode != 0:
            log(f"fault: rotation at {target.node} refused: {rotated.stderr.strip()[:120]}")
            return
        run("keys", "export-public", "--keys", f"{target.node}/keys", "--output", f"{target.node}.descriptor.json")
    else:
        return
    counts[kind] += 1
    log(f"fault: {kind} {target.node if kind != 'disk' else SMALL_DISK}")


# ---------------------------------------------------------------- messages


def submit(gateways, record, number, accepted, uncertain, refused):
    sender, receiver = rng.sample(NODES, 2)
    if not gateways[sender].alive() or gateways[sender].paused:
        return
    reference = f"SOAK-{SEED}-{number}"
    body = {"to": receiver, "type": TYPE, "record": dict(record, caseReference=reference, requestingAuthority=sender)}
    try:
        status, answer = http("POST", sender, "/v1/outbox", body, timeout=3)
    except ConnectionRefusedError:
        refused["connection refused"] += 1
        return
    except urllib.error.URLError as error:
        if isinstance(error.reason, ConnectionRefusedError):
            refused["connection refused"] += 1
            return
        uncertain[reference] = (sender, receiver)
        return
    except OSError:
        # Sent but no answer (the gateway was killed or paused meanwhile): it may or may not be accepted.
        uncertain[reference] = (sender, receiver)
        return
    if status == 202:
        accepted[answer["id"]] = (sender, receiver, reference)
    else:
        refused[f"{status} {answer.get('code', '') if isinstance(answer, dict) else ''}"] += 1


def outcome(node, message_id):
    try:
        status, answer = http("GET", node, f"/v1/outbox/{message_id}")
    except OSError:
        return None
    return answer if status == 200 else {"state": f"missing ({status})"}


def settle(gateways, accepted):
    """Waits until every accepted message is delivered or dead at its sender."""
    deadline = time.time() + SETTLE
    pending = dict(accepted)
    while pending and time.time() < deadline:
        for message_id, (sender, _, _) in list(pending.items()):
            answer = outcome(sender, message_id)
            if answer and answer.get("state") in ("delivered", "dead", "expired"):
                del pending[message_id]
        if pending:
            time.sleep(1)
    return pending


def inbox(node):
    ids, after = [], 0
    while True:
        status, answer = http("GET", node, f"/v1/inbox?after={after}&limit=500", timeout=30)
        if status != 200:
            raise RuntimeError(f"{node} inbox listing failed: {status}")
        batch = answer["messages"]
        ids += [m["id"] for m in batch]
        if not batch:
            return ids
        after = answer["next"]


# ---------------------------------------------------------------- main


def main():
    global TOKEN
    disk_folder = small_disk()
    TOKEN = setup()
    with open(RECORD) as f:
        record = json.load(f)
    gateways = {node: Gateway(node) for node in NODES}
    STARTED.extend(gateways.values())
    for gateway in gateways.values():
        if not gateway.start():
            raise RuntimeError(f"{gateway.node} did not start; see {work}/{gateway.node}.log")
    disk = Disk(disk_folder)
    log(f"soak seed {SEED}: {len(NODES)} gateways on ports {base_port}-{base_port + 5}, up to {MESSAGES} messages in {SECONDS}s")

    accepted, uncertain, refused, counts = {}, {}, collections.Counter(), collections.Counter()
    start = time.time()
    stop = threading.Event()

    def faults():
        # Its own random generator, so the fault schedule does not depend on the submissions.
        while not stop.wait(faults_rng.uniform(3, 8)):
            fault(gateways, disk, counts)

    injector = threading.Thread(target=faults)
    injector.start()
    next_sample = start
    number = 0
    try:
        while time.time() - start < SECONDS and number < MESSAGES:
            number += 1
            submit(gateways, record, number, accepted, uncertain, refused)
            now = time.time()
            if now >= next_sample:
                for gateway in gateways.values():
                    gateway.sample()
                next_sample = now + 2
            time.sleep(SECONDS / MESSAGES * rng.uniform(0.5, 1.5))
    finally:
        stop.set()
        injector.join()
    faults_seconds = time.time() - start

    log("faults stop; every gateway up, the disk freed; waiting for deliveries to finish")
    disk.free()
    for gateway in gateways.values():
        if gateway.paused:
            gateway.cont()
        if not gateway.alive() and not gateway.start():
            fail(f"{gateway.node} did not start for the settle phase")
    pending = settle(gateways, accepted)
    for gateway in gateways.values():
        gateway.sample()

    # Exactly once: every accepted message delivered (with its receipt) or dead with a reason.
    states, reasons, final = collections.Counter(), collections.Counter(), {}
    for message_id, (sender, receiver, _) in accepted.items():
        answer = outcome(sender, message_id) or {}
        state = final[message_id] = answer.get("state", "unknown")
        states[state] += 1
        if state == "delivered":
            receipt = answer.get("receipt") or {}
            if receipt.get("envelopeId") != message_id or receipt.get("from") != receiver or receipt.get("status") != "accepted":
                fail(f"{message_id} delivered without a matching receipt: {receipt}")
        elif state in ("dead", "expired"):
            if not answer.get("lastError"):
                fail(f"{message_id} is a dead letter without a reason")
            reasons[answer.get("lastError", "")[:60]] += 1
        else:
            fail(f"{message_id} ({sender} to {receiver}) is still {state} after {SETTLE}s")
    received = {node: inbox(node) for node in NODES}
    counted = collections.Counter(i for ids in received.values() for i in ids)
    duplicates = [i for i, n in counted.items() if n > 1]
    if duplicates:
        fail(f"{len(duplicates)} envelope ids are in an inbox more than once")
    for message_id, (sender, receiver, _) in accepted.items():
        if final[message_id] == "delivered" and message_id not in received[receiver]:
            fail(f"{message_id} is delivered at {sender} but not in {receiver}'s inbox")
    references = collections.Counter()
    known = {ref for (_, _, ref) in accepted.values()} | set(uncertain)
    for node, ids in received.items():
        for message_id in ids:
            status, answer = http("GET", node, f"/v1/inbox/{message_id}", timeout=10)
            reference = (answer.get("payload") or {}).get("caseReference") if status == 200 else None
            if reference not in known:
                fail(f"{node} holds {message_id}, which nobody submitted (status {status})")
            references[reference] += 1
    if any(n > 1 for n in references.values()):
        fail("a submitted record arrived more than once")

    # Bounded memory and descriptors: the witness's one process, early samples against late ones.
    witness = gateways[WITNESS]
    if witness.starts != 1:
        fail(f"{WITNESS} was restarted, so its growth cannot be judged")
    figures = {}
    for gateway in gateways.values():
        samples = gateway.samples
        if len(samples) >= 4:
            early = samples[1 : 1 + max(1, len(samples) // 5)]
            late = samples[-max(1, len(samples) // 5) :]
            figures[gateway.node] = (
                max(s[1] for s in early) // 1024, max(s[1] for s in late) // 1024,
                max(s[2] for s in early), max(s[2] for s in late), len(samples))
    if WITNESS in figures:
        rss_early, rss_late, fd_early, fd_late, _ = figures[WITNESS]
        if rss_late > max(2 * rss_early, rss_early + 150):
            fail(f"{WITNESS}'s memory grew from {rss_early} MiB to {rss_late} MiB")
        if fd_late > fd_early + 32:
            fail(f"{WITNESS}'s open file descriptors grew from {fd_early} to {fd_late}")
    else:
        fail(f"too few samples of {WITNESS}")

    # Every audit log verifies after a graceful stop, and every outbox row is accounted for.
    audits, unanswered = {}, []
    for gateway in gateways.values():
        status = gateway.stop()
        if status not in (0, -signal.SIGTERM):
            fail(f"{gateway.node} did not stop cleanly at the end (status {status})")
        listed = run("outbox", "list", "--data", f"{gateway.node}/data", "--format", "json", "--limit", "10000", check=False)
        if listed.returncode != 0:
            fail(f"{gateway.node}'s outbox cannot be listed: {listed.stderr.strip()}")
            continue
        for row in json.loads(listed.stdout)["messages"]:
            if row["id"] in accepted:
                continue
            # Accepted although the client got no answer (the gateway was paused or killed meanwhile).
            unanswered.append(row["id"])
            if row["state"] != "delivered" or not any(row["id"] in received[r] for r in row["recipients"]):
                fail(f"{row['id']} at {gateway.node} was accepted without an answer and is {row['state']}")
        result = run("audit", "verify", "--data", f"{gateway.node}/data", "--keys", f"{gateway.node}/keys", check=False)
        audits[gateway.node] = (result.stdout or result.stderr).strip().splitlines()[-1:] or [""]
        if result.returncode != 0:
            fail(f"{gateway.node}'s audit log does not verify: {result.stdout.strip()} {result.stderr.strip()}")

    print()
    print(f"== soak figures (seed {SEED}, {faults_seconds:.0f}s of faults, {SETTLE}s settle limit)")
    print(f"submissions: {number}, accepted {len(accepted)}, refused {sum(refused.values())} {dict(refused)},"
          f" no answer {len(uncertain)} (of which accepted and delivered once: {len(unanswered)})")
    print(f"accepted messages by final state: {dict(states)}; still pending: {len(pending)}")
    if reasons:
        print(f"dead-letter reasons: {dict(reasons)}")
    print(f"inbox rows: {sum(len(i) for i in received.values())}, duplicate ids: {len(duplicates)},"
          f" duplicate records: {sum(1 for n in references.values() if n > 1)}")
    print(f"faults: {dict(counts)}; restarts: { {g.node: g.starts - 1 for g in gateways.values()} }")
    for node, (rss_early, rss_late, fd_early, fd_late, n) in figures.items():
        print(f"{node:6} RSS {rss_early} -> {rss_late} MiB, open fds {fd_early} -> {fd_late} ({n} samples of its last process)")
    for node, line in audits.items():
        print(f"{node:6} audit: {line[0]}")
    if failures:
        print(f"SOAK FAILED: {len(failures)} problems", file=sys.stderr)
        for text in failures[:20]:
            print("  " + text, file=sys.stderr)
        return 1
    print("soak passed")
    return 0


STARTED = []

if __name__ == "__main__":
    TOKEN = ""
    code = 1
    try:
        code = main()
    finally:
        for gateway in STARTED:
            if gateway.alive():
                gateway.cont()
                gateway.kill()
        keep = os.environ.get("SOAK_KEEP") == "1" or code != 0
        mount = os.path.join(work, SMALL_DISK, "data")
        if os.path.ismount(mount):
            if keep:
                shutil.copytree(mount, mount + "-copy", ignore=shutil.ignore_patterns("ballast.bin"))
            subprocess.run(["umount", mount], capture_output=True)
        if keep:
            print(f"(files kept in {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.exit(code)
