package views

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/blast-tool/blast/analyze"
	"github.com/blast-tool/blast/analyze/check"
	"github.com/blast-tool/blast/analyze/internal/words"
)

// markdownFormat is a pull-request comment (GitHub-flavoured Markdown): a
// verdict first, then what the change introduces and fixes, then the rest
// folded away in <details>, so reviewers see the news without scrolling.
type markdownFormat struct{ Options }

func (v markdownFormat) Render(w io.Writer, d *Document) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	o := d.Check
	summary := summaryLine(d.Findings, len(d.Services)) + checkCounts(d)
	if o != nil {
		if o.Failed {
			p("## ❌ blast check failed\n\n")
		} else {
			p("## ✅ blast check passed\n\n")
		}
		p("**%s** · %s\n\n", verdictWords(o), summary)
		if b := baseSentence(o); b != "" {
			mark := "ℹ️"
			if o.BaseError != "" {
				mark = "⚠️"
			}
			p("%s %s\n\n", mark, mdCell(b))
		}
	} else {
		e, wn, _ := counts(d.Findings)
		icon := "✅"
		switch {
		case e > 0:
			icon = "❌"
		case wn > 0:
			icon = "⚠️"
		}
		p("## %s blast analyze\n\n%s\n\n", icon, summary)
	}
	if o != nil && o.HasBase {
		if len(o.New) > 0 {
			p("### New findings (%d)\n\n", len(o.New))
			mdFindings(b, o.New, v.BaseDir)
		}
		if len(o.Worsened) > 0 {
			p("### Worsened findings (%d)\n\n", len(o.Worsened))
			p("| Severity | Rule | Location | What got worse | Message | Path |\n|---|---|---|---|---|---|\n")
			for _, w := range o.Worsened {
				f := w.Head
				p("| %s | `%s` | %s | **%s** | %s | %s |\n", severityIn[f.Severity].badge, f.Rule, mdLocation(f, v.BaseDir),
					mdCell(w.Change), mdCell(f.Message), mdPath(f))
			}
			p("\n")
		}
		if len(o.New) == 0 && len(o.Worsened) == 0 {
			p("No new findings.\n\n")
		}
		if len(o.Fixed) > 0 {
			p("### Fixed findings (%d)\n\n", len(o.Fixed))
			p("| Severity | Rule | Message |\n|---|---|---|\n")
			for _, f := range sortedFindings(o.Fixed) {
				p("| %s | `%s` | %s |\n", severityIn[f.Severity].badge, f.Rule, mdCell(f.Message))
			}
			p("\n")
		}
		if coupled := coupling(d, o.RadiusChanges); len(coupled) > 0 {
			p("### What this change couples\n\n")
			for _, line := range coupled {
				p("- %s\n", line)
			}
			p("\n")
		}
		if len(o.RadiusChanges) > 0 {
			p("### Blast radius changes (%d)\n\n", len(o.RadiusChanges))
			p("| Service | Outage | Degraded | Single points of failure | New single points of failure |\n|---|---:|---:|---:|---|\n")
			shown, more := largestChanges(o.RadiusChanges, maxTableRows)
			for _, c := range shown {
				p("| `%s` | %s | %s | %s | %s |\n", c.Service,
					mdChange(c.Before.Outage, c.After.Outage), mdChange(c.Before.Degraded, c.After.Degraded),
					mdChange(c.SPOFsBefore, c.SPOFsAfter), mdIDs(c.AddedSPOFs))
			}
			if more > 0 {
				p("\nAnd %s more (`--format json` lists every change).\n", words.Int(more))
			}
			p("\n")
		}
		if len(o.NewServices) > 0 {
			p("**New services:** %s\n\n", mdIDs(o.NewServices))
		}
	}
	if o != nil && len(o.Notes) > 0 {
		p("### Policy notes (%d)\n\n", len(o.Notes))
		for _, n := range o.Notes {
			loc := location(n, v.BaseDir)
			if loc != "" {
				loc = "`" + loc + "` "
			}
			p("- ⚠️ %s%s\n", loc, mdCell(n.Message))
		}
		p("\n")
	}
	if len(d.Findings) > 0 {
		open := ""
		if o == nil || !o.HasBase {
			open = " open"
		}
		p("<details%s>\n<summary>All findings (%d)</summary>\n\n", open, len(d.Findings))
		mdFindings(b, d.Findings, v.BaseDir)
		p("</details>\n\n")
	}
	if o != nil && len(o.Ignored) > 0 {
		p("<details>\n<summary>Ignored by policy (%d)</summary>\n\n", len(o.Ignored))
		mdFindings(b, o.Ignored, v.BaseDir)
		p("</details>\n\n")
	}
	if top := topServices(d.Services, v.topN()); len(top) > 0 {
		p("<details>\n<summary>Largest blast radius (top %d of %d services)</summary>\n\n", len(top), len(d.Services))
		p("| Service | Role | Criticality | Outage | Degraded | Single points of failure |\n|---|---|---|---:|---:|---|\n")
		for _, s := range top {
			p("| `%s` | %s | %s | %d | %d | %s |\n", s.ID, s.Role, s.Criticality, s.BlastRadius.Outage, s.BlastRadius.Degraded, mdIDsOf(s.SinglePointsOfFailure.Len(), s.SinglePointsOfFailure.At))
		}
		p("\n</details>\n\n")
	}
	if len(d.Scaling) > 0 {
		p("<details>\n<summary>Scaling</summary>\n\n```\n")
		_ = ScalingTable(b, d.Scaling, false) // b reports write errors at Flush
		p("```\n\n</details>\n\n")
	}
	p("<sub>blast%s</sub>\n", versionSuffix(v.ToolVersion))
	return b.Flush()
}

