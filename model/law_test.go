package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestLawProbes checks that the loader refuses a law that is not finite at
// a fleet size the analyses always evaluate, at the law, and that one
// check serves every resource with the same law text and scope size.
func TestLawProbes(t *testing.T) {
	svc := func(id string, servers int, law string) string {
		return fmt.Sprintf("service %q {\n  fleet {\n    servers = %d\n  }\n  resource \"r\" {\n    per_server = %s\n    limit      = 1e9\n  }\n}\n", id, servers, law)
	}
	tests := []struct {
		name, src string
		n         string // where it fails; "" when valid
	}{
		{"finite", svc("a", 4300, "1000 + 7 * (N - 1)"), ""},
		{"pole past today's size", svc("a", 4300, "1000 / (N - 5000)"), "5000"},
		{"pole below 1,024", svc("a", 4300, "1000 / (N - 700)"), "700"},
		{"overflow on the grid", svc("a", 10, "pow(N, N)"), "144"},
		{"domain error", svc("a", 4300, "log(N - 10, 2)"), "1"},
		{"pole between the probes", svc("a", 100, "1000 / (N - 5000)"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := LoadSources([]Source{{Filename: "law.hcl", Bytes: []byte(tt.src)}})
			switch {
			case tt.n == "" && diags.HasErrors():
				t.Fatal(diags.Error())
			case tt.n != "" && (len(diags) != 1 || diags[0].Summary != "Invalid per_server expression" || diags[0].Subject.Start.Line != 6 ||
				!strings.HasPrefix(diags[0].Detail, "per_server at N = "+tt.n) || !strings.ContainsAny(diags[0].Detail[len("per_server at N = "+tt.n):][:1], " :")):
				t.Fatalf("diagnostics %v, want one at line 6 for N = %s", diags, tt.n)
			}
		})
	}
	// Two services with one law: two diagnostics, each at its own line.
	src := svc("a", 4300, "1000 / (N - 5000)") + svc("b", 4300, "1000 / (N - 5000)")
	_, diags := LoadSources([]Source{{Filename: "law.hcl", Bytes: []byte(src)}})
	if len(diags) != 2 || diags[0].Subject.Start.Line != 6 || diags[1].Subject.Start.Line != 15 {
		t.Fatalf("diagnostics %v", diags)
	}
}

// TestLawDiagnostics checks that an engine's error carrying LawErrors,
// wrapped or joined, turns into one diagnostic per law.
func TestLawDiagnostics(t *testing.T) {
	m, diags := LoadSources([]Source{{Filename: "law.hcl", Bytes: []byte("service \"a\" {\n  fleet {\n    servers = 100\n  }\n  resource \"r\" {\n    per_server = 1000 / (N - 5000)\n    limit = 1e9\n  }\n}\n")}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	_, err := m.Services[0].Resources[0].Law(5000)
	var le *LawError
	if !errors.As(err, &le) || le.N != 5000 {
		t.Fatalf("Law(5000) = %v", err)
	}
	wrapped := errors.Join(fmt.Errorf("scaling: a: %w", err), errors.New("other"), fmt.Errorf("again: %w", err))
	d := LawDiagnostics(wrapped)
	if len(d) != 1 || d[0].Subject.Start.Line != 6 || d[0].Summary != "Invalid per_server expression" {
		t.Errorf("diagnostics %v", d)
	}
	if LawDiagnostics(errors.New("plain")) != nil || LawDiagnostics(nil) != nil {
		t.Error("diagnostics from an error without a law")
	}
}
