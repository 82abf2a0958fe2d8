package scaling

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/blast-tool/blast/analyze/internal/words"

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

// ANSI colours for the table: red over a limit or an RTO, yellow within the
// policy headroom, green otherwise.
const (
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiGreen  = "\x1b[32m"
	ansiReset  = "\x1b[0m"
)

type cell struct {
	text  string
	color string
}

// WriteTable prints rows as the scaling table of `blast analyze`: use now
// against the limit, growth per server and for the scope's total, the largest
// fleet within the limit, the headroom to it and the recovery time against
// the RTO. color adds ANSI colours (for terminals).
func WriteTable(w io.Writer, rows []Row, color bool) error {
	header := []string{"SERVICE", "RESOURCE", "USE NOW / LIMIT", "PER SERVER", "TOTAL", "MAX FLEET", "HEADROOM", "RECOVERY / RTO"}
	table := [][]cell{}
	for _, row := range rows {
		table = append(table, rowCells(row))
	}
	width := make([]int, len(header))
	for i, h := range header {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, cs := range table {
		for i, c := range cs {
			width[i] = max(width[i], utf8.RuneCountInString(c.text))
		}
	}
	var b strings.Builder
	line := func(cs []cell) {
		for i, c := range cs {
			text := c.text
			if i < len(cs)-1 {
				text += strings.Repeat(" ", width[i]-utf8.RuneCountInString(c.text)+2)
			}
			if color && c.color != "" {
				// Colour only the text, not the padding, so columns stay aligned.
				text = c.color + c.text + ansiReset + text[len(c.text):]
			}
			b.WriteString(text)
		}
		b.WriteString("\n")
	}
	hc := make([]cell, len(header))
	for i, h := range header {
		hc[i] = cell{text: h}
	}
	line(hc)
	for _, cs := range table {
		line(cs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rowCells(row Row) []cell {
	cs := []cell{{text: row.Service}, {text: dash(row.Resource)}}
	switch {
	case row.Resource == "":
		cs = append(cs, cell{text: "-"}, cell{text: "-"}, cell{text: "-"}, cell{text: "-"}, cell{text: "-"})
	case row.Err != nil:
		msg := strings.TrimPrefix(row.Err.Error(), fmt.Sprintf("%s: resource %q: ", row.Service, row.Resource))
		cs = append(cs, cell{text: "error: " + msg, color: ansiRed}, cell{text: "-"}, cell{text: "-"}, cell{text: "-"}, cell{text: "-"})
	default:
		r := row.Result
		use := cell{text: fmt.Sprintf("%s / %s %s", words.Num(r.UseNow), words.Num(r.Limit), r.Unit)}
		if r.OverLimit {
			use.color = ansiRed
		}
		per := r.Growth.String()
		total := r.AggregateGrowth.String()
		if r.Scope == model.ScopeCell {
			per += " (cell)"
			total += " (cell)"
		}
		perCell := cell{text: per}
		if r.FleetHotspot {
			perCell.color = ansiYellow
		}
		maxFleet := "never"
		if r.MaxScope < MaxSearch || r.OverLimit {
			maxFleet = words.Int(r.MaxServers)
			if r.Scope == model.ScopeCell {
				maxFleet += fmt.Sprintf(" (%s/cell)", words.Int(r.MaxScope))
			}
		}
		head := cell{text: "unbounded", color: ansiGreen}
		switch {
		case r.OverLimit:
			head = cell{text: "over by " + words.Int(-r.HeadroomServers), color: ansiRed}
		case r.Bounded:
			head = cell{text: fmt.Sprintf("+%s (%s)", words.Int(r.HeadroomServers), words.Percent(r.HeadroomFraction)), color: ansiGreen}
			if r.CrossesWithin {
				head.color = ansiYellow
			}
		}
		cs = append(cs, use, perCell, cell{text: total}, cell{text: maxFleet}, head)
	}
	rec := cell{text: "-"}
	if row.RecoveryOK {
		rec.text = words.Seconds(row.RecoverySeconds)
	}
	if row.RTOSeconds > 0 {
		rec.text += " / " + words.Seconds(row.RTOSeconds)
		if row.RecoveryOK {
			rec.color = ansiGreen
			if row.RecoverySeconds > row.RTOSeconds {
				rec.color = ansiRed
			}
		}
	}
	return append(cs, rec)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
