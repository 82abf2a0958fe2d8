package topology

import (
	"bytes"
	"strings"

	"github.com/blast-tool/blast/model"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// HCL renders t as a blast model in canonical layout: the bytes `blast fmt`
// would write (model.Format leaves them unchanged), so `blast fmt --check`
// accepts a fresh import. header lines become comments at the top. Each
// service is a `service` block, or an `extend` block when Service.Extend is
// set; each edge a depends_on block with its note. Defaults (role service,
// impact outage, title = ID) are left out.
//
// The layout is written directly rather than built with hclwrite and then
// formatted: formatting lexes the whole output into tokens first, which for
// a 100,000-edge import costs hundreds of MB. TestHCLIsCanonical checks
// that the two agree.
func (t *Topology) HCL(header ...string) []byte {
	t.sort()
	var b bytes.Buffer
	for _, h := range header {
		comment(&b, "", h)
	}
	for i, s := range t.Services {
		if i > 0 || len(header) > 0 {
			b.WriteByte('\n')
		}
		t.writeService(&b, s)
	}
	return b.Bytes()
}

func (t *Topology) writeService(b *bytes.Buffer, s *Service) {
	edges := t.EdgesFrom(s.ID)
	for _, n := range s.Notes {
		comment(b, "", n)
	}
	kind := "service"
	if s.Extend {
		kind = "extend"
	}
	b.WriteString(kind + " " + quote(s.ID) + " {\n")
	var attrs [][2]string
	if s.Title != "" && s.Title != s.ID && !s.Extend {
		attrs = append(attrs, [2]string{"title", quote(s.Title)})
	}
	if s.Role != "" && s.Role != model.RoleService && !s.Extend {
		attrs = append(attrs, [2]string{"role", quote(string(s.Role))})
	}
	if len(s.Tags) > 0 {
		q := make([]string, len(s.Tags))
		for i, tag := range s.Tags {
			q[i] = quote(tag)
		}
		attrs = append(attrs, [2]string{"tags", "[" + strings.Join(q, ", ") + "]"})
	}
	writeAttrs(b, "  ", attrs)
	for i, e := range edges {
		if i > 0 || len(attrs) > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("  depends_on " + quote(e.To) + " {\n")
		var ea [][2]string
		if e.Impact != model.ImpactOutage {
			ea = append(ea, [2]string{"impact", quote(e.Impact.String())})
		}
		ea = append(ea, [2]string{"note", quote(t.Note(e))})
		writeAttrs(b, "    ", ea)
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
}

// writeAttrs writes one group of attributes with their equals signs
// aligned, as hclwrite.Format aligns consecutive attribute lines.
func writeAttrs(b *bytes.Buffer, indent string, attrs [][2]string) {
	w := 0
	for _, a := range attrs {
		w = max(w, len(a[0]))
	}
	for _, a := range attrs {
		b.WriteString(indent + a[0] + strings.Repeat(" ", w-len(a[0])) + " = " + a[1] + "\n")
	}
}

// comment writes text as "# " lines, one per line of text.
func comment(b *bytes.Buffer, indent, text string) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line == "" {
			b.WriteString(indent + "#\n")
			continue
		}
		b.WriteString(indent + "# " + line + "\n")
	}
}

// quote is an HCL string literal: hclwrite's escaping, which also escapes
// "${" and "%{" so that a name is never read as a template.
func quote(s string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
}
