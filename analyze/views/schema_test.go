package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/analyze/sim"
	"github.com/blast-tool/blast/graph"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/invopop/jsonschema"
	schemavalidator "github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir holds the published JSON Schemas of blast's JSON documents,
// one per document shape (docs/output.md lists which command writes which).
const schemaDir = "../../docs/schema"

// documentSchemas are the JSON documents blast writes: the schema's file
// name, what it describes and the Go type the view encodes.
var documentSchemas = []struct {
	name, title string
	doc         any
}{
	{"report", "blast analyze, check and drift --format json", jsonReport{}},
	{"invalid", "blast check (and every command with a JSON output) when the input is invalid", jsonInvalid{}},
	{"cascade", "blast cascade --format json", jsonCascade{}},
	{"cutsets", "blast cutsets --format json", jsonCutSets{}},
	{"scaling", "blast scaling --format json", jsonScaling{}},
	{"simulate", "blast simulate --format json, a fleet scenario", jsonSimulation{}},
	{"simulate-load", "blast simulate --format json, a load scenario (disturbance blocks)", jsonLoad{}},
	{"sweep", "blast simulate --sweep --format json, a fleet scenario", jsonSweepOf[jsonSweepRow]{}},
	{"sweep-load", "blast simulate --sweep --format json, a load scenario", jsonSweepOf[jsonLoadSweepRow]{}},
}

// schemaOf is the JSON Schema of a document type, generated from the Go
// types that the views encode, so that it cannot drift from them.
func schemaOf(name, title string, doc any) ([]byte, error) {
	r := &jsonschema.Reflector{
		// Fields without omitempty are always written: required.
		ExpandedStruct: true,
		// The definitions are named for what they are, not for the views'
		// unexported types (jsonEntry: Entry).
		Namer: func(t reflect.Type) string { return strings.TrimPrefix(t.Name(), "json") },
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			switch t {
			case reflect.TypeOf(analyze.Severity(0)), reflect.TypeOf(new(analyze.Severity)).Elem():
				return &jsonschema.Schema{Type: "string", Enum: []any{"info", "warning", "error"}}
			case reflect.TypeOf(analyze.ServiceList{}):
				return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "string"}, Description: "service IDs"}
			}
			return nil
		},
	}
	s := r.Reflect(doc)
	s.ID = jsonschema.ID("https://github.com/blast-tool/blast/docs/schema/" + name + ".schema.json")
	s.Title = title
	s.Description = fmt.Sprintf("format_version %s; generated from the Go types of analyze/views (schema_test.go)", FormatVersion)
	out, err := json.MarshalIndent(s, "", "  ")
	return append(out, '\n'), err
}

// TestSchemas keeps docs/schema in step with the Go types (-update
// regenerates them).
func TestSchemas(t *testing.T) {
	for _, d := range documentSchemas {
		got, err := schemaOf(d.name, d.title, d.doc)
		if err != nil {
			t.Fatal(err)
		}
		modeltest.Golden(t, filepath.Join(schemaDir, d.name+".schema.json"), got)
	}
}

// TestOutputsMatchSchemas validates what each JSON view writes, for every
// shape of result the tests have, against its published schema.
func TestOutputsMatchSchemas(t *testing.T) {
	c := schemavalidator.NewCompiler()
	schemas := map[string]*schemavalidator.Schema{}
	for _, d := range documentSchemas {
		path := filepath.Join(schemaDir, d.name+".schema.json")
		s, err := c.Compile(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		schemas[d.name] = s
	}

	outputs := map[string][]byte{} // "schema name/case" -> JSON
	fixtures, err := docs()
	if err != nil {
		t.Fatal(err)
	}
	for name, fx := range fixtures {
		outputs["report/"+name] = render(t, "json", fx)
	}
	outputs["invalid/model"] = renderView(t, InvalidReport, "json", Options{}, invalidModel(t))

	m := kinesisModel(t)
	g := graph.New(m)
	r, err := cascade.Run(g, nodes(t, g, "kinesis-frontend"))
	if err != nil {
		t.Fatal(err)
	}
	outputs["cascade/kinesis-frontend"] = renderView(t, Cascade, "json", Options{}, r)
	cs, err := cascade.CutSets(g, nodes(t, g, "cognito")[0], 2)
	if err != nil {
		t.Fatal(err)
	}
	outputs["cutsets/cognito"] = renderView(t, CutSets, "json", Options{}, cs)
	outputs["scaling/model"] = renderView(t, Scaling, "json", Options{}, scaling.Rows(scalingModel(t), 0.25))
	outputs["simulate/kinesis"] = renderView(t, Simulation, "json", Options{}, replay(t))
	outputs["simulate-load/storm"] = renderView(t, Simulation, "json", Options{}, storm(t))
	fleet := &sim.SweepResult{Path: "recovery.restart_rate", Rows: []sim.SweepRow{{Value: 350, Result: replay(t).Result}, {Value: 1e6, Err: errTest}}}
	outputs["sweep/kinesis"] = renderView(t, Sweep, "json", Options{}, fleet)
	load := &sim.SweepResult{Path: "api.load", Rows: []sim.SweepRow{{Value: 100, Load: storm(t).Load}, {Value: 1e6, Err: errTest}}}
	outputs["sweep-load/storm"] = renderView(t, Sweep, "json", Options{}, load)

	for key, out := range outputs {
		name := filepath.Dir(key)
		inst, err := schemavalidator.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if err := schemas[name].Validate(inst); err != nil {
			t.Errorf("%s does not match docs/schema/%s.schema.json: %v", key, name, err)
		}
	}
	for _, d := range documentSchemas {
		if _, err := os.Stat(filepath.Join(schemaDir, d.name+".schema.json")); err != nil {
			t.Error(err)
		}
	}
}
