package report

import (
	"encoding/json"
	"io"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
)

// jsonFormat writes the contract's JSON: {"services", "findings"}, plus a
// "check" object for check and "sections" when there are any (additions).
type jsonFormat struct{}

func (jsonFormat) Name() string { return "json" }

type jsonDoc struct {
	Services []analyze.ServiceSummary `json:"services"`
	Findings []analyze.Finding        `json:"findings"`
	Sections []Section                `json:"sections,omitempty"`
	Check    *jsonCheck               `json:"check,omitempty"`
}

type jsonCheck struct {
	Failed         bool                 `json:"failed"`
	FailOn         analyze.Severity     `json:"fail_on"`
	Base           bool                 `json:"base"`
	New            []analyze.Finding    `json:"new"`
	Fixed          []analyze.Finding    `json:"fixed"`
	Unchanged      []analyze.Finding    `json:"unchanged"`
	Ignored        []analyze.Finding    `json:"ignored"`
	StaleIgnores   []analyze.Finding    `json:"stale_ignores"`
	ExpiredIgnores []analyze.Finding    `json:"expired_ignores"`
	RadiusChanges  []check.RadiusChange `json:"radius_changes"`
	NewServices    []string             `json:"new_services"`
}

func (jsonFormat) Write(w io.Writer, d *Document) error {
	doc := jsonDoc{
		Services: sortedServices(d.Services),
		Findings: sortedFindings(d.Findings),
		Sections: d.Sections,
	}
	if o := d.Check; o != nil {
		rc := make([]check.RadiusChange, len(o.RadiusChanges))
		for i, c := range o.RadiusChanges {
			if c.AddedSPOFs == nil {
				c.AddedSPOFs = []string{}
			}
			rc[i] = c
		}
		ns := append([]string{}, o.NewServices...)
		doc.Check = &jsonCheck{
			Failed: o.Failed, FailOn: o.FailOn, Base: o.HasBase,
			New: sortedFindings(o.New), Fixed: sortedFindings(o.Fixed), Unchanged: sortedFindings(o.Unchanged),
			Ignored:      sortedFindings(o.Ignored),
			StaleIgnores: sortedFindings(o.StaleIgnores()), ExpiredIgnores: sortedFindings(o.ExpiredIgnores()),
			RadiusChanges: rc, NewServices: ns,
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages draw paths with "->"; keep them readable rather than \u003e.
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}
