#!/usr/bin/env python3
# Lost-event honesty (tests/hostile/lost-honesty.sh): replace events of a
# trace holding a lost wakeup, one line or a window at a time, with a
# "CPU:N [LOST 10 EVENTS]" marker (which the text reader times by the next
# line), report each variant as JSON and check that no SPSC_RACE or
# MISSING_KICK finding is called proven while lost events fall between its
# first cited evidence and its end: there, the drop may have removed the
# evidence (or the rescue), so the finding must be absent or degraded.
#   lost-honesty.py SCHEDHANG TRACE.txt TMPDIR
import json, re, subprocess, sys

schedhang, trace, tmp = sys.argv[1:4]
CLASSES = ('SPSC_RACE', 'MISSING_KICK')
lines = open(trace).read().splitlines(keepends=True)
head = re.compile(r'^\s*\S.*-\d+\s+\[(\d+)\]\s+(?:\S+\s+)?(\d+)\.(\d+):')

def parse(line):
    m = head.match(line)
    if not m:
        return None
    frac = (m.group(3) + '000000000')[:9]
    return int(m.group(1)), int(m.group(2)) * 1000000000 + int(frac)

events = [i for i, l in enumerate(lines) if not l.startswith('#') and parse(l)]

def report(text):
    path = tmp + '/variant.txt'
    open(path, 'w').write(text)
    r = subprocess.run([schedhang, 'report', '--format', 'json', path], capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit('FAIL: exit %d: %s' % (r.returncode, r.stderr.decode(errors='replace')))
    return json.loads(r.stdout.decode('utf-8'))

base = [f for f in report(''.join(lines))['findings'] if f['class'] in CLASSES]
if not base or base[0]['confidence'] != 'proven':
    sys.exit('FAIL: the unmodified trace has no proven %s finding' % '/'.join(CLASSES))

checked = degraded = absent = proven_clear = 0
bad = []
for width in (1, 3, 10):
    for k in range(0, len(events) - width + 1):
        drop = events[k:k + width]
        cpu, _ = parse(lines[drop[0]])
        # the marker is timed by the next event line; lost events lie in between
        nxt = next((parse(lines[i])[1] for i in events[k + width:]), None)
        prev = parse(lines[events[k - 1]])[1] if k else 0
        lost_lo, lost_hi = prev, (nxt if nxt is not None else float('inf'))
        out = [l for i, l in enumerate(lines) if i not in drop[1:]]
        out[drop[0]] = 'CPU:%d [LOST 10 EVENTS]\n' % cpu
        found = [f for f in report(''.join(out))['findings'] if f['class'] in CLASSES]
        checked += 1
        if not found:
            absent += 1
        for f in found:
            first = min([e['ts_ns'] for e in f['evidence']] + [f['start_ns']])
            if f['confidence'] != 'proven':
                degraded += 1
            elif lost_lo <= f['end_ns'] and lost_hi >= first:
                bad.append('lines %d-%d (ts %d..%s) dropped: %s %s proven, evidence from %d to %d'
                           % (drop[0] + 1, drop[-1] + 1, lost_lo, lost_hi, f['class'],
                              f['job'], first, f['end_ns']))
            else:
                proven_clear += 1
for b in bad:
    print('FAIL:', b)
print('%d variants: finding absent in %d, degraded %d times, proven %d times with no '
      'lost events inside its evidence' % (checked, absent, degraded, proven_clear))
sys.exit(1 if bad else 0)
