package views

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

// BenchmarkEstate runs what `blast analyze` does on the two estate shapes
// of graphtest (Tiered; Layered with 0.25% back edges, a giant hard cycle)
// at 1k, 10k and 100k services, from the HCL bytes to the report, and
// reports each phase's wall time (ms) and the peak heap during it (MB, live
// and not yet collected objects, sampled every millisecond): load (parse
// and validate), analyze (every rule and the summaries), json and text
// (rendering the report to io.Discard). A model whose single-failure lists
// exceed the pair budget is refused by analyze (refused = 1): the time to
// refuse is the figure then. -short skips the 100k models.
func BenchmarkEstate(b *testing.B) {
	for _, shape := range graphtest.Estates {
		for _, n := range benchEstateSizes {
			b.Run(fmt.Sprintf("%s/n=%d", shape.Name, n), func(b *testing.B) {
				if n >= 100000 && testing.Short() {
					b.Skip("100k models skipped under -short")
				}
				src := graphtest.HCL(shape.New(n, 1))
				runtime.GC()
				var ph phases
				for i := 0; i < b.N; i++ {
					var m *model.Model
					ph.run("load", func() {
						var diags error
						m, diags = loadBytes(src)
						if diags != nil {
							b.Fatal(diags)
						}
					})
					var res *analyze.Result
					var err error
					ph.run("analyze", func() { res, err = analyze.Analyze(m) })
					if errors.As(err, new(*graph.TooCoupledError)) {
						b.ReportMetric(1, "refused")
						continue
					} else if err != nil {
						b.Fatal(err)
					}
					doc := ForAnalyze(res, nil)
					for _, format := range []string{"json", "text"} {
						f, _ := Report.New(format, Options{})
						ph.run(format, func() {
							if err := f.Render(io.Discard, doc); err != nil {
								b.Fatal(err)
							}
						})
					}
					runtime.KeepAlive(res)
				}
				ph.report(b)
			})
		}
	}
}

func loadBytes(src []byte) (*model.Model, error) {
	m, diags := model.LoadSources([]model.Source{{Filename: "estate.hcl", Bytes: src}})
	if diags.HasErrors() {
		return nil, diags
	}
	return m, nil
}

// phases times named phases and samples the heap's peak during each.
type phases struct {
	names []string
	ms    map[string]float64
	mb    map[string]float64
	runs  map[string]int
}

func (p *phases) run(name string, f func()) {
	if p.ms == nil {
		p.ms, p.mb, p.runs = map[string]float64{}, map[string]float64{}, map[string]int{}
	}
	if _, ok := p.runs[name]; !ok {
		p.names = append(p.names, name)
	}
	stop := make(chan struct{})
	var peak uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	f()
	el := time.Since(start)
	close(stop)
	wg.Wait()
	p.ms[name] += float64(el) / float64(time.Millisecond)
	p.mb[name] = max(p.mb[name], float64(peak)/(1<<20))
	p.runs[name]++
}

func (p *phases) report(b *testing.B) {
	for _, name := range p.names {
		b.ReportMetric(p.ms[name]/float64(p.runs[name]), name+"-ms")
		b.ReportMetric(p.mb[name], name+"-MB")
	}
}

// benchEstateSizes are BenchmarkEstate's sizes; 5,000 is the layered
// estate the scale issue measures.
var benchEstateSizes = []int{1000, 5000, 10000, 100000}
