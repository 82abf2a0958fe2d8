package views

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/blast-tool/blast/analyze"
)

// junitFormat writes JUnit XML (the de-facto schema of Ant's JUnit task,
// as read by Jenkins, GitLab and Azure Pipelines): one testsuite per rule,
// one testcase per finding, and a passing "no findings" testcase for a rule
// that found nothing, so CI test views show every rule that ran.
type junitFormat struct{ Options }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties *junitPropList  `xml:"properties,omitempty"`
	Cases      []junitTestcase `xml:"testcase"`
}

type junitPropList struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestcase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

func (v junitFormat) Render(w io.Writer, d *Document) error {
	findings := sortedFindings(d.Findings)
	var ignored []analyze.Finding
	failing := map[string]int{} // keys of findings that fail the check
	if o := d.Check; o != nil {
		ignored = sortedFindings(o.Ignored)
		for _, f := range o.Failing() {
			failing[f.Key()]++
		}
	} else {
		for _, f := range findings {
			if f.Severity >= d.failOn() {
				failing[f.Key()]++
			}
		}
	}
	states := d.states()
	root := junitSuites{Name: "blast" + versionSuffix(v.ToolVersion)}
	for _, id := range ruleIDs(findings, ignored) {
		s := junitSuite{Name: id, Properties: &junitPropList{Props: []junitProp{{Name: "helpUri", Value: helpURI(id)}}}}
		for _, f := range findings {
			if f.Rule != id {
				continue
			}
			tc := junitCase(f, v.BaseDir)
			if failing[f.Key()] > 0 {
				failing[f.Key()]--
				change := states[stateKey(f)].change
				tc.Failure = &junitMessage{Message: withChange(change, f.Message), Type: f.Severity.String(), Text: withChange(change, junitDetail(f, v.BaseDir))}
				s.Failures++
			} else {
				tc.SystemOut = f.Severity.String() + ": " + junitDetail(f, v.BaseDir)
			}
			s.Cases = append(s.Cases, tc)
		}
		for _, f := range ignored {
			if f.Rule != id {
				continue
			}
			tc := junitCase(f, v.BaseDir)
			tc.Skipped = &junitMessage{Message: "ignored by policy: " + f.Message}
			s.Skipped++
			s.Cases = append(s.Cases, tc)
		}
		if len(s.Cases) == 0 {
			s.Cases = append(s.Cases, junitTestcase{Name: "no findings", Classname: "blast." + id})
		}
		s.Tests = len(s.Cases)
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Skipped += s.Skipped
		root.Suites = append(root.Suites, s)
	}
	return writeJUnit(w, root)
}

// writeJUnit writes the XML document of root, indented, with its header.
func writeJUnit(w io.Writer, root junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCase(f analyze.Finding, base string) junitTestcase {
	tc := junitTestcase{Name: strings.Join(f.Subjects, ", "), Classname: "blast." + f.Rule}
	if tc.Name == "" {
		tc.Name = f.Message
	}
	if f.Range != nil {
		tc.File = relPath(f.Range.Filename, base)
		tc.Line = f.Range.Start.Line
	}
	return tc
}

// junitDetail is the body of a failure: location, message, path, figures.
func junitDetail(f analyze.Finding, base string) string {
	var b strings.Builder
	if loc := location(f, base); loc != "" {
		b.WriteString(loc + ": ")
	}
	b.WriteString(f.Message)
	if len(f.Path) > 0 {
		fmt.Fprintf(&b, "\npath: %s", pathString(f.Path))
	}
	if len(f.Data) > 0 {
		fmt.Fprintf(&b, "\ndata: %s", dataString(f.Data))
	}
	return b.String()
}
