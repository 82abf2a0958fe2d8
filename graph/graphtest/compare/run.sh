#!/bin/sh
# Side by side: blast against networkx and igraph on the graphtest estates,
# and the scale issue's other whole-process targets. See README.md.
# Usage: graph/graphtest/compare/run.sh [OUT_DIR]   (from the repository root)
set -eu
out=${1:-/tmp/blast-compare}
here=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-5}
py=${PYTHON:-/usr/bin/python3}
mkdir -p "$out/bin"
go build -o "$out/bin/blast" ./cmd/blast
go build -o "$out/bin/gen" ./graph/graphtest/compare/gen
blast=$out/bin/blast
gen() { [ -f "$out/$1/model.hcl" ] || "$out/bin/gen" -shape "$2" -n "$3" ${4:-} -o "$out/$1"; }
gen tiered-10000 tiered 10000 -no-groups
gen layered-5000 layered 5000 -no-groups
gen tiered-100000 tiered 100000
gen layered-5000-groups layered 5000

# The same counts: blast's blast radius (outage and degraded) of every
# service, and the libraries' ancestor counts over the two-layer graph.
for m in tiered-10000 layered-5000; do
	"$blast" analyze --format json "$out/$m/model.hcl" | "$py" "$here/blast_counts.py" >"$out/$m/blast.txt"
	"$py" "$here/ancestors_igraph.py" "$out/$m/edges.txt" >"$out/$m/igraph.txt"
	"$py" "$here/ancestors_networkx.py" "$out/$m/edges.txt" >"$out/$m/networkx.txt"
	cmp "$out/$m/blast.txt" "$out/$m/igraph.txt"
	cmp "$out/$m/blast.txt" "$out/$m/networkx.txt"
	echo "$m: blast, igraph and networkx give the same counts"
done

export XDG_CACHE_HOME="$out/cache"
bench() { name=$1; shift; hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/$name.md" "$@"; }
bench tiered-10000 \
	"$blast analyze --format json $out/tiered-10000/model.hcl -o $out/tiered-10000/out.json" \
	"$py $here/ancestors_igraph.py $out/tiered-10000/edges.txt" \
	"$py $here/ancestors_networkx.py $out/tiered-10000/edges.txt"
bench layered-5000 \
	"$blast analyze --format json $out/layered-5000/model.hcl -o $out/layered-5000/out.json" \
	"$py $here/ancestors_igraph.py $out/layered-5000/edges.txt" \
	"$py $here/ancestors_networkx.py $out/layered-5000/edges.txt"
bench tiered-100000 \
	"$blast validate $out/tiered-100000/model.hcl" \
	"$blast analyze $out/tiered-100000/model.hcl -o $out/tiered-100000/out.txt"
bench cutsets \
	"$blast validate $out/layered-5000-groups/model.hcl" \
	"$blast cutsets $out/layered-5000-groups/model.hcl --service service-1076 --max-order 3"
bench validate-cold --prepare "rm -rf $out/cold && mkdir -p $out/cold/tmp" \
	"env TMPDIR=$out/cold/tmp XDG_CACHE_HOME=$out/cold/cache $blast validate examples/kinesis-2020" \
	"env TMPDIR=$out/cold/tmp XDG_CACHE_HOME=$out/cold/cache $blast graph examples/kinesis-2020 -o $out/cold/k.svg"
bench validate-warm \
	"$blast validate examples/kinesis-2020" \
	"$blast graph examples/kinesis-2020 -o $out/k.svg"
# Peak memory, one run each.
for c in "analyze --format json $out/tiered-10000/model.hcl -o $out/tiered-10000/out.json" \
	"analyze --format json $out/layered-5000/model.hcl -o $out/layered-5000/out.json" \
	"validate $out/tiered-100000/model.hcl" \
	"analyze $out/tiered-100000/model.hcl -o $out/tiered-100000/out.txt"; do
	/usr/bin/time -f "%M KB peak RSS, %e s, %U s user: blast $c" $blast $c >/dev/null
done
