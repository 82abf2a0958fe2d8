package model_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/blast-tool/blast/graph/graphtest"
	"github.com/blast-tool/blast/model"
)

// TestDecodeEachEstates is TestDecodeEach on the generated estates, whole
// and with mistakes spread over them (unknown impacts, bad durations,
// duplicate services), so that diagnostics come from many chunks.
func TestDecodeEachEstates(t *testing.T) {
	for _, e := range graphtest.Estates {
		src := graphtest.HCL(e.New(3000, 1))
		model.CheckDecodings(t, e.Name, []model.Source{{Filename: e.Name + ".hcl", Bytes: src}})

		bad := bytes.Replace(src, []byte(`impact = "degraded"`), []byte(`impact = "degrade"`), 40)
		bad = bytes.Replace(bad, []byte(`after  = "`), []byte(`after  = "-`), 30)
		for i := 0; i < 3000; i += 97 {
			bad = fmt.Appendf(bad, "\nservice %q {\n  role = \"servic\"\n}\n", e.New(3000, 1).Services[i].ID)
		}
		model.CheckDecodings(t, e.Name+" with mistakes", []model.Source{{Filename: e.Name + ".hcl", Bytes: bad}})
	}
}
