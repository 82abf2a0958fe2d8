package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/model"
)

// Note kinds, stored in a policy note's Data["kind"]. Notes are about the
// policy itself (an ignore block), not about the architecture, so they are
// kept apart from findings: Outcome.Notes, never Outcome.New or the contract's
// "findings" list. A note carries the rule ID of the ignore it is about, so
// that readers can tell which rule's findings it affects.
const (
	NoteExpired = "expired-ignore"
	NoteStale   = "stale-ignore"
)

// ApplyPolicy splits findings into those that are reported (kept) and those
// suppressed by an ignore block of pol (ignored), and returns notes about the
// ignores themselves:
//
//   - An ignore "RULE" matches a finding of RULE whose subjects include
//     every subject listed in the ignore (an ignore with no subjects matches
//     every finding of RULE), the way an inline suppression in a linter is
//     scoped to a rule and a location, and suppresses it. A finding whose
//     rule identifies it by some of its subjects (analyze.Analyzer.Identity)
//     says something about each of the others: a single point of failure
//     and each critical service it takes out. An ignore that names some of
//     those accepts only them, and the finding is suppressed once every one
//     is accepted: accepting that the facility takes out the control plane
//     does not accept that it takes out billing too.
//   - An ignore with `until` applies through that calendar day (in until's
//     time zone); from the next day on it lapses, no longer suppresses
//     anything and yields a warning note, so that temporary exceptions cannot
//     silently become permanent.
//   - A live ignore that suppresses nothing is stale and yields a warning
//     note: dead exceptions hide future regressions of the same subjects.
//
// The input is not modified; kept and ignored keep the input's order and
// notes follow the order of pol.Ignores.
func ApplyPolicy(findings []analyze.Finding, pol model.Policy, now time.Time) (kept, ignored []analyze.Finding, notes []analyze.Finding) {
	live := make([]*model.Ignore, 0, len(pol.Ignores))
	for _, ig := range pol.Ignores {
		if ig == nil {
			continue
		}
		if Expired(ig, now) {
			notes = append(notes, note(ig, NoteExpired,
				fmt.Sprintf("ignore of %s for %s expired on %s; the finding applies again",
					ig.Rule, bracket(ig.Subjects), ig.Until.Format("2006-01-02"))))
			continue
		}
		live = append(live, ig)
	}
	used := make([]bool, len(live))
	var matching []*model.Ignore
	for _, f := range findings {
		matching = matching[:0]
		for i, ig := range live {
			if Matches(ig, f) {
				used[i] = true
				matching = append(matching, ig)
			}
		}
		if len(matching) > 0 && accepted(f, matching) {
			ignored = append(ignored, f)
		} else {
			kept = append(kept, f)
		}
	}
	var stale []analyze.Finding
	for i, ig := range live {
		if !used[i] {
			stale = append(stale, note(ig, NoteStale,
				fmt.Sprintf("ignore of %s for %s matches no finding; remove it", ig.Rule, bracket(ig.Subjects))))
		}
	}
	// Expired notes first (they change the outcome), then stale ones.
	notes = append(notes, stale...)
	return kept, ignored, notes
}

// accepted reports whether the ignores that match f accept all it says.
// The subjects besides those that identify f are what f says about them,
// each on its own (the critical services a single point of failure takes
// out): an ignore that names some of them accepts only those, one that
// names none of them accepts them all.
func accepted(f analyze.Finding, matching []*model.Ignore) bool {
	claims := without(f.Subjects, f.Identity())
	ok := make([]bool, len(claims))
	for _, ig := range matching {
		named := false
		for j, c := range claims {
			if slices.Contains(ig.Subjects, c) {
				ok[j], named = true, true
			}
		}
		if !named {
			return true
		}
	}
	return !slices.Contains(ok, false)
}

// Expired reports whether ig has an `until` date that lies before now's
// calendar day, compared in until's time zone.
func Expired(ig *model.Ignore, now time.Time) bool {
	if !ig.HasUntil {
		return false
	}
	u := ig.Until
	n := now.In(u.Location())
	uy, um, ud := u.Date()
	ny, nm, nd := n.Date()
	if ny != uy {
		return ny > uy
	}
	if nm != um {
		return nm > um
	}
	return nd > ud
}

