package scaling

import (
	"encoding/json"
	"math"
)

// jsonRow is one row of `blast scaling --format json`: the figures of the
// table, with the same names as the rules' data fields where they overlap.
type jsonRow struct {
	Service         string   `json:"service"`
	Resource        string   `json:"resource,omitempty"`
	Error           string   `json:"error,omitempty"`
	Unit            string   `json:"unit,omitempty"`
	Scope           string   `json:"scope,omitempty"`
	Servers         int      `json:"servers,omitempty"`
	Cells           int      `json:"cells,omitempty"`
	UseNow          *float64 `json:"use_now,omitempty"`
	Limit           *float64 `json:"limit,omitempty"`
	Growth          string   `json:"growth,omitempty"`
	AggregateGrowth string   `json:"aggregate_growth,omitempty"`
	MaxServers      *int     `json:"max_servers"`
	MaxFleet        *int     `json:"max_fleet"`
	HeadroomServers *int     `json:"headroom_servers"`
	OverLimit       bool     `json:"over_limit"`
	RecoverySeconds *float64 `json:"recovery_seconds"`
	RTOSeconds      *float64 `json:"rto_seconds"`
}

// RowsJSON renders the scaling table as a JSON array, one object per row.
// Figures that do not exist (a law that never crosses, a fleet without a
// restart rate) are null.
func RowsJSON(rows []Row) ([]byte, error) {
	out := make([]jsonRow, 0, len(rows))
	for _, r := range rows {
		j := jsonRow{Service: r.Service, Resource: r.Resource}
		if r.RecoveryOK {
			v := math.Round(r.RecoverySeconds)
			j.RecoverySeconds = &v
		}
		if r.RTOSeconds > 0 {
			v := r.RTOSeconds
			j.RTOSeconds = &v
		}
		switch {
		case r.Err != nil:
			j.Error = r.Err.Error()
		case r.Resource != "":
			res := r.Result
			use, limit := res.UseNow, res.Limit
			j.Unit, j.Scope, j.Servers, j.Cells = res.Unit, string(res.Scope), res.Servers, res.Cells
			j.UseNow, j.Limit = &use, &limit
			j.Growth, j.AggregateGrowth = res.Growth.String(), res.AggregateGrowth.String()
			j.OverLimit = res.OverLimit
			if res.Bounded {
				ms, mf, hs := res.MaxScope, res.MaxServers, res.HeadroomServers
				j.MaxServers, j.MaxFleet, j.HeadroomServers = &ms, &mf, &hs
			}
		}
		out = append(out, j)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
