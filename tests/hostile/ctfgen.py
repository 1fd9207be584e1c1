#!/usr/bin/env python3
# A valid CTF 1.8 trace with N event classes (issue 24: babeltrace2 takes
# seconds to set up a trace whose metadata declares 50,000 of them) and a
# stream of 3 events of the first class.
# usage: ctfgen.py DIR N
import os, struct, sys

def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    meta = ['/* CTF 1.8 */\n',
            'typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n',
            'typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n',
            'typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n',
            'trace { major = 1; minor = 8; byte_order = le;\n'
            '  packet.header := struct { uint32_t magic; uint32_t stream_id; }; };\n',
            'clock { name = mono; freq = 1000000000; };\n',
            'typealias integer { size = 64; align = 8; signed = false; map = clock.mono.value; } '
            ':= clock_t;\n',
            'stream { id = 0; event.header := struct { uint32_t id; clock_t timestamp; }; };\n']
    for i in range(n):
        meta.append('event { name = "ev%d"; id = %d; stream_id = 0; '
                    'fields := struct { uint64_t value; }; };\n' % (i, i))
    with open(os.path.join(out, 'metadata'), 'w') as f:
        f.write(''.join(meta))
    data = struct.pack('<II', 0xC1FC1FC1, 0)
    for t in range(3):
        data += struct.pack('<IQQ', 0, 1000 + t, t)
    with open(os.path.join(out, 'stream'), 'wb') as f:
        f.write(data)

main()
