package views

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strconv"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
)

// jsonFormat writes the contract's JSON: {"services", "findings"}, plus a
// "check" object for check and "sections" when there are any (additions).
type jsonFormat struct{ Options }

type jsonDoc struct {
	Services []analyze.ServiceSummary `json:"services"`
	jsonRest
}

// jsonRest is everything after "services": encoded by encoding/json, while
// the services list, which holds most of a large model's bytes (every
// service's single points of failure), is written by writeServices.
type jsonRest struct {
	Findings []analyze.Finding `json:"findings"`
	Check    *jsonCheck        `json:"check,omitempty"`
}

type jsonCheck struct {
	Failed         bool                 `json:"failed"`
	FailOn         analyze.Severity     `json:"fail_on"`
	Base           bool                 `json:"base"`
	BaseName       string               `json:"base_name,omitempty"`
	BaseError      string               `json:"base_error,omitempty"`
	New            []analyze.Finding    `json:"new"`
	Worsened       []check.Worsened     `json:"worsened"`
	Fixed          []analyze.Finding    `json:"fixed"`
	Unchanged      []analyze.Finding    `json:"unchanged"`
	Ignored        []analyze.Finding    `json:"ignored"`
	StaleIgnores   []analyze.Finding    `json:"stale_ignores"`
	ExpiredIgnores []analyze.Finding    `json:"expired_ignores"`
	RadiusChanges  []check.RadiusChange `json:"radius_changes"`
	NewServices    []string             `json:"new_services"`
}

func (v jsonFormat) Render(w io.Writer, d *Document) error {
	doc := jsonDoc{
		Services: sortedServices(d.Services),
		jsonRest: jsonRest{Findings: sortedFindings(d.Findings)},
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
			Failed: o.Failed, FailOn: o.FailOn, Base: o.HasBase, BaseName: o.BaseName, BaseError: o.BaseError,
			// new keeps its meaning for consumers that gate on it: what the
			// change introduces, worse findings included; worsened says
			// which of them were in the base and what got worse.
			New: sortedFindings(o.Judged()), Worsened: sortedWorsened(o.Worsened),
			Fixed: sortedFindings(o.Fixed), Unchanged: sortedFindings(o.Unchanged),
			Ignored:      sortedFindings(o.Ignored),
			StaleIgnores: sortedFindings(o.StaleIgnores()), ExpiredIgnores: sortedFindings(o.ExpiredIgnores()),
			RadiusChanges: rc, NewServices: ns,
		}
	}
	var rest bytes.Buffer
	enc := json.NewEncoder(&rest)
	enc.SetIndent("", "  ")
	// Messages draw paths with "->"; keep them readable rather than \u003e.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc.jsonRest); err != nil {
		return err
	}
	// The bytes are those of encoding the whole jsonDoc with the encoder
	// above (TestJSONServicesWriter checks it), about five times faster
	// on a large model: no reflection and no re-indentation pass.
	b := make([]byte, 0, 64+len(doc.Services)*160+rest.Len())
	b = append(b, "{\n  \"services\": "...)
	b = appendServices(b, doc.Services)
	b = append(b, ",\n"...)
	b = append(b, bytes.TrimPrefix(rest.Bytes(), []byte("{\n"))...)
	_, err := w.Write(b)
	return err
}

// sortedWorsened returns a normalized copy sorted by the head findings.
func sortedWorsened(ws []check.Worsened) []check.Worsened {
	out := make([]check.Worsened, len(ws))
	for i, w := range ws {
		w.Head, w.Base = normalized(w.Head), normalized(w.Base)
		out[i] = w
	}
	sort.SliceStable(out, func(i, j int) bool { return analyze.Less(out[i].Head, out[j].Head) })
	return out
}

// appendServices writes the services list as encoding/json would with a
// two-space indent at nesting level 1.
func appendServices(b []byte, ss []analyze.ServiceSummary) []byte {
	if len(ss) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, "[\n"...)
	for i, s := range ss {
		b = append(b, "    {\n      \"id\": "...)
		b = appendJSONString(b, s.ID)
		b = append(b, ",\n      \"role\": "...)
		b = appendJSONString(b, s.Role)
		b = append(b, ",\n      \"criticality\": "...)
		b = appendJSONString(b, s.Criticality)
		b = append(b, ",\n      \"blast_radius\": {\n        \"outage\": "...)
		b = strconv.AppendInt(b, int64(s.BlastRadius.Outage), 10)
		b = append(b, ",\n        \"degraded\": "...)
		b = strconv.AppendInt(b, int64(s.BlastRadius.Degraded), 10)
		b = append(b, "\n      },\n      \"single_points_of_failure\": "...)
		if len(s.SinglePointsOfFailure) == 0 {
			b = append(b, "[]"...)
		} else {
			b = append(b, "[\n"...)
			for j, id := range s.SinglePointsOfFailure {
				b = append(b, "        "...)
				b = appendJSONString(b, id)
				if j < len(s.SinglePointsOfFailure)-1 {
					b = append(b, ',')
				}
				b = append(b, '\n')
			}
			b = append(b, "      ]"...)
		}
		b = append(b, "\n    }"...)
		if i < len(ss)-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
	}
	return append(b, "  ]"...)
}

// appendJSONString quotes s as encoding/json does without HTML escaping:
// printable ASCII directly, anything else through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s)
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
