"""Reads blast analyze --format json on stdin and prints "ID OUTAGE
DEGRADED" lines: blast's counts in the scripts' format, to diff against
theirs."""
import json
import sys

doc = json.load(sys.stdin)
for s in sorted(doc["services"], key=lambda s: s["id"]):
    print(s["id"], s["blast_radius"]["outage"], s["blast_radius"]["degraded"])
