"""For every service, how many services fail when it fails and how many
are left degraded: blast's blast radius for a model without redundancy
groups, computed as an igraph user would: the sizes of every node's
in-neighbourhood of unbounded order, in one call into C, over the
two-layer graph of edges.product (twice: once with the outage layer
only). Prints "ID OUTAGE DEGRADED" lines; timings on stderr."""
import sys
import time

t0 = time.perf_counter()
import igraph  # noqa: E402

import edges  # noqa: E402

services, es = edges.read(sys.argv[1])
n2, arcs = edges.product(services, es)
n = n2 // 2
g = igraph.Graph(n=n2, edges=arcs, directed=True)
t1 = time.perf_counter()
outage_layer = g.subgraph(range(n))
o = outage_layer.neighborhood_size(vertices=None, order=n2, mode="in")
both = g.neighborhood_size(vertices=range(n), order=n2, mode="in")
t2 = time.perf_counter()
# both[i] counts out nodes o[i] and impaired nodes: d = both - o.
c = edges.counts(services, lambda i: (o[i], both[i] - o[i]))
edges.write_counts(services, c)
print(f"igraph: load {t1 - t0:.3f}s, ancestors {t2 - t1:.3f}s", file=sys.stderr)
