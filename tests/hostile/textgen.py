#!/usr/bin/env python3
# Valid ftrace text traces that are hostile by their shape (issue 24), N a scale:
#   kicks-open-stall N   N entities of one scheduler each with an open lost-wakeup
#                        stall, then 4N kicks
#   pops-reversed N      one entity: N jobs pushed, then popped newest first
#   switch-many-scheds N N stock schedulers (ring names), then 4N sched_switch events
#   many-entities N      N entities of one scheduler, one push and one pop each
#   key-collision        two jobs whose (ectx, seqno) pairs mixed to the same key
#                        before the fix: both pushed, popped and done
# usage: textgen.py SHAPE [N] > trace.txt
import sys

SCHED = 0xffff8881052a0000
HEAD = "# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n"

def line(ts, comm, pid, cpu, event, text):
    return "%16s-%-5d [%03d] ..... %12.6f: %s: %s\n" % (comm, pid, cpu, ts, event, text)

def push(ts, ent, ectx, seqno, first, before):
    return line(ts, 'app', 100, 1, 'schedhang_push',
                'sched=0x%x entity=0x%x ectx=%d seqno=%d first=%d cnt_before=%d cnt_after=%d'
                % (SCHED, ent, ectx, seqno, first, before, before + 1))

def pop(ts, ent, ectx, seqno, after):
    return line(ts, 'kworker/u8:1', 57, 0, 'schedhang_pop',
                'sched=0x%x entity=0x%x ectx=%d seqno=%d cnt_after=%d head_nonnull=0 slowpath=0'
                % (SCHED, ent, ectx, seqno, after))

def kick(ts, queued):
    return line(ts, 'app', 100, 1, 'schedhang_kick',
                'sched=0x%x which=0 reason=0 stopped=0 queued=%d' % (SCHED, queued))

def done(ts, ectx, seqno):
    return line(ts, '<idle>', 0, 0, 'schedhang_done',
                'sched=0x%x ectx=%d seqno=%d result=0' % (SCHED, ectx, seqno))

def info(ts):
    return line(ts, 'kworker/0:1', 10, 0, 'schedhang_sched_info',
                'sched=0x%x name=gfx credit_limit=64 timeout_ms=10000 work_run=0x%x '
                'work_free=0x%x' % (SCHED, SCHED + 0x100, SCHED + 0x200))

def gen(shape, n, out):
    w = out.write
    w(HEAD)
    t = 1.0
    if shape == 'kicks-open-stall':
        w(info(t))
        for i in range(n):           # not-first pushes while the worker is idle: stalls
            t += 1e-6
            w(push(t, 0xffff888100000000 + 0x400 * i, 1000 + i, 1, 0, 1))
        for i in range(4 * n):
            t += 1e-6
            w(kick(t, 0))
    elif shape == 'pops-reversed':
        w(info(t))
        ent = 0xffff888104c8a800
        for s in range(1, n + 1):
            t += 1e-6
            w(push(t, ent, 79, s, int(s == 1), s - 1))
        for s in range(n, 0, -1):
            t += 1e-6
            w(pop(t, ent, 79, s, s - 1))
    elif shape == 'switch-many-scheds':
        for i in range(n):
            t += 1e-6
            w(line(t, 'app', 100, 1, 'drm_sched_job',
                   'entity=0x%x, id=1, fence=0x%x, ring=ring%d, job count:0, hw job count:0'
                   % (0xffff888100000000 + 0x400 * i, 0xffff888200000000 + 0x40 * i, i)))
        for i in range(4 * n):
            t += 1e-6
            w(line(t, 'swapper/0', 0, 0, 'sched_switch',
                   'prev_comm=swapper/0 prev_pid=0 prev_prio=120 prev_state=R ==> '
                   'next_comm=app next_pid=100 next_prio=120'))
    elif shape == 'many-entities':
        w(info(t))
        for i in range(n):
            ent = 0xffff888100000000 + 0x400 * i
            t += 1e-6
            w(push(t, ent, 1000 + i, 1, 1, 0))
            t += 1e-6
            w(pop(t, ent, 1000 + i, 1, 0))
    elif shape == 'key-collision':
        K, C, M = 0x9e3779b97f4a7c15, 0x632be59bd9b4e019, (1 << 64) - 1
        def key2(a, b):
            return ((a * K) & M) ^ ((b + C + (a << 6) + (a >> 2)) & M)
        a1, b1 = 79, 1
        a2 = 80
        b2 = ((key2(a1, b1) ^ ((a2 * K) & M)) - C - ((a2 << 6) & M) - (a2 >> 2)) & M
        assert key2(a2, b2) == key2(a1, b1) and (a2, b2) != (a1, b1)
        w(info(t))
        for e, (a, b) in enumerate(((a1, b1), (a2, b2))):
            ent = 0xffff888104c8a800 + 0x400 * e
            w(push(t + 0.001 * e + 0.0001, ent, a, b, 1, 0))
            w(pop(t + 0.001 * e + 0.0002, ent, a, b, 0))
        for a, b in ((a1, b1), (a2, b2)):
            t += 0.01
            w(done(t, a, b))
    else:
        raise SystemExit('textgen.py: unknown shape ' + shape)

gen(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0, sys.stdout)
