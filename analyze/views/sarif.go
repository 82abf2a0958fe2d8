package views

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/owenrumney/go-sarif/v2/sarif"
)

// sarifFormat writes SARIF 2.1.0 (OASIS Static Analysis Results Interchange
// Format, https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the format GitHub
// code scanning ingests.
type sarifFormat struct{ Options }

// FingerprintKey names blast's entry in partialFingerprints.
const FingerprintKey = "blastFindingKey/v1"

// Fingerprint is a stable identity of a finding: a SHA-256 of its rule and
// the subjects that identify it (Finding.Key: for single-point-of-failure,
// the cause), never of its location or message, so that code scanning keeps
// tracking an alert when the block that causes it moves, or when a single
// point of failure takes out one more critical service (SARIF §3.27.17).
func Fingerprint(f analyze.Finding) string {
	sum := sha256.Sum256([]byte(f.Key()))
	return hex.EncodeToString(sum[:])
}

var sarifLevel = map[analyze.Severity]string{
	analyze.Error:   "error",
	analyze.Warning: "warning",
	analyze.Info:    "note",
}

func (v sarifFormat) Render(w io.Writer, d *Document) error {
	rep, err := v.report(d)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

func (v sarifFormat) report(d *Document) (*sarif.Report, error) {
	rep, err := sarif.New(sarif.Version210)
	if err != nil {
		return nil, err
	}
	findings := sortedFindings(d.Findings)
	driver := &sarif.ToolComponent{
		Name:           "blast",
		InformationURI: strp("https://github.com/blast-tool/blast"),
		Rules:          []*sarif.ReportingDescriptor{},
	}
	if v.ToolVersion != "" {
		driver.Version = strp(v.ToolVersion)
	}
	index := map[string]int{}
	for i, id := range ruleIDs(findings) {
		index[id] = i
		driver.Rules = append(driver.Rules, sarifRule(rule(id)))
	}
	run := sarif.NewRun(sarif.Tool{Driver: driver})
	run.Results = []*sarif.Result{}
	states := d.states()
	for _, f := range findings {
		st := states[stateKey(f)]
		res := &sarif.Result{
			RuleID:              strp(f.Rule),
			RuleIndex:           uintp(uint(index[f.Rule])),
			Level:               strp(sarifLevel[f.Severity]),
			Message:             sarif.Message{Text: strp(withChange(st.change, sarifMessage(f)))},
			PartialFingerprints: map[string]interface{}{FingerprintKey: Fingerprint(f)},
			PropertyBag:         sarif.PropertyBag{Properties: sarif.Properties{"subjects": f.Subjects}},
		}
		// Compared with a base: new, updated (made worse) or unchanged
		// (SARIF §3.27.24).
		if st.baseline != "" {
			res.BaselineState = strp(st.baseline)
		}
		if len(f.Path) > 0 {
			res.Properties["path"] = f.Path
		}
		if len(f.Data) > 0 {
			res.Properties["data"] = f.Data
		}
		res.Locations = sarifLocations(f.Range, v.BaseDir)
		run.Results = append(run.Results, res)
	}
	rep.AddRun(run)
	return rep, nil
}

// sarifRule is a rule's SARIF reportingDescriptor (§3.49), from its
// registered documentation.
func sarifRule(r *analyze.Analyzer) *sarif.ReportingDescriptor {
	return &sarif.ReportingDescriptor{
		ID:                   r.Name,
		Name:                 strp(ruleName(r.Name)),
		ShortDescription:     &sarif.MultiformatMessageString{Text: strp(r.Title())},
		FullDescription:      &sarif.MultiformatMessageString{Text: strp(r.Description())},
		Help:                 &sarif.MultiformatMessageString{Text: strp(r.Help), Markdown: strp(r.Help + "\n\nSee [" + r.Name + "](" + helpURI(r.Name) + ").")},
		HelpURI:              strp(helpURI(r.Name)),
		DefaultConfiguration: &sarif.ReportingConfiguration{Level: sarifLevel[r.Severity]},
		Properties:           sarif.Properties{"tags": []string{"reliability", "architecture"}},
	}
}

// sarifMessage is the finding's message with its dependency path, which
// code scanning otherwise would not show.
func sarifMessage(f analyze.Finding) string {
	if len(f.Path) == 0 {
		return f.Message
	}
	return f.Message + " (path: " + pathString(f.Path) + ")"
}

// sarifRegion clamps a range to SARIF's constraints: lines and columns are
// 1-based and the end does not precede the start (§3.30).
func sarifRegion(r *analyze.Range) *sarif.Region {
	sl, sc := max(r.Start.Line, 1), max(r.Start.Column, 1)
	el, ec := max(r.End.Line, sl), max(r.End.Column, 1)
	if el == sl && ec < sc {
		ec = sc
	}
	return &sarif.Region{StartLine: &sl, StartColumn: &sc, EndLine: &el, EndColumn: &ec}
}

// ruleName turns "single-point-of-failure" into "SinglePointOfFailure", the
// PascalCase name SARIF viewers show next to the ID.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func strp(s string) *string { return &s }
func uintp(u uint) *uint    { return &u }

// sarifLocations is where a range is, relative to base; none without one.
func sarifLocations(r *analyze.Range, base string) []*sarif.Location {
	if r == nil {
		return nil
	}
	return []*sarif.Location{{PhysicalLocation: &sarif.PhysicalLocation{
		ArtifactLocation: &sarif.ArtifactLocation{URI: strp(uriOf(r.Filename, base))},
		Region:           sarifRegion(r),
	}}}
}
