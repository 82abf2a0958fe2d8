package topology

import (
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/hashicorp/hcl/v2"
	"gopkg.in/yaml.v3"
)

// importCompose reads Docker Compose files as `docker compose -f A -f B`
// does, with github.com/compose-spec/compose-go/v2, the Compose
// specification's reference loader: later files override earlier ones,
// `extends` and `include` are followed, ${VAR} is interpolated from the
// environment and a .env file, and services of every profile are imported
// (tagged "profile:NAME"). Each service becomes a service; each entry of
// depends_on (list or map form) and of links a dependency. `required:
// false` makes it impact "degraded": the service starts without it.
// compose-go also turns network_mode "service:X" and volumes_from into
// dependencies, as Compose orders startup by them.
//
// compose-go reports no positions, so each file is also scanned with
// gopkg.in/yaml.v3 for the line on which a dependency is written, for its
// note.
func importCompose(srcs []Source) *Topology {
	t := New("compose")
	var files []types.ConfigFile
	lines := map[[2]string]composeDecl{}
	for _, s := range srcs {
		b, err := io.ReadAll(s.R)
		if err != nil {
			t.Error(At(s.Name, 0, 0), "Failed to read file", err.Error())
			return t
		}
		if !scanCompose(t, s.Name, b, lines) {
			return t
		}
		files = append(files, types.ConfigFile{Filename: s.Name, Content: b})
	}
	dir, _ := filepath.Abs(filepath.Dir(srcs[0].Name))
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	p, err := loader.LoadWithContext(context.Background(),
		types.ConfigDetails{WorkingDir: dir, ConfigFiles: files, Environment: env},
		func(o *loader.Options) {
			o.SetProjectName("blast-import", false)
			o.Profiles = []string{"*"}
			o.SkipResolveEnvironment = true
			o.ResolvePaths = false
		})
	if err != nil {
		t.Error(composeErrorAt(err, srcs[0].Name, lines), "Invalid Compose file", composeMessage(err)+".")
		return t
	}
	names := slices.Sorted(maps.Keys(p.Services))
	first := At(srcs[0].Name, 0, 0)
	for _, name := range names {
		at := first
		if d, ok := lines[[2]string{name, ""}]; ok {
			at = d.at
		}
		svc := t.AddService(name, name, at)
		if svc == nil {
			continue
		}
		for _, pr := range p.Services[name].Profiles {
			svc.Tags = append(svc.Tags, "profile:"+pr)
		}
	}
	for _, name := range names {
		sc := p.Services[name]
		for _, dep := range slices.Sorted(maps.Keys(sc.DependsOn)) {
			cond := sc.DependsOn[dep]
			decl, ok := lines[[2]string{name, dep}]
			if !ok {
				decl = composeDecl{at: first, key: "depends_on"}
			}
			// compose-go's consistency check has made sure dep is defined.
			to := t.Service(MakeID(dep))
			impact := model.ImpactOutage
			var how []string
			if decl.key == "depends_on" && cond.Condition != "" && cond.Condition != types.ServiceConditionStarted {
				how = append(how, "condition "+cond.Condition)
			}
			if !cond.Required {
				impact = model.ImpactDegraded
				how = append(how, "required: false")
			}
			src := where(decl.at) + " (" + strings.Join(append([]string{decl.key}, how...), ", ") + ")"
			t.AddEdge(t.Service(MakeID(name)), to, impact, 0, src, decl.at)
		}
	}
	return t.Finish()
}

// composeDecl is where a file names a service ({service, ""}) or one of
// its dependencies, and under which key.
type composeDecl struct {
	at  hcl.Range
	key string // depends_on, links, network_mode, volumes_from
}

// scanCompose records the lines of services and of their dependencies in
// one file; later files override earlier ones, as their content does. A
// YAML syntax error is reported here, with its line.
func scanCompose(t *Topology, file string, src []byte, out map[[2]string]composeDecl) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Error(yamlErrorAt(file, err), "Invalid YAML", yamlMessage(err)+". A Compose file is one YAML document with a services mapping.")
		return false
	}
	if len(doc.Content) == 0 {
		return true
	}
	services := child(doc.Content[0], "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return true
	}
	for i := 0; i+1 < len(services.Content); i += 2 {
		name, body := services.Content[i].Value, services.Content[i+1]
		at := func(n *yaml.Node) hcl.Range { return At(file, n.Line, n.Column) }
		out[[2]string{name, ""}] = composeDecl{at: at(services.Content[i])}
		for _, key := range []string{"depends_on", "links", "volumes_from", "network_mode"} {
			n := child(body, key)
			if n == nil {
				continue
			}
			switch n.Kind {
			case yaml.SequenceNode:
				for _, item := range n.Content {
					target, _, _ := strings.Cut(item.Value, ":")
					out[[2]string{name, target}] = composeDecl{at: at(item), key: key}
				}
			case yaml.MappingNode:
				for j := 0; j < len(n.Content); j += 2 {
					out[[2]string{name, n.Content[j].Value}] = composeDecl{at: at(n.Content[j]), key: key}
				}
			case yaml.ScalarNode:
				if target, ok := strings.CutPrefix(n.Value, "service:"); ok {
					out[[2]string{name, target}] = composeDecl{at: at(n), key: key}
				}
			}
		}
	}
	return true
}

var (
	composeFile    = regexp.MustCompile(`^failed to parse (\S+): `)
	composeService = regexp.MustCompile(`^service "([^"]+)"(?: depends on undefined service "([^"]+)")?`)
)

// composeErrorAt locates compose-go's error: its YAML errors carry a line;
// the others (an undefined service, a bad value) only a message, which
// names the service, whose line the scan found.
func composeErrorAt(err error, first string, lines map[[2]string]composeDecl) hcl.Range {
	msg := err.Error()
	if m := composeService.FindStringSubmatch(msg); m != nil {
		if d, ok := lines[[2]string{m[1], m[2]}]; ok {
			return d.at
		}
		if d, ok := lines[[2]string{m[1], ""}]; ok {
			return d.at
		}
	}
	file := first
	if m := composeFile.FindStringSubmatch(msg); m != nil {
		file = m[1]
	}
	if m := yamlLine.FindAllStringSubmatch(msg, -1); m != nil {
		n, _ := strconv.Atoi(m[len(m)-1][1])
		return At(file, n, 1)
	}
	return At(file, 0, 0)
}

func composeMessage(err error) string {
	msg := composeFile.ReplaceAllString(err.Error(), "")
	return strings.TrimSuffix(strings.TrimSuffix(msg, ": invalid compose project"), ".")
}
