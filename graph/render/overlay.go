package render

// OverlayColours are the colours of the failure overlay (Options.Fail):
// fills and outlines of a failed service, of one that is out and of one
// that is degraded.
type OverlayColours struct {
	FailedFill, FailedFont     string
	OutageFill, OutageLine     string
	DegradedFill, DegradedLine string
}

// Overlay is the failure overlay's palette, for views that colour the same
// states over Graphviz's drawing (the HTML report's highlight), so that
// both speak with the diagram's colours.
var Overlay = OverlayColours{
	FailedFill: colFailedFill, FailedFont: colFailedFont,
	OutageFill: colOutageFill, OutageLine: colOutageLine,
	DegradedFill: colDegradedFill, DegradedLine: colDegradedLine,
}
