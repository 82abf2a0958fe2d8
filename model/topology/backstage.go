package topology

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"gopkg.in/yaml.v3"
)

// importBackstage reads Backstage catalog entity files: YAML streams of
// entities (apiVersion backstage.io/v1alpha1, kind, metadata, spec), as
// catalog-info.yaml files hold them. Components and Resources become
// services; every other kind (System, API, Group, Domain, Location, ...) is
// skipped with one note per kind. spec.dependsOn of an entity and
// spec.dependencyOf naming it give the same dependency, recorded once.
//
// Entity refs are [kind:][namespace/]name, compared case-insensitively as
// Backstage does; the namespace defaults to the referring entity's, and a
// ref without a kind names the Component or Resource of that name. A ref to
// an entity the files do not define still becomes a service, with a note.
// spec.type, spec.owner, spec.system and spec.lifecycle become tags
// ("type:service", "owner:team-a"), with metadata.tags after them; a
// Resource of type database gets role storage. A service's ID is the
// entity's name, prefixed with its namespace outside "default"
// ("payments/ledger" becomes "payments-ledger").
//
// The YAML is read with gopkg.in/yaml.v3, whose Decoder reads a stream of
// documents and whose Nodes keep the line of every value.
func importBackstage(srcs []Source) *Topology {
	t := New("backstage")
	var ents []*entity
	byKey := map[string]*entity{}
	for _, s := range srcs {
		for _, e := range readEntities(t, s) {
			if first := byKey[e.key()]; first != nil {
				t.Error(e.at, "Duplicate entity", fmt.Sprintf("%s is already defined at %s. Backstage refuses two entities with one kind, namespace and name: remove one.", e.ref(), where(first.at)))
				continue
			}
			byKey[e.key()] = e
			ents = append(ents, e)
		}
	}
	if t.Diags.HasErrors() {
		return t
	}
	byName := map[string][]*entity{} // namespace/name -> Components and Resources
	skipped := map[string][]*entity{}
	for _, e := range ents {
		if e.modelled() {
			byName[e.nsName()] = append(byName[e.nsName()], e)
			e.svc = t.AddService(e.key(), e.idName(), e.at)
			if e.svc != nil {
				e.describe()
			}
		} else {
			skipped[e.Kind] = append(skipped[e.Kind], e)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(skipped)) {
		es := skipped[k]
		names := make([]string, len(es))
		for i, e := range es {
			names[i] = e.Metadata.Name
		}
		t.Warn(es[0].at, "Entities skipped", fmt.Sprintf("%d %s %s (%s) skipped: blast imports Components and Resources, the things that run and fail.", len(es), k, plural(len(es), "entity", "entities"), strings.Join(names, ", ")))
	}

	resolve := func(from *entity, r refAt) *Service {
		kind, ns, name, ok := parseRef(r.ref, from.namespace())
		if !ok {
			t.Error(r.at, "Invalid entity ref", fmt.Sprintf("%q is not an entity ref. Write [kind:][namespace/]name, such as component:default/orders.", r.ref))
			return nil
		}
		key := ns + "/" + name
		var target *entity
		if kind != "" {
			target = byKey[kind+":"+key]
		} else {
			switch c := byName[key]; len(c) {
			case 0:
			case 1:
				target = c[0]
			default:
				t.Error(r.at, "Ambiguous entity ref", fmt.Sprintf("%q names both %s and %s. Add the kind: %s or %s.", r.ref, c[0].ref(), c[1].ref(), c[0].ref(), c[1].ref()))
				return nil
			}
		}
		switch {
		case target != nil && target.modelled():
			return target.svc
		case target != nil:
			t.Warn(r.at, "Dependency skipped", fmt.Sprintf("%s depends on %s, a %s: blast imports dependencies on Components and Resources only.", from.ref(), target.ref(), target.Kind))
			return nil
		case kind != "" && kind != "component" && kind != "resource":
			t.Warn(r.at, "Dependency skipped", fmt.Sprintf("%s depends on %s, which is not a Component or Resource.", from.ref(), r.ref))
			return nil
		}
		// Defined in no file given: a service all the same, with a note.
		idName := name
		if ns != "default" {
			idName = ns + "/" + name
		}
		s := t.AddService("?:"+key, idName, r.at)
		if s != nil {
			s.Notes = appendOnce(s.Notes, fmt.Sprintf("Referenced as %q at %s; no file given defines it.", r.ref, where(r.at)))
		}
		return s
	}
	for _, e := range ents {
		if !e.modelled() {
			continue
		}
		for _, r := range e.dependsOn {
			t.AddEdge(e.svc, resolve(e, r), model.ImpactOutage, 0, where(r.at)+" (dependsOn)", r.at)
		}
		for _, r := range e.dependencyOf {
			t.AddEdge(resolve(e, r), e.svc, model.ImpactOutage, 0, where(r.at)+" (dependencyOf)", r.at)
		}
	}
	return t.Finish()
}

// entity is the part of a Backstage entity that blast reads.
type entity struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name      string   `yaml:"name"`
		Namespace string   `yaml:"namespace"`
		Title     string   `yaml:"title"`
		Tags      []string `yaml:"tags"`
	} `yaml:"metadata"`
	Spec struct {
		Type      string `yaml:"type"`
		Lifecycle string `yaml:"lifecycle"`
		Owner     string `yaml:"owner"`
		System    string `yaml:"system"`
	} `yaml:"spec"`

	at           hcl.Range
	dependsOn    []refAt
	dependencyOf []refAt
	svc          *Service
}

