package wasm

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// blast: a cache directory that cannot be used is left out, not an error,
// and Load happens once: a later call neither compiles again nor fails.
func TestLoadUnusableCache(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	hooks := 0
	OnLoad(func(context.Context) error { hooks++; return nil })
	if err := Load(context.Background(), filepath.Join(notDir, "cache")); err != nil {
		t.Fatalf("Load with an unusable cache: %v", err)
	}
	if err := Load(context.Background(), t.TempDir()); err != nil || hooks != 1 {
		t.Fatalf("second Load: %v, hooks run %d times", err, hooks)
	}
	if mod == nil {
		t.Fatal("module not instantiated")
	}
}
