package check

import (
	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
)

// Relocate points the findings the change introduced or made worse at what
// the change added: the first dependency that the base did not have on a
// finding's evidence path (or, for a finding about more services than
// before, below those it gained), or a fleet size that changed. A reviewer
// then sees the finding on the added lines. The same finding in Findings
// gets the same range, so that every view shows it at one location.
func (o *Outcome) Relocate(base, head *model.Model) {
	added := addedDependencies(base, head)
	moved := map[string]*analyze.Range{} // Key and message -> the range it moved to
	move := func(f *analyze.Finding, from []string) {
		before := f.Range
		relocate(f, from, added, base, head)
		if f.Range != before {
			moved[f.Key()+"\x00"+f.Message] = f.Range
		}
	}
	for i := range o.New {
		move(&o.New[i], nil)
	}
	for i := range o.Worsened {
		w := &o.Worsened[i]
		// A finding about more services: look first for what the change
		// added from the services it gained.
		gained := without(w.Head.Subjects, w.Base.Subjects)
		move(&w.Head, gained)
	}
	for i := range o.Findings {
		f := &o.Findings[i]
		if r, ok := moved[f.Key()+"\x00"+f.Message]; ok {
			f.Range = r
		}
	}
}

// addedDependencies returns the dependencies of head that base lacks, by
// dependent and dependency.
func addedDependencies(base, head *model.Model) map[[2]string]*model.Dependency {
	had := map[[2]string]bool{}
	for _, s := range base.Services {
		for _, d := range s.DependsOn {
			had[[2]string{s.ID, d.To}] = true
		}
	}
	added := map[[2]string]*model.Dependency{}
	for _, s := range head.Services {
		for _, d := range s.DependsOn {
			if !had[[2]string{s.ID, d.To}] {
				added[[2]string{s.ID, d.To}] = d
			}
		}
	}
	return added
}

// relocate points f at an added dependency reachable from the services of
// from, else at one on or below its path, else at a fleet size that changed.
func relocate(f *analyze.Finding, from []string, added map[[2]string]*model.Dependency, base, head *model.Model) {
	if r := addedBelow(from, added, head); r != nil {
		f.Range = r
		return
	}
	if r := addedOnPath(f.Path, added, head); r != nil {
		f.Range = r
		return
	}
	for _, id := range f.Subjects {
		hs, bs := head.Service(id), base.Service(id)
		if hs == nil || bs == nil || hs.Fleet == nil || bs.Fleet == nil {
			continue
		}
		if hs.Fleet.Servers != bs.Fleet.Servers {
			if r, ok := hs.Fleet.AttrRanges["servers"]; ok {
				f.Range = analyze.RangeOf(r)
			}
			break
		}
	}
}

// addedOnPath finds an added dependency along a finding's path (in either
// direction: dependency chains and failure chains both occur), else along
// any chain from the finding's first subject.
func addedOnPath(path []string, added map[[2]string]*model.Dependency, head *model.Model) *analyze.Range {
	for i := 0; i+1 < len(path); i++ {
		for _, k := range [][2]string{{path[i], path[i+1]}, {path[i+1], path[i]}} {
			if d := added[k]; d != nil {
				return analyze.RangeOf(d.DeclRange)
			}
		}
	}
	// The path may go around the added edge (a redundancy group's other
	// member): look for an added dependency reachable from its start.
	if len(path) == 0 {
		return nil
	}
	return addedBelow(path[:1], added, head)
}

// addedBelow finds an added dependency reachable from the services of from
// down their dependencies, breadth first.
func addedBelow(from []string, added map[[2]string]*model.Dependency, head *model.Model) *analyze.Range {
	seen := map[string]bool{}
	queue := []string{}
	for _, id := range from {
		if !seen[id] {
			seen[id] = true
			queue = append(queue, id)
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		s := head.Service(id)
		if s == nil {
			continue
		}
		for _, d := range s.DependsOn {
			if a := added[[2]string{id, d.To}]; a != nil {
				return analyze.RangeOf(a.DeclRange)
			}
			if !seen[d.To] {
				seen[d.To] = true
				queue = append(queue, d.To)
			}
		}
	}
	return nil
}
