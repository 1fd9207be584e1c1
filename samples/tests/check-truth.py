#!/usr/bin/env python3
"""Check a recorded spsc-race trace against the reproducer's ground truth,
independently of schedhang: read schedhang_* events from `trace-cmd report -N -t`
(-N: no plugins, enumerations as numbers) or tracefs text on stdin, apply the
lost-wakeup rule of schedhang-events(7) with the truth's stall_ms, and compare
both ways.

usage: trace-cmd report -N -t -i T.dat | check-truth.py T.truth.json
Exit 0 when they agree, 1 with one line per disagreement."""
import json
import re
import sys

LINE = re.compile(r"\s(\d+)\.(\d+): (schedhang_\w+):\s+(?:\(\w+\)\s+)?(.*)$")
SLACK = 2_000_000  # ns: clocks are read a few us away from the probes


def parse(stream):
    evs = []
    for line in stream:
        m = LINE.search(line)
        if not m:
            continue
        sec, frac, name, rest = m.groups()
        ts = int(sec) * 1_000_000_000 + int(frac.ljust(9, "0")[:9])
        fields = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
        evs.append((ts, name, fields))
    evs.sort(key=lambda e: e[0])
    return evs


def main():
    truth = json.load(open(sys.argv[1]))
    thr = truth["stall_ms"] * 1_000_000
    reasons = ["PUSH_FIRST", "DEP_CB", "JOB_DONE", "FREE_WORK", "RUN_REQUEUE",
               "POP_NULL", "WQ_START", "TDR", "MANUAL"]
    evs = parse(sys.stdin)
    if not evs:
        print("no schedhang events")
        return 1
    end = evs[-1][0]
    begins, kicks, pushes, deps = {}, {}, [], {}
    for ts, name, f in evs:
        if name == "schedhang_worker_begin":
            begins.setdefault(f["sched"], []).append(ts)
        elif name == "schedhang_kick" and f["which"] == "0" and f["queued"] == "1":
            kicks.setdefault(f["sched"], []).append((ts, int(f["reason"])))
        elif name == "schedhang_push":
            pushes.append((ts, f))
        elif name == "schedhang_dep" and f["action"] == "2":      # CB_ADDED
            deps.setdefault(f["entity"], []).append([ts, None])
        elif name == "schedhang_dep" and f["action"] == "4":      # CB_FIRED
            open_ = [d for d in deps.get(f["entity"], []) if d[1] is None]
            if open_:
                open_[0][1] = ts

    def next_begin(sched, t):
        return next((b for b in begins.get(sched, []) if b > t), None)

    bad = []
    key = lambda d: (d["sched"], d["entity"], str(d["ectx"]), str(d["seqno"]))
    want = {key(s): s for s in truth["stalls"]}
    found = {}
    for ts, f in pushes:
        if f["first"] != "0":
            continue
        b = next_begin(f["sched"], ts)
        gap = (b if b is not None else end) - ts
        found[key(f)] = (ts, b, gap)
    for k, s in want.items():
        if k not in found:
            bad.append(f"truth stall {k}: no push with first=0 in the trace")
            continue
        ts, b, gap = found[k]
        if gap < thr - SLACK:
            bad.append(f"truth stall {k}: worker ran {gap / 1e6:.3f} ms after the push")
        if not s["rescued"] and b is not None:
            bad.append(f"truth stall {k}: not rescued, but the worker ran again")
        if s["rescued"]:
            if b is None:
                bad.append(f"truth stall {k}: rescued, but no worker run follows")
            else:
                # the kick that queued the rescuing run: its event is emitted
                # after queue_work() returned and the truth read the clock
                # (rescue_kick_ns), and a preempted kicker can emit it well
                # after the run it queued began: look in a window after that
                t0 = s["rescue_kick_ns"]
                ks = [reasons[r] for t, r in kicks.get(k[0], [])
                      if t0 - 100_000 <= t <= t0 + 20_000_000]
                if s["rescue_reason"] not in ks:
                    bad.append(f"truth stall {k}: the kick that queued the rescuing "
                               f"run is not {s['rescue_reason']}")
    # the converse: every long gap after a non-first push belongs to a stall
    # of the truth (the entity's oldest stranded job, same rescuing run),
    # unless the entity was waiting on a dependency (contract rule 3)
    episodes = {(k[0], k[1], found[k][1]) for k in want if k in found}
    def dep_blocked(entity, t0, t1):
        """the entity waited on a dependency callback during (t0, t1)"""
        return any(a < t1 and (f is None or f > t0) for a, f in deps.get(entity, []))

    for k, (ts, b, gap) in found.items():
        if dep_blocked(k[1], ts, b if b is not None else end):
            continue
        if gap >= thr + SLACK and k not in want and (k[0], k[1], b) not in episodes:
            bad.append(f"trace: push {k} waited {gap / 1e6:.3f} ms, not in the truth")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
