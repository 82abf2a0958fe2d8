package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/blast-tool/blast/model"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/hashicorp/hcl/v2"
)

// invalidModel is a model with two errors: an unknown dependency and a
// misspelt attribute.
func invalidModel(t *testing.T) *Invalid {
	t.Helper()
	src := `service "api" {
  criticality = "critical"
  depends_on "dbb" {}
}

service "db" {
  rol = "storage"
}
`
	m, diags := model.LoadSources([]model.Source{{Filename: "/repo/infra/services.hcl", Bytes: []byte(src)}})
	if !diags.HasErrors() {
		t.Fatal("the model is valid")
	}
	return ForInvalid(CommandCheck, m, diags)
}

// Every format of invalid input says what is wrong where: the locations of
// the diagnostics, relative to the base directory, in the format's own way.
func TestInvalidGolden(t *testing.T) {
	inv := invalidModel(t)
	o := Options{ToolVersion: "v0.1.0", BaseDir: "/repo"}
	for _, name := range InvalidReport.Names() {
		t.Run(name, func(t *testing.T) {
			out := renderView(t, InvalidReport, name, o, inv)
			ext := map[string]string{"text": "txt", "json": "json", "markdown": "md", "sarif": "sarif", "junit": "xml", "github": "github.txt"}[name]
			modeltest.Golden(t, "testdata/invalid."+ext, out)
			if !bytes.Contains(out, []byte("infra/services.hcl")) || bytes.Contains(out, []byte("/repo/")) {
				t.Errorf("%s: want paths relative to the base directory:\n%s", name, out)
			}
		})
	}
}

// The SARIF log of invalid input is a failed invocation with one
// notification per diagnostic, at its file and line, and no results.
func TestInvalidSARIF(t *testing.T) {
	var log struct {
		Runs []struct {
			Results     []json.RawMessage
			Invocations []struct {
				ExecutionSuccessful        *bool
				ExitCode                   int
				ToolExecutionNotifications []struct {
					Level     string
					Message   struct{ Text string }
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine, StartColumn int }
						}
					}
				}
			}
		}
	}
	inv := invalidModel(t)
	if err := json.Unmarshal(renderView(t, InvalidReport, "sarif", Options{BaseDir: "/repo"}, inv), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 0 || len(run.Invocations) != 1 {
		t.Fatalf("want no results and one invocation: %+v", run)
	}
	in := run.Invocations[0]
	if in.ExecutionSuccessful == nil || *in.ExecutionSuccessful || in.ExitCode != 2 {
		t.Errorf("invocation: executionSuccessful %v, exit code %d; want false and 2", in.ExecutionSuccessful, in.ExitCode)
	}
	if len(in.ToolExecutionNotifications) != len(inv.Diagnostics) {
		t.Fatalf("%d notifications for %d diagnostics", len(in.ToolExecutionNotifications), len(inv.Diagnostics))
	}
	for i, n := range in.ToolExecutionNotifications {
		d := inv.Diagnostics[i]
		loc := n.Locations[0].PhysicalLocation
		if n.Level != d.Severity || loc.ArtifactLocation.URI != "infra/services.hcl" || loc.Region.StartLine != d.Range.Start.Line || loc.Region.StartColumn != d.Range.Start.Column || !strings.HasPrefix(n.Message.Text, d.Summary) {
			t.Errorf("notification %d: %+v, want %+v", i, n, d)
		}
	}
}

// Diagnostics beyond model.MaxDiagnostics are counted, not listed.
func TestInvalidBounded(t *testing.T) {
	var diags hcl.Diagnostics
	for i := range model.MaxDiagnostics + 7 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: fmt.Sprintf("problem %d", i), Detail: strings.Repeat("x", 5000),
			Subject: &hcl.Range{Filename: "a.hcl", Start: hcl.Pos{Line: i + 1, Column: 1}, End: hcl.Pos{Line: i + 1, Column: 2}}})
	}
	inv := ForInvalid(CommandCheck, nil, diags)
	if len(inv.Diagnostics) != model.MaxDiagnostics || inv.More != 7 {
		t.Errorf("%d diagnostics, %d more; want %d and 7", len(inv.Diagnostics), inv.More, model.MaxDiagnostics)
	}
	if len(inv.Diagnostics[0].Detail) > 1100 {
		t.Errorf("a detail of %d bytes: want it shortened", len(inv.Diagnostics[0].Detail))
	}
	if text := renderView(t, InvalidReport, "text", Options{}, inv); !bytes.Contains(text, []byte("and 7 more not shown")) {
		t.Errorf("text:\n%s", text)
	}
}
