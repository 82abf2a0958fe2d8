package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// docCommand is a blast command line shown in a fenced block of the docs.
type docCommand struct {
	where string // file:line
	args  []string
}

// shellSyntax is what a command line needs a shell for, or usage syntax
// ([--plot FILE]); such lines are left out (the testscripts cover them).
var shellSyntax = regexp.MustCompile("[$|&;<>`(){}*\\[]")

// docCommands extracts from the fenced code blocks of files every line
// that runs blast ("blast ...", "$ blast ...", "go run ./cmd/blast ...") on
// the bundled examples, with the comment after # removed.
func docCommands(t *testing.T, files []string) []docCommand {
	t.Helper()
	var out []docCommand
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fenced := false
		sc := bufio.NewScanner(bytes.NewReader(src))
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "```") {
				fenced = !fenced
				continue
			}
			if !fenced {
				continue
			}
			line = strings.TrimPrefix(line, "$ ")
			if i := strings.Index(line, " #"); i >= 0 {
				line = strings.TrimSpace(line[:i])
			}
			line = strings.Replace(line, "go run ./cmd/blast ", "blast ", 1)
			if !strings.HasPrefix(line, "blast ") || !strings.Contains(line, "examples/") || shellSyntax.MatchString(line) {
				continue
			}
			out = append(out, docCommand{where: f + ":" + strconv.Itoa(n), args: strings.Fields(line)[1:]})
		}
	}
	return out
}

// TestDocsCommands runs every blast command that README.md, docs/*.md and
// examples/README.md show on the bundled examples, as a newcomer pasting
// it would, in a copy of the repository's examples: each must run (exit 0,
// or 1 for check's verdict) and say nothing on stderr but warnings.
func TestDocsCommands(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files := append([]string{filepath.Join(root, "README.md"), filepath.Join(root, "examples", "README.md")}, docs...)
	cmds := docCommands(t, files)
	if len(cmds) < 15 {
		t.Fatalf("found %d commands in the docs; the extraction is broken", len(cmds))
	}
	work := t.TempDir()
	if err := os.CopyFS(filepath.Join(work, "examples"), os.DirFS(filepath.Join(root, "examples"))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(work, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(work, ".cache"))
	for _, c := range cmds {
		var stdout, stderr bytes.Buffer
		a := &app{stdout: &stdout, stderr: &stderr, getenv: func(k string) string {
			if k == "NO_COLOR" {
				return "1"
			}
			return os.Getenv(k)
		}}
		code := a.run(c.args)
		if (code != 0 && !(code == 1 && c.args[0] == "check")) || strings.Contains(stderr.String(), "Error") {
			t.Errorf("%s: blast %s: exit %d\n%s", strings.TrimPrefix(c.where, root+"/"), strings.Join(c.args, " "), code, stderr.String())
		}
	}
}
