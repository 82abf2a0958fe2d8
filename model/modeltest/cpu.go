package modeltest

import (
	"testing"
	"time"
)

// ReportCPU reports CPU time per operation (cpu-ms/op) since start (a
// CPUTime reading) next to wall time, because wall time on a shared
// machine measures the neighbours too; it includes the GC's background
// workers and any parallel work, summed over cores.
func ReportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(CPUTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
