package wasm

import (
	"context"
	"fmt"
	"sync"
)

// blast: Load replaces upstream's package init, which compiled the
// WebAssembly module (about 1.3 s of CPU without a warm cache) when any
// program importing this package started, and panicked when the shared
// cache directory was another user's.

var (
	loadOnce sync.Once
	loadErr  error
	onLoad   []func(context.Context) error
	cacheDir string // read by getCompilationCache during Load
)

// OnLoad registers f to run once the module is instantiated: what this
// package's users did in their init functions.
func OnLoad(f func(context.Context) error) { onLoad = append(onLoad, f) }

// Load instantiates the module, once per process: it compiles the
// embedded Graphviz, with its compilation cached in dir unless dir is ""
// (a cache that cannot be used is left out: the module is compiled
// again), then runs the OnLoad functions. Every call returns the first
// one's error; dir is the first call's.
func Load(ctx context.Context, dir string) error {
	loadOnce.Do(func() {
		cacheDir = dir
		loadErr = catch(instantiate)
		if loadErr != nil && dir != "" {
			cacheDir = ""
			loadErr = catch(instantiate)
		}
		for _, f := range onLoad {
			if loadErr != nil {
				return
			}
			loadErr = f(ctx)
		}
	})
	return loadErr
}

// catch runs f and returns its panic as an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("graphviz: %v", r)
		}
	}()
	f()
	return nil
}
