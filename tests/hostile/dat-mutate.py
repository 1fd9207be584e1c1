#!/usr/bin/env python3
# Write hostile variants of trace.dat files into OUT-DIR for tests/hostile/dat.sh:
#   cut-NAME-OFFSET.dat   the file truncated at every section boundary (v6:
#                         each header field and section, the CPU table, each
#                         CPU's data and every data page; v7: each field of
#                         the file header and each section's header and data)
#   cpus-NAME-N.dat       v6 with a CPU count of 0, 1, 65535, 2^32-1
#   page-NAME-N-WHAT.dat  v6 data pages with corrupt headers (commit size
#                         huge / zero / past the page, timestamp all ones)
#                         (every page with ALL=1 in the environment, else the
#                         first two pages of each CPU)
#   field-NAME.dat        v6 with workqueue_execute_start's field function
#                         renamed in its format and the last page of the
#                         largest CPU corrupt (commit size huge): warnings of
#                         the file's own fields come before the one error
#   chunk-NAME-N-WHAT.dat v7+zstd: each CPU's chunk table with a corrupt
#                         count, its first two chunks with corrupt sizes or
#                         compressed bytes
# usage: dat-mutate.py OUT-DIR FILE.dat...
# ONLY=KIND in the environment (cut, cpus, page, field, chunk): those files alone
import os, struct, sys

def cstr(d, o):
    e = d.index(b'\0', o)
    return d[o:e], e + 1

def v6_layout(d, pfx):
    """Boundaries of a v6 file, and the (offset, size) of each CPU's data."""
    cuts, o = [], 10
    _, o = cstr(d, o); cuts.append(o)          # version
    o += 1; cuts.append(o)                     # endian
    o += 1; cuts.append(o)                     # long size
    page = struct.unpack_from(pfx + 'I', d, o)[0]; o += 4; cuts.append(o)
    for name in (b'header_page', b'header_event'):
        _, o = cstr(d, o); cuts.append(o)
        n = struct.unpack_from(pfx + 'Q', d, o)[0]; o += 8; cuts.append(o)
        o += n; cuts.append(o)
    n = struct.unpack_from(pfx + 'I', d, o)[0]; o += 4; cuts.append(o)
    for _ in range(n):                         # ftrace formats
        sz = struct.unpack_from(pfx + 'Q', d, o)[0]; o += 8 + sz; cuts.append(o)
    nsys = struct.unpack_from(pfx + 'I', d, o)[0]; o += 4; cuts.append(o)
    for _ in range(nsys):                      # event systems
        _, o = cstr(d, o); cuts.append(o)
        n = struct.unpack_from(pfx + 'I', d, o)[0]; o += 4; cuts.append(o)
        for _ in range(n):
            sz = struct.unpack_from(pfx + 'Q', d, o)[0]; o += 8 + sz; cuts.append(o)
    for w in ('I', 'I', 'Q'):                  # kallsyms, printk, cmdlines
        sz = struct.unpack_from(pfx + w, d, o)[0]; o += struct.calcsize(w); cuts.append(o)
        o += sz; cuts.append(o)
    ncpus_at = o
    ncpus = struct.unpack_from(pfx + 'I', d, o)[0]; o += 4; cuts.append(o)
    bufs = []
    s, o2 = cstr(d, o)
    if s == b'options  ':
        o = o2; cuts.append(o)
        while True:
            oid = struct.unpack_from(pfx + 'H', d, o)[0]; o += 2; cuts.append(o)
            if oid == 0:
                break
            sz = struct.unpack_from(pfx + 'I', d, o)[0]
            if oid == 3:                       # BUFFER: offset of an instance's CPU table
                bufs.append(struct.unpack_from(pfx + 'Q', d, o + 4)[0])
            o += 4 + sz; cuts.append(o)
    cpus = []
    for start in [o] + bufs:                   # top level, then each instance
        o = start
        s, o = cstr(d, o); cuts.append(o)      # flyrecord
        for _ in range(ncpus):
            off, sz = struct.unpack_from(pfx + 'QQ', d, o); o += 16; cuts.append(o)
            cpus.append((off, sz))
            for i, p in enumerate(range(off, off + sz + 1, page)):
                if ALL or i == 0:   # page start, after timestamp, after commit
                    cuts += [p, p + 8, p + 16, p + 17]
                else:
                    cuts.append(p)
    return cuts, cpus, page, ncpus_at

