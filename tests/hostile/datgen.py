#!/usr/bin/env python3
# Build small hostile trace.dat (v6) files from scratch for tests/hostile/dat-built.sh:
# each one is a well-formed file but for one field (issue 24).
#   common-type-far.dat    the common_type field at offset 2^31-1 (outside every record)
#   common-pid-far.dat     the same for common_pid
#   cpucount-huge.dat      a CPUCOUNT option of 2^31-1 in a file of a few KB
#   cpus-shared-pages.dat  200,000 CPUs whose data all point at the same 1 MB of pages
#   cpus-shared-65536.dat  65,536 CPUs (the limit) whose data point at the same pages
#   cpus-many-empty.dat    200,000 CPUs, one with data
#   cpus-65536-empty.dat   65,536 CPUs, one with data
#   event-id-huge.dat      an event id of 2^20-1 (the decoder's id limit)
#   event-ids-spread.dat   records naming 4,000 distinct large unknown event ids
#   lsize4-missed.dat      long size 4, a page whose commit word carries the
#                          missed-events flags (read through libtracecmd)
#   nopid-missed.dat       (only when named) the same, its sched_wakeup format
#                          without 'pid': a warning, then the corrupt page's error
#   good.dat               the same trace as the others, valid (the control)
#   big.dat                (only when named) 64 MB of valid pages: 1.6 million events
# usage: datgen.py OUT-DIR [NAME...]
import os, struct, sys

MAGIC = b'\x17\x08\x44tracing'
PAGE = 4096         # the trace's page size (lsize4-missed: 2048)

HEADER_PAGE = (
    "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
    "\tfield: local_t commit;\toffset:8;\tsize:{ls};\tsigned:1;\n"
    "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
    "\tfield: char data;\toffset:{d};\tsize:{n};\tsigned:0;\n")
HEADER_EVENT = (
    "# compressed entry header\n\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n"
    "\tarray       :   32 bits\n\n\tpadding     : type == 29\n\ttime_extend : type == 30\n"
    "\ttime_stamp : type == 31\n\tdata max type_len  == 28\n")

def fmt_wakeup(eid, type_off=0, pid_off=4, type_size=2, drop=None):
    if drop:        # the format without one of its fields
        return ''.join(l + '\n' for l in fmt_wakeup(eid, type_off, pid_off, type_size).split('\n')
                       if '%s;' % drop not in l).rstrip('\n') + '\n'
    return ("name: sched_wakeup\nID: %d\nformat:\n"
            "\tfield:unsigned short common_type;\toffset:%d;\tsize:%d;\tsigned:0;\n"
            "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
            "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
            "\tfield:int common_pid;\toffset:%d;\tsize:4;\tsigned:1;\n\n"
            "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
            "\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
            "\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n"
            "\tfield:int target_cpu;\toffset:32;\tsize:4;\tsigned:1;\n\n"
            'print fmt: "comm=%%s pid=%%d prio=%%d target_cpu=%%03d", REC->comm, REC->pid, '
            'REC->prio, REC->target_cpu\n' % (eid, type_off, type_size, pid_off))

def wakeup_payload(eid, pid, type_size=2):
    if type_size == 4:   # common_type, then the pid where common_flags would be
        return struct.pack('<Ii16siii', eid, pid, b'app', pid, 120, 0)
    return struct.pack('<HBBi16siii', eid & 0xffff, 0, 0, pid, b'app', pid, 120, 0)

def page(events, ts0=1000, ls=8, missed=False, tail=b''):
    """A ring-buffer page: (delta, payload) data events, then @tail raw."""
    body = b''
    for delta, data in events:
        n = (len(data) + 3) // 4
        body += struct.pack('<I', n | (delta << 5)) + data.ljust(4 * n, b'\0')
    body += tail
    commit = len(body)
    if missed:
        commit |= 1 << 31          # RB_MISSED_EVENTS (no count stored)
    hdr = struct.pack('<Q', ts0) + struct.pack('<Q' if ls == 8 else '<I', commit)
    return (hdr + body).ljust(PAGE, b'\0')

def dat_v6(formats, cpus, data=b'', ls=8, options=(), data_start=None):
    """formats: {system: [format text]}; cpus: [(offset, size)] relative to the data start."""
    hp = HEADER_PAGE.format(ls=ls, d=8 + ls, n=PAGE - 8 - ls).encode()
    out = MAGIC + b'6\0' + bytes([0, ls]) + struct.pack('<I', PAGE)
    out += b'header_page\0' + struct.pack('<Q', len(hp)) + hp
    out += b'header_event\0' + struct.pack('<Q', len(HEADER_EVENT)) + HEADER_EVENT.encode()
    out += struct.pack('<I', 0)                       # ftrace formats
    out += struct.pack('<I', len(formats))
    for system, fl in formats.items():
        out += system.encode() + b'\0' + struct.pack('<I', len(fl))
        for f in fl:
            out += struct.pack('<Q', len(f)) + f.encode()
    out += struct.pack('<I', 0) + struct.pack('<I', 0)   # kallsyms, printk
    cmd = b'100 app\n'
    out += struct.pack('<Q', len(cmd)) + cmd
    out += struct.pack('<I', len(cpus))
    out += b'options  \0'
    for oid, odata in options:
        out += struct.pack('<HI', oid, len(odata)) + odata
    out += struct.pack('<H', 0)
    out += b'flyrecord\0'
    table_end = len(out) + 16 * len(cpus)
    start = data_start if data_start is not None else (table_end + PAGE - 1) // PAGE * PAGE
    out += b''.join(struct.pack('<QQ', start + off if size else 0, size) for off, size in cpus)
    return out.ljust(start, b'\0') + data

