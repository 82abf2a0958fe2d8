package check

import (
	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
)

// Relocate points each new finding at what the change added: the first
// dependency on its evidence path that the base did not have, or a fleet
// size that changed. A reviewer then sees the finding on the added lines.
func Relocate(fs []analyze.Finding, base, head *model.Model) {
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
	for i := range fs {
		f := &fs[i]
		if r := addedOnPath(f.Path, added, head); r != nil {
			f.Range = r
			continue
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
	seen := map[string]bool{path[0]: true}
	queue := []string{path[0]}
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
