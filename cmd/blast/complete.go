package main

import (
	"strings"
	"time"

	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

// completeTimeout bounds how long completing a flag waits for the model.
const completeTimeout = 2 * time.Second

// fixed completes a flag with fixed values.
func fixed(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// fromModel completes a flag with what list finds in the model that the
// PATHS given so far name, loaded quietly (no diagnostics) and within
// completeTimeout: nothing is offered when it does not load in time. A
// list flag (--fail a,b) completes its last item; a PATH=VALUE flag
// (--set) completes the path and leaves the value to the user.
func fromModel(list func(m *model.Model, c *cobra.Command) []string) cobra.CompletionFunc {
	return func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		m := quietModel(args)
		if m == nil || strings.Contains(toComplete, "=") {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		done := toComplete[:strings.LastIndexByte(toComplete, ',')+1]
		var out []string
		directive := cobra.ShellCompDirectiveNoFileComp
		for _, v := range list(m, c) {
			if strings.HasSuffix(v, "=") {
				directive |= cobra.ShellCompDirectiveNoSpace
			}
			if strings.HasPrefix(done+v, toComplete) {
				out = append(out, done+v)
			}
		}
		return out, directive
	}
}

// quietModel loads paths for completion, or returns nil.
func quietModel(paths []string) *model.Model {
	if len(paths) == 0 {
		return nil
	}
	loaded := make(chan *model.Model, 1)
	go func() {
		m, _ := model.Load(paths...)
		loaded <- m
	}()
	select {
	case m := <-loaded:
		return m
	case <-time.After(completeTimeout):
		return nil
	}
}

// serviceIDs lists the services, for --fail, --focus and --service.
func serviceIDs(m *model.Model, _ *cobra.Command) []string {
	ids := make([]string, len(m.Services))
	for i, s := range m.Services {
		ids[i] = s.ID
	}
	return ids
}

// scenarioIDs lists the scenarios, for --scenario.
func scenarioIDs(m *model.Model, _ *cobra.Command) []string {
	ids := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		ids[i] = s.ID
	}
	return ids
}

// setPaths lists what --set and --sweep take, each followed by "=": the
// paths of the --scenario given, or of the services.
func setPaths(m *model.Model, c *cobra.Command) []string {
	paths := m.ServicePaths()
	if f := c.Flags().Lookup("scenario"); f != nil {
		if sc := m.Scenario(f.Value.String()); sc != nil {
			paths = m.ScenarioSetPaths(sc)
		}
	}
	for i, p := range paths {
		paths[i] = p + "="
	}
	return paths
}
