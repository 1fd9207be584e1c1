#!/bin/sh
# With a 16 KB buffer events are lost, and the loss is counted exactly:
# recorded + lost equals the number of probe calls.
BUFFER_OPT="-b 16"
N=300000
. "$top_srcdir/tests/record/record-load.sh"