// Matches reports whether ig suppresses f: same rule, and f's subjects
// include all of ig's subjects.
func Matches(ig *model.Ignore, f analyze.Finding) bool {
	if ig.Rule != f.Rule {
		return false
	}
	// Subject lists are short (a path's length at most), so a nested scan
	// beats building a set for each of findings x ignores pairs.
	for _, s := range ig.Subjects {
		if !slices.Contains(f.Subjects, s) {
			return false
		}
	}
	return true
}

func note(ig *model.Ignore, kind, msg string) analyze.Finding {
	data := map[string]any{"kind": kind, "reason": ig.Reason}
	if ig.HasUntil {
		data["until"] = ig.Until.Format("2006-01-02")
	}
	subj := append([]string{}, ig.Subjects...)
	return analyze.Finding{
		Rule:     ig.Rule,
		Severity: analyze.Warning,
		Message:  msg,
		Subjects: subj,
		Range:    analyze.RangeOf(ig.DeclRange),
		Data:     data,
	}
}

func bracket(ss []string) string { return "[" + strings.Join(ss, ", ") + "]" }

// RadiusChange is a service whose blast radius or set of single points of
// failure grew between the base and the head model.
type RadiusChange struct {
	Service string              `json:"service"`
	Before  analyze.BlastRadius `json:"before"`
	After   analyze.BlastRadius `json:"after"`
	// SPOFsBefore and SPOFsAfter count single points of failure.
	SPOFsBefore int `json:"single_points_of_failure_before"`
	SPOFsAfter  int `json:"single_points_of_failure_after"`
	// AddedSPOFs lists the single points of failure the head adds, sorted.
	AddedSPOFs []string `json:"added_single_points_of_failure"`
}

// Diff is what changed between two analyses of the same configuration.
type Diff struct {
	New []analyze.Finding // in head, not in base
	// Worsened are findings of both that the change made worse, each
	// reported once, with the head's range: "db is now also a single point
	// of failure of checkout", "was a warning, now an error".
	Worsened  []Worsened
	Fixed     []analyze.Finding // in base, not in head
	Unchanged []analyze.Finding // in both, no worse (head's copy, with head's ranges)
	// RadiusChanges lists services present in both whose blast radius
	// (outage or degraded) or single points of failure grew, sorted by ID.
	RadiusChanges []RadiusChange
	// NewServices lists services of head absent from base, sorted.
	NewServices []string
}

// Worsened is one finding in base and head (one Finding.Key) that the
// change made worse: more severe, or about more services (a single point
// of failure that takes out one more critical service).
type Worsened struct {
	Head analyze.Finding `json:"finding"`
	Base analyze.Finding `json:"base"`
	// Change says what made it worse, in words (analyze.Worse).
	Change string `json:"change"`
}

