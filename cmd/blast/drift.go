package main

import (
	"context"
	"os"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/views"
	"github.com/blast-tool/blast/cmd/internal/complete"
	"github.com/blast-tool/blast/cmd/internal/report"
	"github.com/blast-tool/blast/model/topology"
	"github.com/spf13/cobra"
)

// observedFlags are the flags of drift and check --observed.
type observedFlags struct {
	source, format string
	minCalls       int64
	timeout        time.Duration
}

func (o *observedFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&o.source, "observed", "", "observed calls: a file, or the URL of Jaeger's /api/dependencies or the Collector's /metrics")
	c.Flags().StringVar(&o.format, "observed-format", "", "jaeger or otel (default: told from the content)")
	c.Flags().Int64Var(&o.minCalls, "min-calls", 1, "ignore observed dependencies with fewer calls")
	c.Flags().DurationVar(&o.timeout, "observed-timeout", topology.DefaultTimeout, "how long to wait for an --observed URL")
	_ = c.RegisterFlagCompletionFunc("observed-format", complete.Fixed("jaeger", "otel"))
}

// read reads the observations, nil without --observed; bad or unreachable
// ones are invalid input, with diagnostics.
func (o *observedFlags) read(a *app) (*analyze.Observed, error) {
	if o.source == "" {
		return nil, nil
	}
	if o.minCalls < 1 {
		return nil, usageError("--min-calls %d: give at least 1", o.minCalls)
	}
	obs := topology.ReadObserved(context.Background(), o.source, o.format, o.timeout)
	if errs := obs.Errors(); len(errs) > 0 {
		return nil, a.checkDiags(nil, topology.Snippets(errs, []string{o.source}), errs)
	}
	return &analyze.Observed{Calls: obs, MinCalls: o.minCalls}, nil
}

func newDriftCmd(a *app) *cobra.Command {
	var obs observedFlags
	var r *report.Flags[*views.Document]
	c := &cobra.Command{
		Use:   "drift PATHS... --observed FILE|URL",
		Short: "Compare the model with the calls the system is seen to make",
		Long: `Drift compares the model in PATHS with observed calls, from Jaeger's dependencies
API or the OpenTelemetry Collector's servicegraph metrics, and reports:

  undeclared-dependency  (warning) calls between declared services the model does not declare
  unobserved-dependency  (info)    a declared dependency on which no call was observed
  undeclared-service     (warning) a service seen in the observations that the model lacks

--observed takes a file or an http(s) URL, fetched within --observed-timeout.
The policy's ignore blocks apply. Drift reports and exits 0; 'blast check
--observed' gates on the same findings.`,
		Example: `  blast drift infra/ --observed deps.json
  blast drift infra/ --observed "http://jaeger:16686/api/dependencies?endTs=$(date +%s000)&lookback=86400000"
  blast drift infra/ --observed http://otel-collector:8889/metrics --min-calls 10 -f sarif -o drift.sarif`,
		ValidArgsFunction: complete.ModelFiles,
		RunE: func(c *cobra.Command, args []string) error {
			if obs.source == "" {
				return usageError("--observed is required: a file or URL of observed calls")
			}
			o, m, err := openAndLoad(a, r, args, nil)
			if err != nil {
				return err
			}
			calls, err := obs.read(a)
			if err != nil {
				return err
			}
			res, err := analyze.Drift(m, calls)
			if err != nil {
				return err
			}
			kept, _, _ := check.ApplyPolicy(res.Findings, m.EffectivePolicy(), time.Now())
			doc := &views.Document{Command: views.CommandAnalyze, Services: res.Services, Findings: kept}
			wd, _ := os.Getwd()
			return r.Emit(a.env(), o, views.Options{BaseDir: wd, TopServices: -1}, doc)
		},
	}
	r = report.Add(c, views.Report, "text")
	obs.add(c)
	return c
}
