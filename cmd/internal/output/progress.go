package output

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress is a progress bar of n steps on w when w is a terminal: add
// counts one step (safe for concurrent use), done clears the bar. When w
// is piped or redirected there is no bar, add is nil and done does
// nothing, so that what a script reads of stderr is diagnostics alone.
func Progress(w io.Writer, n int, what string) (add func(), done func()) {
	if !IsTerminal(w) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionSetWidth(30))
	return func() { _ = bar.Add(1) }, func() { _ = bar.Finish() }
}
