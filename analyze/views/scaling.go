package views

import (
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/blast-tool/blast/analyze/internal/words"
	"github.com/blast-tool/blast/analyze/scaling"
	"github.com/blast-tool/blast/model"
)

// Scaling is every view of the fleets' scaling table: `blast scaling`.
var Scaling = Formats[[]scaling.Row]{
	{"text", func(o Options) View[[]scaling.Row] {
		return ViewFunc[[]scaling.Row](func(w io.Writer, rows []scaling.Row) error { return ScalingTable(w, rows, o.Color) })
	}},
	plain("json", scalingJSON),
}

// scalingHeader names the scaling table's columns.
var scalingHeader = []string{"SERVICE", "RESOURCE", "USE NOW / LIMIT", "PER SERVER", "TOTAL", "MAX FLEET", "HEADROOM", "RECOVERY / RTO"}

type scalingCell struct {
	text  string
	color string
}

// ScalingTable writes rows as the scaling table of `blast scaling` and of
// `blast analyze`: use now against the limit, growth per server and for the
// scope's total, the largest fleet within the limit, the headroom to it and
// the recovery time against the RTO. color adds ANSI colours (for terminals):
// red over a limit or an RTO, yellow within the policy headroom, green
// otherwise.
func ScalingTable(w io.Writer, rows []scaling.Row, color bool) error {
	header := scalingHeader
	table := [][]scalingCell{}
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
	line := func(cs []scalingCell) {
		for i, c := range cs {
			text := c.text
			if i < len(cs)-1 {
				text += strings.Repeat(" ", width[i]-utf8.RuneCountInString(c.text)+2)
			}
			if color && c.color != "" {
				// Colour only the text, not the padding, so columns stay aligned.
				text = c.color + c.text + sgrReset + text[len(c.text):]
			}
			b.WriteString(text)
		}
		b.WriteString("\n")
	}
	hc := make([]scalingCell, len(header))
	for i, h := range header {
		hc[i] = scalingCell{text: h}
	}
	line(hc)
	for _, cs := range table {
		line(cs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rowCells(row scaling.Row) []scalingCell {
	cs := []scalingCell{{text: row.Service}, {text: dash(row.Resource)}}
	switch {
	case row.Resource == "":
		cs = append(cs, scalingCell{text: "-"}, scalingCell{text: "-"}, scalingCell{text: "-"}, scalingCell{text: "-"}, scalingCell{text: "-"})
	case row.Err != nil:
		msg := strings.TrimPrefix(row.Err.Error(), fmt.Sprintf("%s: resource %q: ", row.Service, row.Resource))
		cs = append(cs, scalingCell{text: "error: " + msg, color: ansiRed}, scalingCell{text: "-"}, scalingCell{text: "-"}, scalingCell{text: "-"}, scalingCell{text: "-"})
	default:
		r := row.Result
		use := scalingCell{text: fmt.Sprintf("%s / %s %s", words.Num(r.UseNow), words.Num(r.Limit), r.Unit)}
		if r.OverLimit {
			use.color = ansiRed
		}
		per := r.Growth.String()
		total := r.AggregateGrowth.String()
		if r.Scope == model.ScopeCell {
			per += " (cell)"
			total += " (cell)"
		}
		perCell := scalingCell{text: per}
		if r.FleetHotspot {
			perCell.color = ansiYellow
		}
		maxFleet := "never"
		if r.MaxScope < scaling.MaxSearch || r.OverLimit {
			maxFleet = words.Int(r.MaxServers)
			if r.Scope == model.ScopeCell {
				maxFleet += fmt.Sprintf(" (%s/cell)", words.Int(r.MaxScope))
			}
		}
		head := scalingCell{text: "unbounded", color: ansiGreen}
		switch {
		case r.OverLimit:
			head = scalingCell{text: "over by " + words.Int(-r.HeadroomServers), color: ansiRed}
		case r.Bounded:
			head = scalingCell{text: fmt.Sprintf("+%s (%s)", words.Int(r.HeadroomServers), words.Percent(r.HeadroomFraction)), color: ansiGreen}
			if r.CrossesWithin {
				head.color = ansiYellow
			}
		}
		cs = append(cs, use, perCell, scalingCell{text: total}, scalingCell{text: maxFleet}, head)
	}
	rec := scalingCell{text: "-"}
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

// jsonScalingRow is one row of `blast scaling --format json`: the figures
// of the table, with the same names as the rules' data fields where they
// overlap.
type jsonScalingRow struct {
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
	MaxServers      *int     `json:"max_servers" jsonschema:"nullable"`
	MaxFleet        *int     `json:"max_fleet" jsonschema:"nullable"`
	HeadroomServers *int     `json:"headroom_servers" jsonschema:"nullable"`
	OverLimit       bool     `json:"over_limit"`
	RecoverySeconds *float64 `json:"recovery_seconds" jsonschema:"nullable"`
	RTOSeconds      *float64 `json:"rto_seconds" jsonschema:"nullable"`
}

// scalingJSON writes the scaling table as a JSON document, one object per
// row in rows. Figures that do not exist (a law that never crosses, a fleet without
// a restart rate) are null.
func scalingJSON(w io.Writer, rows []scaling.Row) error {
	out := make([]jsonScalingRow, 0, len(rows))
	for _, r := range rows {
		j := jsonScalingRow{Service: r.Service, Resource: r.Resource}
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
	return writeIndented(w, jsonScaling{FormatVersion, out})
}

// jsonScaling is the JSON document of scaling: one row per fleet and
// resource, as the table has.
type jsonScaling struct {
	FormatVersion string           `json:"format_version" jsonschema:"enum=1"`
	Rows          []jsonScalingRow `json:"rows"`
}
