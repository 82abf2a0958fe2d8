package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/model/modeltest"
	"github.com/blast-tool/blast/model/parallel"
	"gopkg.in/yaml.v3"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"blast": func() { os.Exit(run(os.Args[1:])) },
		// blast-crash is blast with a bug: a panic in a worker goroutine
		// once the command line is parsed.
		"blast-crash": func() {
			a := &app{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, testHook: panicInWorker}
			os.Exit(a.run(os.Args[1:]))
		},
	})
}

// panicInWorker panics in one of two parallel jobs, as a bug in an engine would.
func panicInWorker() {
	parallel.For(2, 2, func(i int) {
		if i == 1 {
			panic("forced by the test")
		}
	})
}

// TestCrashExits70 checks the contract's exit code for a bug: a panic, in
// the command's goroutine or in a worker, exits 70 with "internal error"
// and the stack of the goroutine that panicked, never 2.
func TestCrashExits70(t *testing.T) {
	for name, hook := range map[string]func(){
		"in the command": func() { var m map[string]int; m["x"]++ },
		"in a worker":    panicInWorker,
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			a := &app{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, testHook: hook}
			if code := a.run([]string{"version"}); code != exitcode.Internal {
				t.Errorf("exit %d, want %d", code, exitcode.Internal)
			}
			out := stderr.String()
			for _, want := range []string{"Error: internal error: ", "This is a bug in blast", exitcode.IssuesURL, "goroutine ", "panicInWorker"} {
				if want == "panicInWorker" && name != "in a worker" {
					want = "TestCrashExits70"
				}
				if !strings.Contains(out, want) {
					t.Errorf("stderr lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// TestScripts runs the CLI scenarios in testdata/script/*.txtar. Each script
// starts with a copy of every example: examples/NAME in $WORK/NAME, and the
// Kinesis example in $WORK/kinesis too; where git is installed, a script
// can build a repository of its own for --base-ref.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir(examples)
	if err != nil {
		t.Fatal(err)
	}
	actionCheck, err := filepath.Abs("../../.ci/action-check.sh")
	if err != nil {
		t.Fatal(err)
	}
	copies := map[string]string{"kinesis": filepath.Join(examples, "kinesis-2020")} // $WORK name -> example
	for _, d := range dirs {
		if d.IsDir() {
			copies[d.Name()] = filepath.Join(examples, d.Name())
		}
	}
	// One cache directory for all scripts: Graphviz keeps its compiled
	// WebAssembly in the user's cache directory (render.CacheDir), so only
	// the first blast process that draws pays for the compilation instead
	// of the first one of every script.
	sharedCache := t.TempDir()
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *modeltest.Update,
		Setup: func(env *testscript.Env) error {
			for name, example := range copies {
				if err := copyFiles(example, filepath.Join(env.WorkDir, name)); err != nil {
					return err
				}
			}
			env.Setenv("NO_COLOR", "1")
			env.Setenv("XDG_CACHE_HOME", sharedCache)
			// The GitHub Action's check step, as action.yml runs it.
			env.Setenv("BLAST_ACTION_CHECK", actionCheck)
			env.Setenv("GIT_AUTHOR_NAME", "blast")
			env.Setenv("GIT_AUTHOR_EMAIL", "blast@example.com")
			env.Setenv("GIT_COMMITTER_NAME", "blast")
			env.Setenv("GIT_COMMITTER_EMAIL", "blast@example.com")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits CODE PROG ARGS...: run PROG and require exit code CODE
			// (the contract's codes: 0, 1, 2, 3, 70); stdout and stderr are
			// kept for the commands that follow, as after exec.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exits CODE PROG [ARGS...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("%s: %v", args[1], err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited %d, want %d", args[1], got, want)
				}
			},
			// replace FILE OLD NEW: edit a file in place, as a reviewer's change would.
			// OLD and NEW are Go-quoted when they start with a double quote.
			"replace": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 3 {
					ts.Fatalf("usage: replace FILE OLD NEW")
				}
				unq := func(s string) string {
					if strings.HasPrefix(s, `"`) {
						u, err := strconv.Unquote(s)
						ts.Check(err)
						return u
					}
					return s
				}
				path := ts.MkAbs(args[0])
				b, err := os.ReadFile(path)
				ts.Check(err)
				old, new := unq(args[1]), unq(args[2])
				if !strings.Contains(string(b), old) {
					ts.Fatalf("replace: %q not found in %s", old, args[0])
				}
				ts.Check(os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644))
			},
			// repeat FILE STR N [STR N]...: write FILE as each STR repeated N
			// times, in order: inputs too large for a script. Each STR is
			// Go-quoted (inside the script's single quotes).
			"repeat": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 3 || len(args)%2 != 1 {
					ts.Fatalf("usage: repeat FILE STR N [STR N]...")
				}
				f, err := os.Create(ts.MkAbs(args[0]))
				ts.Check(err)
				w := bufio.NewWriter(f)
				for i := 1; i < len(args); i += 2 {
					str, err := strconv.Unquote(args[i])
					ts.Check(err)
					n, err := strconv.Atoi(args[i+1])
					ts.Check(err)
					for range n {
						w.WriteString(str)
					}
				}
				ts.Check(w.Flush())
				ts.Check(f.Close())
			},
			// cpdir SRC DST: copy a directory's files.
			"cpdir": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: cpdir SRC DST")
				}
				ts.Check(copyFiles(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
			},
		},
		Condition: func(cond string) (bool, error) {
			if cond == "git" {
				_, err := exec.LookPath("git")
				return err == nil, nil
			}
			return false, nil
		},
	})
}

// copyFiles copies the files (not the subdirectories) of directory src into
// dst, creating it.
func copyFiles(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// TestActionRunsCheckScript: the action's check step runs
// .ci/action-check.sh with the inputs it reads, so that action.txtar, which
// runs the script, tests what the action does.
func TestActionRunsCheckScript(t *testing.T) {
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				ID  string            `yaml:"id"`
				Run string            `yaml:"run"`
				Env map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatal(err)
	}
	runs := 0
	for _, s := range action.Runs.Steps {
		runs += strings.Count(s.Run, "blast check")
		if s.ID != "check" {
			continue
		}
		if strings.TrimSpace(s.Run) != `bash "$GITHUB_ACTION_PATH/.ci/action-check.sh"` {
			t.Errorf("the check step runs %q, not .ci/action-check.sh", s.Run)
		}
		for _, env := range []string{"BLAST_PATHS", "BLAST_BASE_REF", "BLAST_FAIL_ON", "BLAST_SARIF", "BLAST_ANNOTATE"} {
			if s.Env[env] == "" {
				t.Errorf("the check step does not set %s, which the script reads", env)
			}
		}
	}
	if runs != 0 {
		t.Errorf("action.yml runs blast check itself %d times besides the script", runs)
	}
}
