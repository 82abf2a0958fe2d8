package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

func newFmtCmd(a *app) *cobra.Command {
	var check, diff, list bool
	c := &cobra.Command{
		Use:   "fmt PATHS...",
		Short: "Rewrite HCL files in canonical layout (like terraform fmt)",
		Long: `Fmt rewrites *.hcl files in PATHS in canonical layout: aligned equals signs,
two-space indentation, one blank line between top-level blocks.

--check changes nothing and exits 2 when a file would change (for CI);
--diff prints what would change. A file with syntax errors is never rewritten:
its diagnostics are printed and fmt exits 2. JSON files are left alone.`,
		Example: `  blast fmt examples/kinesis-2020
  blast fmt --check --diff infra/`,
		ValidArgsFunction: hclArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			files, err := hclFiles(args)
			if err != nil {
				return err
			}
			failed, unformatted := false, 0
			for _, fn := range files {
				src, err := os.ReadFile(fn)
				if err != nil {
					return usageError("%v", err)
				}
				out, diags := model.Format(fn, src)
				if diags.HasErrors() {
					_ = model.WriteDiagnostics(a.stderr, nil, map[string]*hcl.File{fn: {Bytes: src}}, diags, a.colorFor(a.stderr))
					failed = true
					continue
				}
				if bytes.Equal(src, out) {
					continue
				}
				unformatted++
				if list || check {
					fmt.Fprintln(a.stdout, fn)
				}
				if diff {
					fmt.Fprint(a.stdout, unifiedDiff(fn, string(src), string(out)))
				}
				if !check {
					if err := os.WriteFile(fn, out, 0o644); err != nil {
						return usageError("cannot write %s: %v", fn, err)
					}
				}
			}
			if failed || (check && unformatted > 0) {
				return &exitError{code: exitInvalid}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&check, "check", false, "change nothing; exit 2 if any file is not formatted")
	c.Flags().BoolVar(&diff, "diff", false, "print the changes as a unified diff")
	c.Flags().BoolVarP(&list, "list", "l", false, "print the names of files that change")
	return c
}

// hclFiles expands PATHS into the native-syntax files fmt handles, sorted.
func hclFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, usageError("%v", err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(p, "*.hcl"))
		out = append(out, matches...)
	}
	sort.Strings(out)
	return out, nil
}

// unifiedDiff is a minimal unified diff (one hunk per change run, 3 lines of
// context) built on a longest-common-subsequence table: files are small.
func unifiedDiff(name, a, b string) string {
	x, y := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		text string
		i, j int
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i, j})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, op{'+', y[j], i, j})
			j++
		default:
			ops = append(ops, op{'-', x[i], i, j})
			i++
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s (formatted)\n", name, name)
	const ctx = 3
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(k-ctx, 0)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		var na, nb int
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", ops[start].i+1, na, ops[start].j+1, nb)
		for _, o := range ops[start:end] {
			t := o.text
			if !strings.HasSuffix(t, "\n") {
				t += "\n"
			}
			sb.WriteString(string(o.kind) + t)
		}
		k = end
	}
	return sb.String()
}
