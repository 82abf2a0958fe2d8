package scaling

import "github.com/blast-tool/blast/model"

// Row is one line of the scaling table: one resource of one fleet, or a
// fleet without resources (Resource empty) so that its recovery still shows.
type Row struct {
	Service  string
	Resource string // "" for a fleet without resources
	Result   Result // valid when Resource != "" and Err == nil
	Err      error  // the law could not be evaluated

	RecoverySeconds float64
	RecoveryOK      bool    // restart_rate is declared
	RTOSeconds      float64 // 0 when no rto is declared
}

// Rows analyses every resource of every fleet of m, in service order then
// declaration order. Errors are kept per row so one bad law does not hide
// the rest of the table.
func Rows(m *model.Model, headroom float64) []Row {
	if m == nil {
		return nil
	}
	var rows []Row
	for _, svc := range m.Services {
		if svc == nil || svc.Fleet == nil {
			continue
		}
		base := Row{Service: svc.ID, RTOSeconds: svc.Fleet.RTO.Seconds()}
		base.RecoverySeconds, base.RecoveryOK = Recovery(svc.Fleet)
		if len(svc.Resources) == 0 {
			if base.RecoveryOK || base.RTOSeconds > 0 {
				rows = append(rows, base)
			}
			continue
		}
		for _, r := range svc.Resources {
			row := base
			row.Resource = r.Name
			row.Result, row.Err = Analyze(svc, r, headroom)
			rows = append(rows, row)
		}
	}
	return rows
}
