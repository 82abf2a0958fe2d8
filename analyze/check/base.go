package check

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2"
)

// A Base supplies the base version of the model that a check compares the
// change with: the same paths as the head, as they were before.
type Base interface {
	// Sources returns the base version of the files that paths (as the
	// user named them for the head) stand for, under the head's filenames
	// so that findings line up. A file the change adds is simply absent.
	Sources(paths []string) ([]model.Source, error)
	// String names the base in messages: "git revision origin/main".
	String() string
}

// LoadBase loads the base model of paths from b. A base that does not load
// is an error: comparing with half a model would report its missing parts
// as fixed.
func LoadBase(b Base, paths []string) (*model.Model, error) {
	srcs, err := b.Sources(paths)
	if err != nil {
		return nil, err
	}
	m, diags := model.LoadSources(srcs)
	if diags.HasErrors() {
		return nil, fmt.Errorf("the base version at %s does not load (%s)", b, firstError(diags))
	}
	return m, nil
}

func firstError(diags hcl.Diagnostics) string {
	errs := diags.Errs()
	msg := errs[0].Error()
	if len(errs) > 1 {
		msg += fmt.Sprintf(", and %d more", len(errs)-1)
	}
	return msg
}

// Directory is a base held in a file or directory of its own (--base PATH).
type Directory string

// Sources reads the configuration files of the directory; paths are not
// used, the directory stands for the whole base.
func (d Directory) Sources([]string) ([]model.Source, error) {
	files, diags := model.ConfigFiles(string(d))
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s", firstError(diags))
	}
	var srcs []model.Source
	for _, fn := range files {
		b, d := model.ReadFile(fn)
		if d != nil {
			return nil, fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
		srcs = append(srcs, model.Source{Filename: fn, Bytes: b})
	}
	return srcs, nil
}

func (d Directory) String() string { return string(d) }

// GitRevision is the base as committed at a git revision (--base-ref REV).
// The repository is found from the paths themselves, so the check works
// from any working directory and with absolute paths.
type GitRevision string

func (r GitRevision) String() string { return "git revision " + string(r) }

// Sources reads each path at the revision: a directory's configuration
// files as listed by git at that revision, a file as it was.
func (r GitRevision) Sources(paths []string) ([]model.Source, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("git is not installed")
	}
	rev := string(r)
	var srcs []model.Source
	verified := map[string]bool{}
	for _, p := range paths {
		repo, rel, isDir, err := locate(p)
		if err != nil {
			return nil, err
		}
		if !verified[repo] {
			if _, err := git(repo, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
				return nil, fmt.Errorf("git revision %q is unknown in %s (a shallow clone? fetch it with 'git fetch --depth=1 origin %s')", rev, repo, rev)
			}
			verified[repo] = true
		}
		if !isDir {
			if b, err := git(repo, "show", rev+":"+rel); err == nil {
				srcs = append(srcs, model.Source{Filename: p, Bytes: b})
			}
			continue
		}
		prefix := rel + "/"
		if rel == "." {
			prefix = ""
		}
		out, err := git(repo, "ls-tree", "--name-only", rev, "--", prefix)
		if err != nil {
			return nil, fmt.Errorf("git ls-tree %s %s: %v", rev, p, err)
		}
		for _, name := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			base := strings.TrimPrefix(name, prefix)
			if name == "" || strings.Contains(base, "/") || !model.IsConfigFile(base) {
				continue
			}
			b, err := git(repo, "show", rev+":"+name)
			if err != nil {
				continue // not a blob (a submodule): nothing to read
			}
			srcs = append(srcs, model.Source{Filename: filepath.Join(p, base), Bytes: b})
		}
	}
	return srcs, nil
}

// locate finds the work tree holding path and path's place in it, in
// git's slash-separated form ("." for the top).
func locate(path string) (repo, rel string, isDir bool, err error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", "", false, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	dir := abs
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		isDir = true
	} else {
		dir = filepath.Dir(abs)
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", "", false, fmt.Errorf("%s is not inside a git work tree", path)
	}
	repo = strings.TrimSpace(string(top))
	if real, err := filepath.EvalSymlinks(repo); err == nil {
		repo = real
	}
	rel, err = filepath.Rel(repo, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", false, fmt.Errorf("%s is outside the git work tree %s", path, repo)
	}
	return repo, filepath.ToSlash(rel), isDir, nil
}

// git runs a git command in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && stderr.Len() > 0 {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, err
}