type refAt struct {
	ref string
	at  hcl.Range
}

func (e *entity) namespace() string {
	if e.Metadata.Namespace == "" {
		return "default"
	}
	return strings.ToLower(e.Metadata.Namespace)
}

func (e *entity) nsName() string { return e.namespace() + "/" + strings.ToLower(e.Metadata.Name) }
func (e *entity) key() string    { return strings.ToLower(e.Kind) + ":" + e.nsName() }
func (e *entity) ref() string {
	return strings.ToLower(e.Kind) + ":" + e.namespace() + "/" + e.Metadata.Name
}

func (e *entity) modelled() bool {
	k := strings.ToLower(e.Kind)
	return k == "component" || k == "resource"
}

func (e *entity) idName() string {
	if e.namespace() == "default" {
		return e.Metadata.Name
	}
	return e.namespace() + "/" + e.Metadata.Name
}

// describe sets the service's title, role and tags from the entity.
func (e *entity) describe() {
	s := e.svc
	s.Title = e.Metadata.Title
	if strings.EqualFold(e.Kind, "resource") && strings.EqualFold(e.Spec.Type, "database") {
		s.Role = model.RoleStorage
	}
	for _, kv := range [][2]string{{"type", e.Spec.Type}, {"owner", shortOwner(e.Spec.Owner)}, {"system", e.Spec.System}, {"lifecycle", e.Spec.Lifecycle}} {
		if kv[1] != "" {
			s.Tags = append(s.Tags, kv[0]+":"+kv[1])
		}
	}
	s.Tags = append(s.Tags, e.Metadata.Tags...)
}

// shortOwner writes an owner ref as Backstage displays it: without the
// default kind (group) and the default namespace.
func shortOwner(ref string) string {
	kind, ns, name, ok := parseRef(ref, "default")
	if !ok || kind != "" && kind != "group" || ns != "default" {
		return ref
	}
	return name
}

// refPattern is Backstage's compact entity ref.
var refPattern = regexp.MustCompile(`^(?:([^:/]+):)?(?:([^:/]+)/)?([^:/]+)$`)

// parseRef splits [kind:][namespace/]name, lower-cased, the namespace
// defaulting to ns; kind is "" when the ref has none.
func parseRef(ref, ns string) (kind, namespace, name string, ok bool) {
	m := refPattern.FindStringSubmatch(strings.TrimSpace(ref))
	if m == nil {
		return "", "", "", false
	}
	kind, namespace, name = strings.ToLower(m[1]), strings.ToLower(m[2]), strings.ToLower(m[3])
	if namespace == "" {
		namespace = ns
	}
	return kind, namespace, name, true
}

// readEntities decodes every document of one file.
func readEntities(t *Topology, s Source) []*entity {
	var out []*entity
	dec := yaml.NewDecoder(s.R)
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Error(yamlErrorAt(s.Name, err), "Invalid YAML", yamlMessage(err)+". A catalog file holds YAML documents separated by ---.")
			return out
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null" {
			continue // an empty document, as after a trailing ---
		}
		root := doc.Content[0]
		at := At(s.Name, root.Line, root.Column)
		e := &entity{at: at}
		if root.Kind != yaml.MappingNode {
			t.Error(at, "Not a Backstage entity", "A catalog document is a mapping with apiVersion, kind, metadata and spec.")
			continue
		}
		if err := root.Decode(e); err != nil {
			t.Error(yamlErrorAt(s.Name, err), "Invalid Backstage entity", yamlMessage(err)+".")
			continue
		}
		if e.Kind == "" || e.Metadata.Name == "" {
			t.Error(at, "Not a Backstage entity", "An entity needs a kind and a metadata.name, as in:\n  apiVersion: backstage.io/v1alpha1\n  kind: Component\n  metadata:\n    name: orders")
			continue
		}
		spec := child(root, "spec")
		var ok bool
		if e.dependsOn, ok = refList(t, s.Name, child(spec, "dependsOn"), "spec.dependsOn"); !ok {
			continue
		}
		if e.dependencyOf, ok = refList(t, s.Name, child(spec, "dependencyOf"), "spec.dependencyOf"); !ok {
			continue
		}
		out = append(out, e)
	}
}

// child is the value of key in a mapping node, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func refList(t *Topology, file string, n *yaml.Node, what string) ([]refAt, bool) {
	if n == nil || n.Tag == "!!null" {
		return nil, true
	}
	if n.Kind != yaml.SequenceNode {
		t.Error(At(file, n.Line, n.Column), "Invalid "+what, what+" is a list of entity refs, such as [resource:default/orders-db].")
		return nil, false
	}
	var out []refAt
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			t.Error(At(file, item.Line, item.Column), "Invalid "+what, what+" holds entity refs: strings such as component:default/orders.")
			return nil, false
		}
		out = append(out, refAt{ref: item.Value, at: At(file, item.Line, item.Column)})
	}
	return out, true
}

// yamlLine finds "line N" in yaml.v3's messages, which carry no position
// field.
var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorAt(file string, err error) hcl.Range {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return At(file, n, 1)
	}
	return At(file, 0, 0)
}

// yamlMessage is yaml.v3's message without its "yaml: line N:" prefix.
func yamlMessage(err error) string {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = yamlLine.ReplaceAllString(msg, "")
	return strings.Trim(msg, ": ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
