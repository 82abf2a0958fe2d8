package sim

import (
	"testing"
	"time"

	"github.com/blast-tool/blast/model"
)

// fleetConfig is a Kinesis-shaped 24-hour replay scaled to n servers: a 10%
// addition crosses a linear thread law, then a rollback and rolling restart
// at 5% of the fleet per hour.
func fleetConfig(n int) Config {
	add := n / 10
	limit := 1000 + 7*float64(n+add/2)
	return Config{Scenario: "bench", Duration: 24 * time.Hour, Step: time.Minute, Seed: 1,
		Servers: n, Cells: 1, Discovery: time.Hour,
		Adds: []Addition{{Over: 63 * time.Minute, Servers: add}},
		Resources: []Resource{{Name: "threads", Limit: limit, Scope: model.ScopeFleet,
			Law: func(x float64) (float64, error) { return 1000 + 7*(x-1), nil }}},
		CacheRefresh: 5 * time.Minute, CacheTTL: 90 * time.Minute,
		Alarm: Alarm{On: "errors", Threshold: 0.05}, OutageThreshold: 0.05,
		Recovery: &Recovery{At: 5 * time.Hour, Rollback: true, RestartRate: float64(n) / 20, Bootstrap: "peers",
			ColdStart: 2 * time.Hour, StoreFactor: 0.5, Capacity: float64(n) / 10},
	}
}

func benchFleet(b *testing.B, n int) {
	cfg := fleetConfig(n)
	var r *Result
	b.ReportAllocs()
	for b.Loop() {
		r = must(b, Run, cfg)
	}
	if r.PeakFailed == 0 {
		b.Fatal("bench scenario did not fail")
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/replay")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "servers/s")
}

// BenchmarkReplay24h10k must stay under 0.5 s per replay.
func BenchmarkReplay24h10k(b *testing.B) { benchFleet(b, 10_000) }

// BenchmarkReplay24h100k must stay under 5 s per replay.
func BenchmarkReplay24h100k(b *testing.B) { benchFleet(b, 100_000) }

func BenchmarkKinesis(b *testing.B) {
	cfg := kinesisConfig(b)
	for b.Loop() {
		must(b, Run, cfg)
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/replay")
}
