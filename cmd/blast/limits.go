package main

import (
	"errors"
	"fmt"

	"github.com/blast-tool/blast/analyze/cascade"
	"github.com/blast-tool/blast/cmd/internal/exitcode"
	"github.com/blast-tool/blast/graph"
)

// tooLarge turns graph's refusals of a model too large to answer in memory
// into exit 2 with what was exceeded (docs/scale.md); other errors pass.
func tooLarge(err error) error {
	var tc *graph.TooCoupledError
	var tm *graph.TooManyCutSetsError
	var tl *cascade.TooLongError
	switch {
	case errors.As(err, &tc):
		return &exitcode.Error{Code: exitcode.Invalid, Err: fmt.Errorf(
			"this model is too coupled for blast's memory budget: the failures of its first %d services alone take out %d services in all, "+
				"and blast keeps each pair of a service and a failure that takes it out, up to %d pairs (about %d GiB). "+
				"Its report would list every pair (each service's single points of failure). See docs/scale.md",
			tc.Sources, tc.Pairs, tc.Budget, tc.Budget*12>>30)}
	case errors.As(err, &tm):
		return &exitcode.Error{Code: exitcode.Invalid, Err: fmt.Errorf("%v (see docs/scale.md)", tm)}
	case errors.As(err, &tl):
		return &exitcode.Error{Code: exitcode.Invalid, Err: tl}
	}
	return err
}
