package topology

import (
	"slices"

	"github.com/blast-tool/blast/model"
)

// Lacking returns what m lacks of t, as a Topology to write into a new file
// beside m's: every service m does not declare, with all its dependencies;
// and for each service m declares, an Extend service holding only the
// dependencies and tags m's service lacks (services m has in full are left
// out). What m declares is never changed: a dependency m has with another
// impact stays m's. The result is finished; its Diags are t's.
func Lacking(t *Topology, m *model.Model) *Topology {
	t.sort()
	d := New(t.Format)
	d.Observed = t.Observed
	d.Diags = t.Diags
	d.lacking = true
	for _, s := range t.Services {
		have := m.Service(s.ID)
		if have == nil {
			d.add(s, t.EdgesFrom(s.ID))
			continue
		}
		var tags []string
		for _, tag := range s.Tags {
			if !slices.Contains(have.Tags, tag) {
				tags = append(tags, tag)
			}
		}
		var edges []*Edge
		for _, e := range t.EdgesFrom(s.ID) {
			if !dependsOn(have, e.To) {
				edges = append(edges, e)
			}
		}
		if len(tags) == 0 && len(edges) == 0 {
			continue
		}
		x := &Service{ID: s.ID, Name: s.Name, Tags: tags, Extend: true, key: s.key, origin: s.origin}
		d.add(x, edges)
	}
	d.sort()
	return d
}

func (t *Topology) add(s *Service, edges []*Edge) {
	t.Services = append(t.Services, s)
	t.byID[s.ID] = s
	t.byKey[s.key] = s
	for _, e := range edges {
		t.edges[[2]string{e.From, e.To}] = e
		t.Edges = append(t.Edges, e)
	}
	t.sorted = false
}

func dependsOn(s *model.Service, id string) bool {
	for _, d := range s.DependsOn {
		if d.To == id {
			return true
		}
	}
	return false
}
