package model

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocumentedModels validates every ```hcl block of README.md and
// docs/*.md that declares a service, as a newcomer would paste it. A block
// may be a fragment that names services it does not declare: it is valid
// once those exist, so they are declared as empty services and the block is
// validated again; any other diagnostic fails.
func TestDocumentedModels(t *testing.T) {
	files, _ := filepath.Glob("../docs/*.md")
	files = append([]string{"../README.md"}, files...)
	fence := regexp.MustCompile("(?s)```hcl\n(.*?)```")
	blocks := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fence.FindAllSubmatchIndex(b, -1) {
			src := string(b[m[2]:m[3]])
			if !regexp.MustCompile(`(?m)^\s*service\s+"`).MatchString(src) {
				continue
			}
			blocks++
			line := 1 + strings.Count(string(b[:m[2]]), "\n")
			name := fmt.Sprintf("%s:%d", filepath.Base(f), line)
			t.Run(name, func(t *testing.T) {
				if err := validDocumentedModel(name, src); err != "" {
					t.Errorf("%s: the documented model does not validate:\n%s\n%s", name, err, src)
				}
			})
		}
	}
	if blocks < 3 {
		t.Errorf("found only %d documented models: is the fence syntax still ```hcl?", blocks)
	}
}

var unknownService = regexp.MustCompile(`No service "([^"]+)" is declared|monitors names "([^"]+)", but no such service`)

func validDocumentedModel(name, src string) string {
	for attempt := 0; attempt < 2; attempt++ {
		_, diags := LoadSources([]Source{{Filename: name + ".hcl", Bytes: []byte(src)}})
		if !diags.HasErrors() {
			return ""
		}
		var stubs []string
		for _, d := range diags.Errs() {
			m := unknownService.FindStringSubmatch(d.Error())
			if m == nil || attempt > 0 {
				return diags.Error()
			}
			stubs = append(stubs, fmt.Sprintf("service %q {}\n", m[1]+m[2]))
		}
		src += "\n" + strings.Join(stubs, "")
	}
	return ""
}
