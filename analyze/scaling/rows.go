package scaling

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blast-tool/blast/model"
)

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

// RowsError joins the errors of the rows: a law that could not be
// evaluated is invalid input, reported at its per_server (model.LawError),
// not a cell of the table.
func RowsError(rows []Row) error {
	var errs []error
	for _, r := range rows {
		errs = append(errs, r.Err)
	}
	return errors.Join(errs...)
}

// Pick finds the law to chart: the resource named resource of the service
// named service, either of them "" for any, when exactly one matches.
func Pick(m *model.Model, service, resource string) (*model.Service, *model.Resource, error) {
	var svcs []*model.Service
	var found []*model.Resource
	var names []string
	for _, s := range m.Services {
		for _, r := range s.Resources {
			if (service == "" || s.ID == service) && (resource == "" || r.Name == resource) {
				svcs, found, names = append(svcs, s), append(found, r), append(names, s.ID+"/"+r.Name)
			}
		}
	}
	switch {
	case len(found) == 1:
		return svcs[0], found[0], nil
	case len(found) > 1:
		return nil, nil, fmt.Errorf("several resources match (%s): name the service and the resource", strings.Join(names, ", "))
	case service != "":
		if _, err := m.FindService(service); err != nil {
			return nil, nil, fmt.Errorf("service %s: %w", service, err)
		}
	}
	return nil, nil, fmt.Errorf("no resource matches: declare a resource block in a service with a fleet, or name another")
}