// Compare matches findings of base and head by Finding.Key: the rule and
// the subjects that identify a finding (for single-point-of-failure, the
// cause), never line numbers, so moving a block does not make its findings
// "new", and a cause that takes out one more critical service is the same
// finding, made worse. A matched pair is unchanged when the head is no
// worse (analyze.Worse says nothing: no more severe, no subject added),
// else worsened; the head findings left are new and the base ones fixed.
// Findings with equal keys are matched as multisets, pairs that are no
// worse first. Inputs are not modified; outputs are in the contract's
// order.
func Compare(baseFindings, headFindings []analyze.Finding, baseServices, headServices []analyze.ServiceSummary) Diff {
	var d Diff
	pool := map[string][]int{} // key -> indices of unmatched base findings
	for i, f := range baseFindings {
		pool[f.Key()] = append(pool[f.Key()], i)
	}
	// take removes and returns the first base finding of key k for which
	// ok holds, or -1.
	take := func(k string, ok func(b analyze.Finding) bool) int {
		for j, i := range pool[k] {
			if ok(baseFindings[i]) {
				pool[k] = append(pool[k][:j:j], pool[k][j+1:]...)
				return i
			}
		}
		return -1
	}
	var rest []analyze.Finding
	for _, h := range headFindings {
		if take(h.Key(), func(b analyze.Finding) bool { return analyze.Worse(b, h) == "" }) >= 0 {
			d.Unchanged = append(d.Unchanged, h)
		} else {
			rest = append(rest, h)
		}
	}
	for _, h := range rest {
		if i := take(h.Key(), func(analyze.Finding) bool { return true }); i >= 0 {
			b := baseFindings[i]
			d.Worsened = append(d.Worsened, Worsened{Head: h, Base: b, Change: analyze.Worse(b, h)})
		} else {
			d.New = append(d.New, h)
		}
	}
	for i, f := range baseFindings {
		for _, j := range pool[f.Key()] {
			if j == i {
				d.Fixed = append(d.Fixed, f)
				break
			}
		}
	}
	for _, fs := range [][]analyze.Finding{d.New, d.Fixed, d.Unchanged} {
		analyze.SortFindings(fs)
	}
	sortWorsened(d.Worsened)

	before := make(map[string]analyze.ServiceSummary, len(baseServices))
	for _, s := range baseServices {
		before[s.ID] = s
	}
	for _, h := range headServices {
		b, ok := before[h.ID]
		if !ok {
			d.NewServices = append(d.NewServices, h.ID)
			continue
		}
		added := h.SinglePointsOfFailure.Without(b.SinglePointsOfFailure)
		if h.BlastRadius.Outage > b.BlastRadius.Outage || h.BlastRadius.Degraded > b.BlastRadius.Degraded || len(added) > 0 {
			d.RadiusChanges = append(d.RadiusChanges, RadiusChange{
				Service: h.ID, Before: b.BlastRadius, After: h.BlastRadius,
				SPOFsBefore: b.SinglePointsOfFailure.Len(), SPOFsAfter: h.SinglePointsOfFailure.Len(),
				AddedSPOFs: added,
			})
		}
	}
	sort.Slice(d.RadiusChanges, func(i, j int) bool { return d.RadiusChanges[i].Service < d.RadiusChanges[j].Service })
	sort.Strings(d.NewServices)
	return d
}

// sortWorsened sorts by the head findings, in the contract's order.
func sortWorsened(ws []Worsened) {
	sort.SliceStable(ws, func(i, j int) bool { return analyze.Less(ws[i].Head, ws[j].Head) })
}

// without returns the elements of a that b lacks, once each, in a's order
// (never nil).
func without(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	out := []string{}
	for _, s := range a {
		if !in[s] {
			in[s] = true
			out = append(out, s)
		}
	}
	return out
}

// Outcome is the verdict of `blast check` and everything reports show about it.
type Outcome struct {
	FailOn analyze.Severity
	Failed bool
	// HasBase is true when a base model was compared against.
	HasBase bool
	// BaseName names the base that was asked for ("git revision HEAD"),
	// "" when none was; BaseError says why it could not be read, in which
	// case the check is a full one (HasBase is false). The command line
	// sets both; every view says which happened.
	BaseName, BaseError string
	// Findings are all head findings that survive the policy, sorted.
	Findings []analyze.Finding
	// New are the findings the check judges: with a base, those the change
	// introduces; without one, every finding in Findings.
	New []analyze.Finding
	// Worsened are the findings, with a base, that the change made worse;
	// the check judges them too.
	Worsened  []Worsened
	Fixed     []analyze.Finding
	Unchanged []analyze.Finding
	Ignored   []analyze.Finding
	// Notes are warnings about the policy's ignores (Data["kind"] is
	// NoteExpired or NoteStale); they never fail the check by themselves.
	Notes         []analyze.Finding
	RadiusChanges []RadiusChange
	NewServices   []string
}

// Judged returns the findings the check judges: New, then the head
// findings of Worsened.
func (o *Outcome) Judged() []analyze.Finding {
	out := slices.Clip(o.New)
	for _, w := range o.Worsened {
		out = append(out, w.Head)
	}
	return out
}

// Failing returns the findings of Judged at or above FailOn: why the check
// failed.
func (o *Outcome) Failing() []analyze.Finding {
	var out []analyze.Finding
	for _, f := range o.Judged() {
		if f.Severity >= o.FailOn {
			out = append(out, f)
		}
	}
	return out
}

// FailingCounts counts the failing findings that are new and those that
// got worse.
func (o *Outcome) FailingCounts() (fresh, worse int) {
	for _, f := range o.New {
		if f.Severity >= o.FailOn {
			fresh++
		}
	}
	for _, w := range o.Worsened {
		if w.Head.Severity >= o.FailOn {
			worse++
		}
	}
	return fresh, worse
}

