package topology

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/blast-tool/blast/model"
	tfjson "github.com/hashicorp/terraform-json"
)

// readTerraform reads `terraform show -json` output: a state (show
// without a plan file), or a saved plan's JSON, whose prior_state is used.
// Every managed resource instance of the root module and of child modules
// becomes a service whose ID is its address ("module.vpc.aws_subnet.a",
// "aws_instance.web[0]" becoming "aws_instance.web-0-"), tagged with its
// type and module. A resource's depends_on (which Terraform records for
// explicit depends_on and for references alike) names configuration
// addresses, without instance keys: each becomes a dependency on every
// instance of that resource. Data sources are read, not run: they are
// skipped, with a note.
//
// The JSON is decoded with github.com/hashicorp/terraform-json, HashiCorp's
// own types for this output, which also check its format_version.
func readTerraform(t *Topology, s Source) {
	src, err := io.ReadAll(s.R)
	if err != nil {
		t.Error(At(s.Name, 0, 0), "Failed to read file", err.Error())
		return
	}
	fail := func(err error) {
		lines := newLineIndex(src)
		line, col := 0, 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		msg := err.Error()
		switch {
		case errors.As(err, &se):
			line, col = lines.at(se.Offset)
		case errors.As(err, &te):
			line, col = lines.at(te.Offset)
			msg = fmt.Sprintf("%s holds a %s where Terraform writes a %s", te.Field, te.Value, te.Type)
		}
		t.Error(At(s.Name, line, col), "Invalid terraform show -json output", msg+". Run terraform show -json > state.json and import that file.")
	}
	var probe struct {
		FormatVersion string          `json:"format_version"`
		Values        json.RawMessage `json:"values"`
		PlannedValues json.RawMessage `json:"planned_values"`
		PriorState    json.RawMessage `json:"prior_state"`
	}
	if err := json.Unmarshal(src, &probe); err != nil {
		fail(err)
		return
	}
	var state tfjson.State
	switch {
	case probe.PlannedValues != nil:
		if probe.PriorState == nil || string(probe.PriorState) == "null" {
			t.Error(At(s.Name, 1, 1), "Plan without prior state", "This plan has no prior_state, so no resource's depends_on is known. Import the state instead: terraform show -json > state.json (after apply).")
			return
		}
		if err := json.Unmarshal(probe.PriorState, &state); err != nil {
			fail(err)
			return
		}
	case probe.FormatVersion != "":
		if err := json.Unmarshal(src, &state); err != nil {
			fail(err)
			return
		}
	default:
		t.Error(At(s.Name, 1, 1), "Not terraform show -json output", "The JSON has no format_version. Run terraform show -json > state.json and import that file.")
		return
	}
	if state.Values == nil || state.Values.RootModule == nil {
		return // an empty state: Import says there is nothing to import
	}
	at := At(s.Name, 0, 0)
	type instance struct {
		res *tfjson.StateResource
		svc *Service
	}
	byConfig := map[string][]instance{} // config address -> instances
	var all []instance
	var data []string
	var walk func(m *tfjson.StateModule)
	walk = func(m *tfjson.StateModule) {
		for _, r := range m.Resources {
			if r.Mode == tfjson.DataResourceMode {
				data = append(data, r.Address)
				continue
			}
			svc := t.AddService(r.Address, r.Address, at)
			if svc == nil {
				continue
			}
			svc.Tags = append(svc.Tags, "type:"+r.Type)
			if m.Address != "" {
				svc.Tags = append(svc.Tags, "module:"+m.Address)
			}
			in := instance{r, svc}
			c := configAddress(r.Address)
			byConfig[c] = append(byConfig[c], in)
			all = append(all, in)
		}
		for _, c := range m.ChildModules {
			walk(c)
		}
	}
	walk(state.Values.RootModule)
	if len(data) > 0 {
		sort.Strings(data)
		t.Warn(at, "Data sources skipped", fmt.Sprintf("%d data %s (%s) skipped: they are read when Terraform runs, not run themselves, so no service fails with them.", len(data), plural(len(data), "source", "sources"), strings.Join(data, ", ")))
	}
	for _, in := range all {
		for _, dep := range in.res.DependsOn {
			targets := byConfig[configAddress(dep)]
			if len(targets) == 0 {
				if !strings.HasPrefix(configAddress(dep), "data.") && !strings.Contains(configAddress(dep), ".data.") {
					t.Warn(at, "Dependency on a missing resource", fmt.Sprintf("%s depends on %s, which is not in the state; the dependency is left out.", in.res.Address, dep))
				}
				continue
			}
			for _, to := range targets {
				t.AddEdge(in.svc, to.svc, model.ImpactOutage, 0, s.Name+" (depends_on)", at)
			}
		}
	}
}

// configAddress strips the instance keys from a resource instance address:
// module.app["x"].aws_instance.web[0] is module.app.aws_instance.web. Keys
// are [number] or ["string"], and a string key may hold brackets, dots and
// escaped quotes.
func configAddress(addr string) string {
	var b strings.Builder
	for i := 0; i < len(addr); i++ {
		if addr[i] == '[' {
			i = closingBracket(addr, i)
			continue
		}
		b.WriteByte(addr[i])
	}
	return b.String()
}

// closingBracket is the index of the ']' closing the '[' at open, skipping
// quoted strings, or the end of s.
func closingBracket(s string, open int) int {
	inStr := false
	for i := open + 1; i < len(s); i++ {
		switch c := s[i]; {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case !inStr && c == ']':
			return i
		}
	}
	return len(s)
}
