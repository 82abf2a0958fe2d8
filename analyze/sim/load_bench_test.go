package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/blast-tool/blast/model/modeltest"
)

// estate builds a layered call graph of n services: a tenth take load
// from outside and each service calls two in the next layer, with
// timeouts and retries on most edges and capacity with headroom on every
// service below the top. The target, at the bottom, has 20% headroom and
// loses 70% of its capacity for five minutes.
func estate(n int, d time.Duration) LoadConfig {
	r := rand.New(rand.NewPCG(3, 3))
	layers := []int{n / 10, 3 * n / 10, 4 * n / 10}
	layers = append(layers, n-layers[0]-layers[1]-layers[2])
	cfg := LoadConfig{Scenario: "estate", Duration: d, Sample: time.Minute, Seed: 1, Mode: ModeFluid, MetastableAfter: 10 * time.Minute}
	start := 0
	for l, size := range layers {
		for i := range size {
			s := LoadService{ID: fmt.Sprintf("l%d-%03d", l, i), Queue: -1}
			if l == 0 {
				s.Load = 100
			}
			cfg.Services = append(cfg.Services, s)
		}
		if l+1 < len(layers) {
			next := start + size
			for i := start; i < next; i++ {
				for _, j := range r.Perm(layers[l+1])[:2] {
					k := len(cfg.Edges)
					e := LoadEdge{From: i, To: next + j, Attempts: 1}
					if r.Float64() < 0.8 {
						e.Timeout, e.Attempts, e.Backoff, e.Jitter = time.Second, 2+r.IntN(2), 100*time.Millisecond, r.IntN(2) == 0
					}
					cfg.Edges = append(cfg.Edges, e)
					cfg.Services[i].Calls = append(cfg.Services[i].Calls, k)
					cfg.Services[i].Needs = append(cfg.Services[i].Needs, []int{k})
				}
			}
		}
		start += size
	}
	// Capacity: twice what arrives in steady state, the target 1.2 times.
	arrive := make([]float64, len(cfg.Services))
	for i, s := range cfg.Services {
		arrive[i] += s.Load
		for _, k := range s.Calls {
			arrive[cfg.Edges[k].To] += arrive[i]
		}
	}
	cfg.Target = len(cfg.Services) - 1
	for i := range cfg.Services {
		if i < layers[0] || arrive[i] == 0 {
			continue
		}
		head := 2.0
		if i == cfg.Target {
			head = 1.2
		}
		cfg.Services[i].Capacity, cfg.Services[i].Workers = head*arrive[i], 10
	}
	cfg.Disturbances = []Disturbance{{At: 20 * time.Minute, For: 5 * time.Minute, Capacity: 0.3}}
	return cfg
}

// BenchmarkLoad2h100 is a 2-hour fluid run of 100 services: it must stay
// under a second (cpu-ms/op, as wall time on a shared machine counts the
// neighbours).
func BenchmarkLoad2h100(b *testing.B) {
	cfg := estate(100, 2*time.Hour)
	var r *LoadResult
	b.ReportAllocs()
	defer modeltest.ReportCPU(b, modeltest.CPUTime())
	for b.Loop() {
		var err error
		if r, err = RunLoad(cfg); err != nil {
			b.Fatal(err)
		}
	}
	if _, ok := r.EventAt(EvOverloaded); !ok {
		b.Fatalf("the benchmark's disturbance did not overload %s: %v", r.Service, r.Events)
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
	b.ReportMetric(float64(cfg.Duration/r.Step), "steps")
}