// ExpiredIgnores returns the notes about lapsed ignores.
func (o *Outcome) ExpiredIgnores() []analyze.Finding { return o.notesOf(NoteExpired) }

// StaleIgnores returns the notes about ignores that match nothing.
func (o *Outcome) StaleIgnores() []analyze.Finding { return o.notesOf(NoteStale) }

func (o *Outcome) notesOf(kind string) []analyze.Finding {
	var out []analyze.Finding
	for _, n := range o.Notes {
		if n.Data["kind"] == kind {
			out = append(out, n)
		}
	}
	return out
}

// Evaluate runs the check. head must not be nil; base may be nil for a full
// check. The head's policy is applied to both sides, so that an ignore added
// by the change does not count as a fix and the verdict depends on the
// findings alone. With a base, only findings the change introduces can fail
// the check (a "ratchet", as in incremental linting: existing debt does not
// block unrelated changes); without one, any finding at or above failOn does.
func Evaluate(head, base *analyze.Result, pol model.Policy, failOn analyze.Severity, now time.Time) (Outcome, error) {
	if head == nil {
		return Outcome{}, fmt.Errorf("check: no head analysis")
	}
	if failOn < analyze.Info || failOn > analyze.Error {
		return Outcome{}, fmt.Errorf("check: invalid fail_on severity %d", failOn)
	}
	kept, ignored, notes := ApplyPolicy(head.Findings, pol, now)
	sortFindings(kept)
	sortFindings(ignored)
	o := Outcome{FailOn: failOn, Findings: kept, Ignored: ignored, Notes: notes}
	if base != nil {
		o.HasBase = true
		baseKept, baseIgnored, _ := ApplyPolicy(base.Findings, pol, now)
		d := Compare(baseKept, kept, base.Services, head.Services)
		o.New, o.Worsened = worseThanAccepted(d.New, baseIgnored, d.Worsened)
		o.Fixed, o.Unchanged = d.Fixed, d.Unchanged
		o.RadiusChanges, o.NewServices = d.RadiusChanges, d.NewServices
	} else {
		o.New = append([]analyze.Finding(nil), kept...)
	}
	o.Failed = len(o.Failing()) > 0
	return o, nil
}

// worseThanAccepted moves to worse the new findings that the policy
// accepted in the base and that the change made worse: a single point of
// failure whose one critical victim the policy accepts, and which now
// takes out another ("facility is now also a single point of failure of
// billing"), is that finding made worse, not a new one.
func worseThanAccepted(fresh, accepted []analyze.Finding, worse []Worsened) ([]analyze.Finding, []Worsened) {
	if len(accepted) == 0 {
		return fresh, worse
	}
	d := Compare(accepted, fresh, nil, nil)
	if len(d.Worsened) == 0 {
		return fresh, worse
	}
	worse = append(slices.Clip(worse), d.Worsened...)
	sortWorsened(worse)
	// An accepted finding that matches a new one unchanged cannot occur
	// (the same finding under the same policy is accepted again), so the
	// rest of fresh is d.New.
	fresh = append(d.New, d.Unchanged...)
	analyze.SortFindings(fresh)
	return fresh, worse
}

// FailOn resolves the failing severity: the command-line flag when given,
// else the policy's fail_on, else "error".
func FailOn(flag string, pol model.Policy) (analyze.Severity, error) {
	s := flag
	if s == "" {
		s = pol.FailOn
	}
	if s == "" {
		s = "error"
	}
	v, ok := analyze.ParseSeverity(s)
	if !ok {
		return 0, fmt.Errorf("invalid fail-on severity %q: want error, warning or info", s)
	}
	return v, nil
}

// sortFindings is analyze.SortFindings without reflection: the same order,
// but it skips the work when the input is already sorted (analyze.Run sorts).
func sortFindings(fs []analyze.Finding) {
	cmp := func(a, b analyze.Finding) int {
		switch {
		case analyze.Less(a, b):
			return -1
		case analyze.Less(b, a):
			return 1
		}
		return 0
	}
	if !slices.IsSortedFunc(fs, cmp) {
		slices.SortStableFunc(fs, cmp)
	}
}
