"""For every service, how many services fail when it fails and how many
are left degraded: blast's blast radius for a model without redundancy
groups, computed as a networkx user would, with one nx.ancestors per
service over the two-layer graph of edges.product. Prints "ID OUTAGE
DEGRADED" lines; timings on stderr."""
import sys
import time

t0 = time.perf_counter()
import networkx as nx  # noqa: E402

import edges  # noqa: E402

services, es = edges.read(sys.argv[1])
n2, arcs = edges.product(services, es)
n = n2 // 2
G = nx.DiGraph()
G.add_nodes_from(range(n2))
G.add_edges_from(arcs)
t1 = time.perf_counter()


def reached(i):
    a = nx.ancestors(G, i)
    o = 1 + sum(1 for x in a if x < n)
    return o, len(a) - o + 1  # impaired-layer ancestors: every one but the o - 1 out ones


c = edges.counts(services, reached)
t2 = time.perf_counter()
edges.write_counts(services, c)
print(f"networkx: load {t1 - t0:.3f}s, ancestors {t2 - t1:.3f}s", file=sys.stderr)