def wakeups(eid, n=3, pid=100):
    return [(10, wakeup_payload(eid, pid)) for _ in range(n)]

def lsize4_missed(fmt=None):
    """2 KB pages at an offset libtracecmd cannot mmap (it reads each into a 2 KB
    buffer); the page's last record claims (type_len 0 and a length word) 40
    bytes where 36 are left in the page."""
    global PAGE
    PAGE = 2048
    evs = wakeups(374, 50)
    body_len = sum(4 + len(d) for _, d in evs)
    room = PAGE - 12 - body_len                 # 36 after the 8-byte record header
    last = struct.pack('<II', 0, 4 + 40) + wakeup_payload(374, 100)[:room - 8]
    pg = page(evs, ls=4, missed=True, tail=last)
    return dat_v6({'sched': [fmt or fmt_wakeup(374)]}, [(0, PAGE)], pg, ls=4, data_start=3 * 2048)

def build(name):
    w = {'sched': [fmt_wakeup(374)]}
    one = page(wakeups(374))
    if name == 'good':
        return dat_v6(w, [(0, PAGE)], one)
    if name == 'common-type-far':
        return dat_v6({'sched': [fmt_wakeup(374, type_off=2147483647)]}, [(0, PAGE)], one)
    if name == 'common-pid-far':
        return dat_v6({'sched': [fmt_wakeup(374, pid_off=2147483647)]}, [(0, PAGE)], one)
    if name == 'cpucount-huge':
        return dat_v6(w, [(0, PAGE)], one, options=[(8, struct.pack('<I', 2**31 - 1))])
    if name == 'cpus-shared-pages':
        data = b''.join(page(wakeups(374, 1), ts0=1000 + i) for i in range(256))
        return dat_v6(w, [(0, len(data))] * 200000, data)
    if name == 'cpus-shared-65536':
        data = b''.join(page(wakeups(374, 1), ts0=1000 + i) for i in range(16))
        return dat_v6(w, [(0, len(data))] * 65536, data)
    if name == 'cpus-many-empty':
        return dat_v6(w, [(0, PAGE)] + [(0, 0)] * 199999, one)
    if name == 'cpus-65536-empty':
        return dat_v6(w, [(0, 0)] * 65535 + [(0, PAGE)], one)
    if name == 'event-id-huge':
        eid = (1 << 20) - 1
        return dat_v6({'sched': [fmt_wakeup(eid, type_size=4)]}, [(0, PAGE)],
                      page([(10, wakeup_payload(eid, 100, 4))]))
    if name == 'event-ids-spread':
        # records whose type names ids the file never defines, up to the limit
        f4 = {'sched': [fmt_wakeup(374, type_size=4)]}
        evs = [(1, wakeup_payload((1 << 20) - 1 - 64 * i, 100, 4)) for i in range(4000)]
        data = b''.join(page(evs[i:i + 100], ts0=1000 + i) for i in range(0, 4000, 100))
        return dat_v6(f4, [(0, len(data))], data)
    if name == 'lsize4-missed':
        return lsize4_missed()
    if name == 'nopid-missed':     # a warning for each record, then the corrupt page
        return lsize4_missed(fmt_wakeup(374, drop='pid'))
    if name == 'big':
        pg = page(wakeups(374, 100))
        return dat_v6(w, [(0, 16384 * PAGE)], pg * 16384)
    if name == 'date-offset':      # libtracecmd shifts every timestamp by the DATE option's offset
        data = b''.join(page(wakeups(374, 20), ts0=1000 + 1000 * i) for i in range(30))
        return dat_v6(w, [(0, len(data))], data, options=[(1, b'0x10\0')])
    if name == 'empty-first-pages':    # 25 pages without an event before the first
        data = page([]) * 25 + b''.join(page(wakeups(374, 20), ts0=1000 + 1000 * i)
                                         for i in range(10))
        return dat_v6(w, [(0, len(data))], data)
    if name == 'data-unaligned':
        return dat_v6(w, [(0, PAGE)], one, data_start=PAGE + 8)
    raise SystemExit('datgen.py: unknown file ' + name)

NAMES = ['good', 'common-type-far', 'common-pid-far', 'cpucount-huge', 'cpus-shared-pages',
         'cpus-shared-65536', 'cpus-many-empty', 'cpus-65536-empty', 'event-id-huge', 'event-ids-spread', 'lsize4-missed', 'data-unaligned']

def main():
    out = sys.argv[1]
    for name in sys.argv[2:] or NAMES:
        with open(os.path.join(out, name + '.dat'), 'wb') as f:
            f.write(build(name))

main()
