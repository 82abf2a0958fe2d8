package cgraph

import (
	_ "unsafe"

	"github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt"
	"github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/internal/wasm"
)

//go:linkname toDict github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt.toDict
func toDict(*wasm.Dict) *cdt.Dict

//go:linkname toDictWasm github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt.toDictWasm
func toDictWasm(*cdt.Dict) *wasm.Dict

//go:linkname toDictLink github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt.toLink
func toDictLink(*wasm.DictLink) *cdt.Link

//go:linkname toDictLinkWasm github.com/blast-tool/blast/graph/render/internal/third_party/graphviz/cdt.toLinkWasm
func toDictLinkWasm(*cdt.Link) *wasm.DictLink

func toGraphWasm(v *Graph) *wasm.Graph {
	if v == nil {
		return nil
	}
	return v.wasm
}