def v7_layout(d, pfx):
    cuts, o = [], 10
    for _ in range(1):
        _, o = cstr(d, o); cuts.append(o)
    o += 1; cuts.append(o); o += 1; cuts.append(o); o += 4; cuts.append(o)
    _, o = cstr(d, o); cuts.append(o)
    _, o = cstr(d, o); cuts.append(o)
    o += 8; cuts.append(o)
    while o + 16 <= len(d):
        sid, _, _, sz = struct.unpack_from(pfx + 'HHIQ', d, o)
        cuts += [o + 2, o + 4, o + 8, o + 16, o + 16 + sz // 2]
        o += 16 + sz
        cuts.append(o)
    return cuts

def v7_cpus(d, pfx):
    """(offset, size) of each CPU's data from the BUFFER options of a v7 file's
    uncompressed options sections (the size leaves out the chunk count)."""
    _, o = cstr(d, 10)
    o += 1 + 1 + 4
    comp, o = cstr(d, o)
    _, o = cstr(d, o)
    opt = struct.unpack_from(pfx + 'Q', d, o)[0]
    cpus = []
    while opt and opt + 16 <= len(d):
        sid, flags, _, sz = struct.unpack_from(pfx + 'HHIQ', d, opt)
        if sid != 0 or flags & 1:
            break
        o, end, opt = opt + 16, opt + 16 + sz, 0
        while o + 6 <= end:
            oid, ln = struct.unpack_from(pfx + 'HI', d, o)
            o += 6
            if oid == 0:
                opt = struct.unpack_from(pfx + 'Q', d, o)[0]
                break
            if oid == 3:                   # BUFFER: flyrecord offset, name, clock, page size, CPUs
                q = o + 8
                _, q = cstr(d, q)
                _, q = cstr(d, q)
                n = struct.unpack_from(pfx + 'I', d, q + 4)[0]
                q += 8
                for _ in range(n):
                    _, off, size = struct.unpack_from(pfx + 'IQQ', d, q)
                    q += 20
                    if size:
                        cpus.append((off, size))
            o += ln
    return comp, cpus

def chunk_mutations(d, pfx):
    """(what, offset, bytes) for every CPU's chunk table: the count, then the
    first two chunks' compressed and decompressed sizes and compressed bytes."""
    comp, cpus = v7_cpus(d, pfx)
    if comp != b'zstd':
        return
    for n, (off, size) in enumerate(cpus):
        count = struct.unpack_from(pfx + 'I', d, off)[0]
        for what, v in (('count0', 0), ('count1', 1), ('countmax', 0xffffffff),
                        ('countmore', count + 1)):
            yield n, what, off, struct.pack(pfx + 'I', v)
        c = off + 4
        for k in range(min(count, 2)):
            csize = struct.unpack_from(pfx + 'I', d, c)[0]
            for what, at, v in (('csizemax', 0, 0xffffffff), ('csize0', 0, 0),
                                ('usize0', 4, 0), ('usize1', 4, 1), ('usizemax', 4, 0xffffffff)):
                yield n, '%d-%s' % (k, what), c + at, struct.pack(pfx + 'I', v)
            yield n, '%d-bytes' % k, c + 8 + csize // 2, b'\xff' * min(16, csize // 2)
            c += 8 + csize

ALL = os.environ.get('ALL') == '1'
ONLY = os.environ.get('ONLY')

def write(out, name, data):
    if not ONLY or name.startswith(ONLY + '-'):
        open(os.path.join(out, name), 'wb').write(data)

def main():
    out = sys.argv[1]
    for path in sys.argv[2:]:
        d = open(path, 'rb').read()
        name = os.path.splitext(os.path.basename(path))[0]
        pfx = '>' if d[10 + d.index(b'\0', 10) - 10 + 1] else '<'
        ver = d[10:d.index(b'\0', 10)]
        if ver == b'6':
            cuts, cpus, page, ncpus_at = v6_layout(d, pfx)
            for n in (0, 1, 65535, 0xffffffff):     # CPU counts: none, fewer, absurd
                m = bytearray(d)
                struct.pack_into(pfx + 'I', m, ncpus_at, n)
                write(out, 'cpus-%s-%d.dat' % (name, n), m)
            n = 0
            for off, sz in cpus:
                for i, p in enumerate(range(off, off + sz, page)):
                    if not ALL and i > 1:
                        continue
                    ts, commit = struct.unpack_from(pfx + 'QQ', d, p)
                    for what, v in (('huge', 0xffffffffffffffff), ('zero', 0), ('past', page),
                                    ('tsmax', None)):
                        m = bytearray(d)
                        if v is None:
                            struct.pack_into(pfx + 'Q', m, p, 0xffffffffffffffff)
                        else:
                            struct.pack_into(pfx + 'Q', m, p + 8, v)
                        write(out, 'page-%s-%d-%s.dat' % (name, n, what), m)
                    n += 1
            fmt = d.find(b'name: workqueue_execute_start\n')
            at = d.find(b' function;', fmt) if fmt >= 0 else -1
            off, sz = max(cpus, key=lambda c: c[1])
            if at >= 0 and sz > page:
                m = bytearray(d)
                m[at:at + 10] = b' functiox;'
                struct.pack_into(pfx + 'Q', m, off + sz - page + 8, 0xffffffffffffffff)
                write(out, 'field-%s.dat' % name, m)
        else:
            cuts = v7_layout(d, pfx)
            for n, what, at, b in chunk_mutations(d, pfx):
                m = bytearray(d)
                m[at:at + len(b)] = b
                write(out, 'chunk-%s-%d-%s.dat' % (name, n, what), m)
        for c in sorted(set(x for x in cuts if 0 < x < len(d))):
            write(out, 'cut-%s-%d.dat' % (name, c), d[:c])

main()
