package corpus

// The object graph pdfcpu reads, as text extraction walks it: references
// followed a bounded number of hops, so that a cycle of them ends; values of
// the kind expected or nothing, never a panic on the unexpected; and the
// page tree walked in order, each node once.

import (
	"fmt"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// resolve follows references from o to the object they lead to; nil when
// it is missing, or the chain is too long or a cycle.
func (r *pdfReader) resolve(o types.Object) types.Object {
	for range maxPDFHops {
		ref, ok := o.(types.IndirectRef)
		if !ok {
			return o
		}
		var err error
		if o, err = r.ctx.Dereference(ref); err != nil {
			return nil
		}
	}
	return nil
}

// dict resolves o to a dictionary (a stream's own), or nil.
func (r *pdfReader) dict(o types.Object) types.Dict {
	switch o := r.resolve(o).(type) {
	case types.Dict:
		return o
	case types.StreamDict:
		return o.Dict
	}
	return nil
}

// stream resolves o to a stream, or nil.
func (r *pdfReader) stream(o types.Object) *types.StreamDict {
	if sd, ok := r.resolve(o).(types.StreamDict); ok {
		return &sd
	}
	return nil
}

// array resolves o to an array, or nil.
func (r *pdfReader) array(o types.Object) types.Array {
	a, _ := r.resolve(o).(types.Array)
	return a
}

// number resolves o to a number; ok is false when it is none.
func (r *pdfReader) number(o types.Object) (float64, bool) {
	switch o := r.resolve(o).(type) {
	case types.Integer:
		return float64(o), true
	case types.Float:
		return float64(o), true
	}
	return 0, false
}

// name resolves o to a name, or "".
func (r *pdfReader) name(o types.Object) string {
	n, _ := r.resolve(o).(types.Name)
	return string(n)
}

// text resolves o to a text string (PDFDocEncoding or UTF-16), or "".
func (r *pdfReader) text(o types.Object) string {
	o = r.resolve(o)
	if o == nil {
		return ""
	}
	s, err := types.StringOrHexLiteral(o)
	if err != nil || s == nil {
		return ""
	}
	return strings.ToValidUTF8(*s, "")
}

// root returns the document catalog.
func (r *pdfReader) root() types.Dict {
	if r.ctx.Root == nil {
		return nil
	}
	return r.dict(*r.ctx.Root)
}

// pdfPage is a page to read: its content and the resources it draws with.
type pdfPage struct {
	contents  types.Object // a stream or an array of streams
	resources types.Dict
}

// pages walks the page tree in order, without recursion, each node once,
// giving each page the resources it inherits.
func (r *pdfReader) pages() ([]pdfPage, error) {
	root := r.root()
	if root == nil {
		return nil, fmt.Errorf("%w: no document catalog", ErrDamagedPDF)
	}
	type node struct {
		obj       types.Object
		resources types.Dict
	}
	var out []pdfPage
	seen := map[types.IndirectRef]bool{}
	stack := []node{{obj: root["Pages"]}}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if ref, ok := n.obj.(types.IndirectRef); ok {
			if seen[ref] {
				continue
			}
			seen[ref] = true
		}
		d := r.dict(n.obj)
		if d == nil {
			continue
		}
		res := n.resources
		if own := r.dict(d["Resources"]); own != nil {
			res = own
		}
		kids, isTree := d["Kids"]
		if !isTree || r.name(d["Type"]) == "Page" {
			if len(out) == maxPDFPages {
				return nil, fmt.Errorf("%w: more than %d pages", ErrTooLarge, maxPDFPages)
			}
			out = append(out, pdfPage{contents: d["Contents"], resources: res})
			continue
		}
		a := r.array(kids)
		if len(stack)+len(a) > maxPDFObjects {
			return nil, fmt.Errorf("%w: page tree too large", ErrTooLarge)
		}
		for i := len(a) - 1; i >= 0; i-- {
			stack = append(stack, node{obj: a[i], resources: res})
		}
	}
	return out, nil
}
