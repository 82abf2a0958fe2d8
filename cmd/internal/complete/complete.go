// Package complete is blast's shell completion of flag values: fixed
// values, and the IDs and paths of the model that the command line names,
// loaded quietly and within a bound.
package complete

import (
	"strings"
	"time"

	"github.com/blast-tool/blast/model"
	"github.com/spf13/cobra"
)

// Timeout bounds how long completing a flag waits for the model.
const Timeout = 2 * time.Second

// Fixed completes a flag with fixed values.
func Fixed(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// FromModel completes a flag with what list finds in the model that the
// PATHS given so far name, loaded quietly (no diagnostics) and within
// Timeout: nothing is offered when it does not load in time. A list flag
// (--fail a,b) completes its last item; a PATH=VALUE flag (--set)
// completes the path and leaves the value to the user.
func FromModel(list func(m *model.Model, c *cobra.Command) []string) cobra.CompletionFunc {
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
	case <-time.After(Timeout):
		return nil
	}
}

// Services lists the services, for --fail, --focus and --service.
func Services(m *model.Model, _ *cobra.Command) []string {
	ids := make([]string, len(m.Services))
	for i, s := range m.Services {
		ids[i] = s.ID
	}
	return ids
}

// Scenarios lists the scenarios, for --scenario.
func Scenarios(m *model.Model, _ *cobra.Command) []string {
	ids := make([]string, len(m.Scenarios))
	for i, s := range m.Scenarios {
		ids[i] = s.ID
	}
	return ids
}

// SetPaths lists what --set and --sweep take, each followed by "=": the
// paths of the command's --scenario when it names one, else the services'.
func SetPaths(m *model.Model, c *cobra.Command) []string {
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

// SetFlag adds --set (PATH=VALUE, repeatable) to c, completed with the
// model's paths.
func SetFlag(c *cobra.Command, sets *[]string, usage string) {
	c.Flags().StringArrayVar(sets, "set", nil, usage)
	_ = c.RegisterFlagCompletionFunc("set", FromModel(SetPaths))
}

// ServicesFlag adds a flag that names services (comma-separated or
// repeated), completed with the model's IDs.
func ServicesFlag(c *cobra.Command, ids *[]string, name, usage string) {
	c.Flags().StringSliceVar(ids, name, nil, usage)
	_ = c.RegisterFlagCompletionFunc(name, FromModel(Services))
}

// ModelFiles completes a command's arguments: the model's files.
func ModelFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"hcl", "json"}, cobra.ShellCompDirectiveFilterFileExt
}
