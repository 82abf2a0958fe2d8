package analyze

import (
	"fmt"
	"math"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/model"
)

// recoveryExceedsRTO reports a fleet whose full restart takes longer than its
// recovery time objective: servers / restart_rate hours plus cold_start.
// Kinesis could let only a few hundred servers per hour rejoin without a
// thundering herd, so restarting thousands of front-end servers took most of
// a day. A warning, or an error for a critical service.
var recoveryExceedsRTO = &Analyzer{
	Name: "recovery-exceeds-rto",
	Doc: `A fleet whose full restart takes longer than its RTO.

Restarting every server at the safe restart rate, plus the cold start, takes
longer than the recovery time objective. Kinesis could only bring back a few
hundred servers per hour.`,
	Help:     "Raise the safe restart rate (faster bootstrap, less contention), shrink the blast radius with cells, or relax the RTO honestly.",
	Severity: Error,
	Run: func(p *Pass) (any, error) {
		for _, svc := range p.Model.Services {
			if svc == nil || svc.Fleet == nil || svc.Fleet.RTO <= 0 {
				continue
			}
			fl := svc.Fleet
			secs, ok := scaling.Recovery(fl)
			rto := fl.RTO.Seconds()
			if !ok || secs <= rto {
				continue
			}
			sev := Warning
			if svc.Criticality == model.Critical {
				sev = Error
			}
			msg := fmt.Sprintf("%s: a full restart of %s at %s/h", svc.ID, words.Count(fl.Servers, "server"), words.Num(fl.RestartRate))
			if fl.ColdStart > 0 {
				msg += " plus a " + words.Seconds(fl.ColdStart.Seconds()) + " cold start"
			}
			msg += fmt.Sprintf(" takes %s, over the %s RTO", words.Seconds(secs), words.Seconds(rto))
			if need := float64(fl.Servers) / ((rto - fl.ColdStart.Seconds()) / 3600); rto > fl.ColdStart.Seconds() && !math.IsInf(need, 0) {
				msg += "; meeting it needs " + words.Int(int(math.Ceil(need))) + "/h"
			} else {
				msg += "; the cold start alone exceeds it"
			}
			rng := fl.DeclRange
			if r, ok := fl.AttrRanges["rto"]; ok {
				rng = r
			}
			p.Report(Finding{
				Severity: sev,
				Message:  msg,
				Subjects: []string{svc.ID},
				Range:    RangeOf(rng),
				Data: map[string]any{
					"recovery_seconds":   math.Round(secs),
					"rto_seconds":        math.Round(rto),
					"servers":            fl.Servers,
					"restart_rate":       fl.RestartRate,
					"cold_start_seconds": math.Round(fl.ColdStart.Seconds()),
				},
			})
		}
		return nil, nil
	},
}
