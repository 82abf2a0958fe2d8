package render

import "github.com/blast-tool/blast/model"

// The palette is chosen so that role fills are pale (text stays legible and
// they never compete with the saturated red/amber of a failure overlay) and
// every role also differs by shape, for readers who cannot tell colours apart.

// roleStyle is how one role is drawn.
type roleStyle struct {
	shape string
	style string // extra style flags besides "filled"
	fill  string
}

var roleStyles = map[model.Role]roleStyle{
	model.RoleService:      {shape: "box", style: "rounded", fill: "#dbe8f7"},
	model.RoleMonitoring:   {shape: "ellipse", fill: "#e6dcf5"},
	model.RoleStatus:       {shape: "note", fill: "#d4f0ee"},
	model.RoleAuth:         {shape: "hexagon", fill: "#e0f0cc"},
	model.RoleStorage:      {shape: "cylinder", fill: "#e4e4e4"},
	model.RoleNetwork:      {shape: "parallelogram", fill: "#f6e7d2"},
	model.RoleControlPlane: {shape: "component", fill: "#ddd3c6"},
	model.RoleTooling:      {shape: "tab", fill: "#fafafa"},
}

func styleOf(r model.Role) roleStyle {
	if s, ok := roleStyles[r]; ok {
		return s
	}
	return roleStyles[model.RoleService]
}

// Border weights: the thicker the outline, the more an outage matters.
var critPen = map[model.Criticality]string{
	model.Critical: "3.2",
	model.High:     "2",
	model.Medium:   "1.1",
	model.Low:      "0.5",
}

func penOf(c model.Criticality) string {
	if p, ok := critPen[c]; ok {
		return p
	}
	return critPen[model.Medium]
}

const (
	colInk      = "#333333" // default outline and outage edges
	colDegraded = "#555555" // degraded edges
	colNone     = "#9e9e9e" // impact "none" edges
	colBuffer   = "#6d4c41" // buffered edges
	colUntested = "#ef6c00" // tested = false
	colCycle    = "#d50000" // dependency cycles
	colMonitors = "#1565c0" // observer -> observed, bundled
	colWatches  = "#7da7d9" // observer -> observed, every relation: a lighter layer
	colGroup    = "#2e7d32" // redundancy group junctions
	colFocus    = "#1565c0"
	colNote     = "#616161"

	colFailedFill   = "#b71c1c"
	colFailedFont   = "#ffffff"
	colOutageFill   = "#f4a3a3"
	colOutageLine   = "#c62828"
	colDegradedFill = "#ffd666"
	colDegradedLine = "#b26a00"

	// fontName is the one font of every label. Graphviz sizes labels with
	// built-in width tables looked up by exact family name (lib/common/
	// textspan_lut.c: "Arial", "Helvetica", "Liberation Sans" and "Arimo"
	// share one table; any other name, a font list or "Helvetica-Bold"
	// included, falls back to Times, which is narrower). Arial is the name
	// of that table that browsers find most often: Windows and macOS ship
	// it, and fontconfig maps it to the metric-compatible Liberation Sans
	// or Arimo; SVG says font-family="Arial". PNG text is drawn with the
	// embedded Liberation Sans (raster.go). Bold text is asked for with an
	// HTML label (<B>), which Graphviz measures with the bold table.
	fontName = "Arial"
)