func versionSuffix(v string) string {
	if v == "" {
		return ""
	}
	return " " + v
}

func mdFindings(b *bufio.Writer, fs []analyze.Finding, base string) {
	fmt.Fprintf(b, "| Severity | Rule | Location | Message | Path |\n|---|---|---|---|---|\n")
	for _, f := range sortedFindings(fs) {
		fmt.Fprintf(b, "| %s | `%s` | %s | %s | %s |\n", severityIn[f.Severity].badge, f.Rule, mdLocation(f, base), mdCell(f.Message), mdPath(f))
	}
	fmt.Fprintf(b, "\n")
}

// mdLocation is a finding's location as code, or "" without one.
func mdLocation(f analyze.Finding, base string) string {
	if loc := location(f, base); loc != "" {
		return "`" + loc + "`"
	}
	return ""
}

// mdPath is a finding's path as code, or "" without one.
func mdPath(f analyze.Finding) string {
	if len(f.Path) == 0 {
		return ""
	}
	return "`" + pathString(f.Path) + "`"
}

// mdCell makes text safe inside a table cell: pipes escaped, line breaks
// turned into <br>, and HTML-significant characters escaped.
func mdCell(s string) string { return mdCellEscaper.Replace(s) }

var mdCellEscaper = strings.NewReplacer("|", `\|`, "\r\n", "<br>", "\n", "<br>", "<", "&lt;", ">", "&gt;", "&", "&amp;")

// mdIDs names services in code spans, at most mdMaxIDs of them, and
// counts the rest.
func mdIDs(ids []string) string { return mdIDsOf(len(ids), func(i int) string { return ids[i] }) }

// mdIDsOf is mdIDs of n IDs given by index, looking up only those it shows.
func mdIDsOf(n int, id func(i int) string) string {
	if n == 0 {
		return "–"
	}
	shown := min(n, mdMaxIDs)
	parts := make([]string, shown, shown+1)
	for i := range parts {
		parts[i] = "`" + id(i) + "`"
	}
	if n > shown {
		parts = append(parts, fmt.Sprintf("+%s more", words.Int(n-shown)))
	}
	return strings.Join(parts, ", ")
}

// mdMaxIDs bounds the names in one cell or list of the Markdown report (a
// pull request comment).
const mdMaxIDs = maxTableRows

func mdChange(before, after int) string {
	if before == after {
		return fmt.Sprint(after)
	}
	return fmt.Sprintf("%d → **%d** (%+d)", before, after, after-before)
}

// coupling says in words which services now share the fate of others: the
// reviewer's headline ("the status page now shares kinesis-frontend's
// fate"), one line per service that gained single points of failure.
func coupling(d *Document, changes []check.RadiusChange) []string {
	byID := make(map[string]analyze.ServiceSummary, len(d.Services))
	for _, s := range d.Services {
		byID[s.ID] = s
	}
	var out []string
	coupled := 0
	for _, c := range changes {
		if len(c.AddedSPOFs) == 0 {
			continue
		}
		if coupled++; coupled > maxTableRows {
			continue
		}
		s := byID[c.Service]
		tail := "a failure of any one of them alone takes it out"
		if len(c.AddedSPOFs) == 1 {
			tail = "its failure alone takes it out"
		}
		out = append(out, fmt.Sprintf("`%s` (%s, %s) now shares the fate of %s: %s.",
			c.Service, s.Role, s.Criticality, mdIDs(c.AddedSPOFs), tail))
	}
	if more := coupled - len(out); more > 0 {
		out = append(out, fmt.Sprintf("And %s more services (`--format json` lists every change).", words.Int(more)))
	}
	return out
}
