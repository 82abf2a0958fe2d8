package analyze

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
)

// ServiceList is an ascending list of services of one model, held as
// positions in a table of service IDs that every list of one analysis
// shares, and named on demand. A large model's single-point-of-failure
// lists hold 10^8 entries and more: a string each would cost 16 bytes
// apiece, these cost nothing beyond the analysis's own lists.
//
// The zero value is the empty list. Its JSON form is an array of IDs.
type ServiceList struct {
	ids []string // the table: position -> service ID
	at  []int32  // ascending positions in ids
}

// NewServiceList returns the list of the given IDs, sorted.
func NewServiceList(ids ...string) ServiceList {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	at := make([]int32, len(ids))
	for i := range at {
		at[i] = int32(i)
	}
	return ServiceList{ids: ids, at: at}
}

// Len is the number of services in the list.
func (l ServiceList) Len() int { return len(l.at) }

// At returns the ID of the i-th service.
func (l ServiceList) At(i int) string { return l.ids[l.at[i]] }

// All yields the IDs in order.
func (l ServiceList) All() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, p := range l.at {
			if !yield(l.ids[p]) {
				return
			}
		}
	}
}

// IDs returns the IDs in a new slice, never nil.
func (l ServiceList) IDs() []string {
	out := make([]string, 0, len(l.at))
	for id := range l.All() {
		out = append(out, id)
	}
	return out
}

// Table returns the table of IDs the list indexes and the list's
// positions in it, for a writer that names many lists of one analysis
// from one table (they share it) instead of entry by entry. Callers must
// not modify either slice.
func (l ServiceList) Table() (ids []string, at []int32) { return l.ids, l.at }

// MarshalJSON writes the list as an array of IDs ([] when empty). It
// leaves <, > and & alone: the encoder that calls it escapes them or not.
func (l ServiceList) MarshalJSON() ([]byte, error) {
	ids := l.IDs()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ids); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Without returns, in order, the IDs of l that o lacks: a linear merge of
// the two ascending lists, which may index different tables (a base model
// and its change). It is never nil.
func (l ServiceList) Without(o ServiceList) []string {
	out := []string{}
	j := 0
	for i := range l.at {
		id := l.At(i)
		for j < len(o.at) && o.At(j) < id {
			j++
		}
		if j < len(o.at) && o.At(j) == id {
			continue
		}
		out = append(out, id)
	}
	return out
}

// idsFact is the table of a model's service IDs by node: nodes are
// numbered in ID order, and every list of the analysis (ServiceList,
// nodeNames) names its services from this one table, by position, so that
// a writer quotes each ID once however many lists name it.
var idsFact = newFact("ids", "the table of service IDs by node that the lists name their services from",
	func(p *Pass) ([]string, error) {
		table := make([]string, p.Graph.Len())
		for i := range table {
			table[i] = p.Graph.ID(i)
		}
		return table, nil
	})

// nodeNames is a list of graph nodes, ascending, named only when written:
// a finding's data that would otherwise copy 10^7 IDs into strings on a
// large model (shared-fate lists every victim). It writes as the []string
// of its IDs would, in JSON and with %v.
type nodeNames[P int | int32] struct {
	table []string // idsFact's
	nodes []P
}

// namesOf returns the nodeNames of nodes, named from table.
func namesOf[P int | int32](table []string, nodes []P) nodeNames[P] {
	return nodeNames[P]{table, nodes}
}

func (l nodeNames[P]) ids() []string {
	out := make([]string, len(l.nodes))
	for i, v := range l.nodes {
		out[i] = l.table[v]
	}
	return out
}

// MarshalJSON writes the IDs as a JSON array, leaving HTML escaping to the
// encoder that calls it.
func (l nodeNames[P]) MarshalJSON() ([]byte, error) { return NewServiceList(l.ids()...).MarshalJSON() }

// String is fmt's %v of the IDs: "[a b c]".
func (l nodeNames[P]) String() string { return fmt.Sprint(l.ids()) }

// Len is the number of nodes in the list.
func (l nodeNames[P]) Len() int { return len(l.nodes) }

// At returns the ID of the i-th node.
func (l nodeNames[P]) At(i int) string { return l.table[l.nodes[i]] }

// Table returns the table of IDs and the list's positions in it, as
// ServiceList.Table does. Callers must not modify either slice.
func (l nodeNames[P]) Table() (ids []string, at []P) { return l.table, l.nodes }
