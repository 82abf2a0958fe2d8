package views

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/blast-tool/blast/analyze"
)

// githubFormat writes GitHub Actions workflow commands
// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions),
// which GitHub turns into annotations on the pull request's diff. For a
// check with a base, only the findings the change introduces or makes worse
// are annotated, so that existing debt does not clutter every pull request.
type githubFormat struct{ Options }

func (v githubFormat) Render(w io.Writer, d *Document) error {
	b := bufio.NewWriter(w)
	fs := d.Findings
	o := d.Check
	if o != nil && o.HasBase {
		fs = o.New
	}
	for _, f := range sortedFindings(fs) {
		writeGitHubCommand(b, severityIn[f.Severity].github, f.Range, f.Rule, v.BaseDir, f.Message+pathSuffix(f))
	}
	if o != nil && o.HasBase {
		for _, w := range o.Worsened {
			f := w.Head
			writeGitHubCommand(b, severityIn[f.Severity].github, f.Range, f.Rule, v.BaseDir, w.Change+"\n"+f.Message+pathSuffix(f))
		}
	}
	if o != nil {
		for _, n := range o.Notes {
			writeGitHubCommand(b, "warning", n.Range, n.Rule, v.BaseDir, n.Message)
		}
		title := "blast check passed"
		if o.Failed {
			title = "blast check failed"
		}
		if o.BaseError != "" {
			fmt.Fprintf(b, "::warning title=%s::%s\n", ghProperty("blast check: no base"), ghData(baseSentence(o)))
		}
		msg := verdictWords(o) + "; " + summaryLine(d.Findings, len(d.Services)) + checkCounts(d)
		if base := baseSentence(o); base != "" && o.BaseError == "" {
			msg += "\n" + base
		}
		fmt.Fprintf(b, "::notice title=%s::%s\n", ghProperty(title), ghData(msg))
	}
	return b.Flush()
}

func pathSuffix(f analyze.Finding) string {
	if len(f.Path) == 0 {
		return ""
	}
	return "\npath: " + pathString(f.Path)
}

// writeGitHubCommand writes one annotation: cmd (error, warning, notice)
// at r when it is known, with its title and message.
func writeGitHubCommand(b *bufio.Writer, cmd string, r *analyze.Range, title, base, msg string) {
	var props []string
	if r != nil {
		reg := sarifRegion(r)
		props = append(props,
			"file="+ghProperty(relPath(r.Filename, base)),
			fmt.Sprintf("line=%d", *reg.StartLine), fmt.Sprintf("col=%d", *reg.StartColumn),
			fmt.Sprintf("endLine=%d", *reg.EndLine), fmt.Sprintf("endColumn=%d", *reg.EndColumn))
	}
	props = append(props, "title="+ghProperty(title))
	fmt.Fprintf(b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(msg))
}

// ghData escapes a command's message as the runner expects
// (actions/toolkit, command.ts escapeData).
func ghData(s string) string { return ghDataEscaper.Replace(s) }

var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghProperty escapes a property value (actions/toolkit, escapeProperty).
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }
