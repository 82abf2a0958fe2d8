"""Shared reader for the comparison scripts: edges.txt as written by gen."""
import sys


def read(path):
    """Returns (services, edges): every service ID, and (dependent,
    dependency, out, deg) tuples, out and deg booleans."""
    services, edges = [], []
    section = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                section = "edges" if "dependencies" in line else "services"
                continue
            if section == "services":
                services.append(line)
            else:
                a, b, out, deg = line.split(" ")
                edges.append((a, b, out == "1", deg == "1"))
    return services, edges


def product(services, edges):
    """The two-layer graph whose in-neighbourhoods are blast's blast radius
    for a model without redundancy groups, as (n, arcs) over node numbers:
    node i is service i's outage layer, n + i its impaired layer. Outage
    flows along the edges that pass an outage (layer 0 arcs); an
    impairment along those that pass at least a degradation (layer 1
    arcs), from every service that is out (arc n + i -> i). So for a
    failure of u, the services out are u's in-neighbours in layer 0 and
    those at least degraded its in-neighbours in layer 1."""
    n = len(services)
    index = {s: i for i, s in enumerate(services)}
    arcs = []
    for a, b, out, deg in edges:
        i, j = index[a], index[b]
        if out:
            arcs.append((i, j))
        if deg:
            arcs.append((n + i, n + j))
    arcs.extend((n + i, i) for i in range(n))
    return 2 * n, arcs


def counts(services, reached):
    """Outage and degraded counts from the number of product nodes that
    reach each service's outage node (itself included): reached(i) gives
    (out_layer, impaired_layer) counts."""
    out = {}
    for i, s in enumerate(services):
        o, d = reached(i)
        # o and d include the service itself (layer 0) and its own
        # impaired node (layer 1); every out service is impaired too.
        out[s] = (o - 1, d - o)
    return out


def write_counts(services, counts, out=sys.stdout):
    """Writes "ID OUTAGE DEGRADED" lines, by ID."""
    for s in sorted(services):
        o, d = counts[s]
        out.write(f"{s} {o} {d}\n")
