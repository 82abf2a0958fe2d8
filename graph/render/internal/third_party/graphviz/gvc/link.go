package gvc

import (
	_ "unsafe"

	"github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt"
	"github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cgraph"
	"github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/internal/wasm"
)

//go:linkname toGraph github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cgraph.toGraph
func toGraph(*wasm.Graph) *cgraph.Graph

//go:linkname toGraphWasm github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cgraph.toGraphWasm
func toGraphWasm(*cgraph.Graph) *wasm.Graph

//go:linkname toNode github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cgraph.toNode
func toNode(*wasm.Node) *cgraph.Node

//go:linkname toEdge github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cgraph.toEdge
func toEdge(*wasm.Edge) *cgraph.Edge

//go:linkname toDictLink github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt.toLink
func toDictLink(*wasm.DictLink) *cdt.Link

//go:linkname toDictLinkWasm github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt.toLinkWasm
func toDictLinkWasm(*cdt.Link) *wasm.DictLink
