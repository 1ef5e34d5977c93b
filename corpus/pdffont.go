package corpus

// Fonts turn the codes a content stream shows into characters and widths
// (ISO 32000-1, 9.5–9.10). A ToUnicode CMap, when the font has one, says
// what each code is; otherwise a simple font's encoding does (pdfenc.go),
// and a composite font's codes are Unicode only under the Uni…UCS2 and
// Uni…UTF16 CMaps. Widths place the glyphs, from which word gaps are told;
// a simple font without them (the standard 14) takes pdfcpu's metrics.

import (
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/font"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfFont is what text extraction needs of a font.
type pdfFont struct {
	composite bool        // codes of one to four bytes, per space
	space     []codeRange // a composite font's code space; empty: two bytes
	unicode   bool        // a composite font's codes are UTF-16
	simple    [256]string // a simple font's characters by code
	toUnicode *cmap       // the font's ToUnicode CMap; wins when it maps a code
	widths    map[uint32]float64
	ranges    []widthRange // a composite font's widths for ranges of codes
	missing   float64      // the width of a code with no width given
	scale     float64      // glyph space to text space: 1/1000 but in Type 3 fonts
}

// codeRange is a range of codes of n bytes.
type codeRange struct {
	lo, hi uint32
	n      int
}

// widthRange is one width for the codes lo to hi.
type widthRange struct {
	lo, hi uint32
	w      float64
}

// fallbackFont reads text shown with no font set, as Latin text.
var fallbackFont = &pdfFont{simple: baseEncoding("StandardEncoding"), missing: 500, scale: 0.001}

// loadFont reads a font dictionary.
func loadFont(r *pdfReader, d types.Dict) *pdfFont {
	if d == nil {
		return fallbackFont
	}
	f := &pdfFont{widths: map[uint32]float64{}, scale: 0.001}
	if tu := r.stream(d["ToUnicode"]); tu != nil {
		if b, err := r.decode(tu); err == nil {
			f.toUnicode = parseCMap(b)
		}
	}
	if r.name(d["Subtype"]) == "Type0" {
		f.loadComposite(r, d)
		return f
	}
	f.loadSimple(r, d)
	return f
}

func (f *pdfFont) loadSimple(r *pdfReader, d types.Dict) {
	enc := r.resolve(d["Encoding"])
	base := "StandardEncoding"
	var diffs types.Array
	switch e := enc.(type) {
	case types.Name:
		base = string(e)
	case types.Dict:
		if n := r.name(e["BaseEncoding"]); n != "" {
			base = n
		}
		diffs = r.array(e["Differences"])
	}
	f.simple = baseEncoding(base)
	code := -1
	for _, o := range diffs {
		switch o := r.resolve(o).(type) {
		case types.Integer:
			code = int(o)
		case types.Name:
			if code >= 0 && code < 256 {
				f.simple[code], _ = glyphText(string(o))
			}
			code++
		}
	}

	if r.name(d["Subtype"]) == "Type3" {
		if m := r.array(d["FontMatrix"]); len(m) == 6 {
			f.scale, _ = r.number(m[0])
		}
	}
	desc := r.dict(d["FontDescriptor"])
	f.missing, _ = r.number(desc["MissingWidth"])
	first, _ := r.number(d["FirstChar"])
	w := r.array(d["Widths"])
	for i, o := range w[:min(len(w), 256)] {
		if v, ok := r.number(o); ok {
			f.widths[uint32(int(first)+i)] = v
		}
	}
	if len(w) == 0 {
		name := r.name(d["BaseFont"])
		if i := strings.IndexByte(name, '+'); i >= 0 {
			name = name[i+1:] // a subset's tag, "ABCDEF+Times-Roman"
		}
		if font.IsCoreFont(name) {
			for c := range 256 {
				w, _ := font.CharWidth(name, rune(c))
				f.widths[uint32(c)] = float64(w)
			}
		} else if avg, ok := r.number(desc["AvgWidth"]); ok && avg > 0 {
			f.missing = avg
		} else if f.missing == 0 {
			f.missing = 500
		}
	}
}

func (f *pdfFont) loadComposite(r *pdfReader, d types.Dict) {
	f.composite = true
	switch enc := r.resolve(d["Encoding"]).(type) {
	case types.Name:
		name := string(enc)
		f.unicode = strings.HasPrefix(name, "Uni") && (strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16"))
	case types.StreamDict:
		if b, err := r.decode(&enc); err == nil {
			f.space = parseCMap(b).space
		}
	}
	if len(f.space) == 0 && f.toUnicode != nil {
		f.space = f.toUnicode.space
	}
	desc := r.array(d["DescendantFonts"])
	var cid types.Dict
	if len(desc) > 0 {
		cid = r.dict(desc[0])
	}
	f.missing = 1000
	if dw, ok := r.number(cid["DW"]); ok {
		f.missing = dw
	}
	// W is [c [w1 w2 …]] for codes from c, or [c1 c2 w] for a range.
	w := r.array(cid["W"])
	for i := 0; i+1 < len(w); {
		c, _ := r.number(w[i])
		if list := r.array(w[i+1]); list != nil {
			for j, o := range list {
				if v, ok := r.number(o); ok {
					f.widths[uint32(c)+uint32(j)] = v
				}
			}
			i += 2
			continue
		}
		if i+2 >= len(w) {
			break
		}
		hi, _ := r.number(w[i+1])
		v, _ := r.number(w[i+2])
		f.ranges = append(f.ranges, widthRange{uint32(c), uint32(hi), v})
		i += 3
	}
}

// next returns the first code of s and its length in bytes.
func (f *pdfFont) next(s []byte) (code uint32, n int) {
	if !f.composite {
		return uint32(s[0]), 1
	}
	if len(f.space) == 0 {
		if len(s) < 2 {
			return uint32(s[0]), 1
		}
		return uint32(s[0])<<8 | uint32(s[1]), 2
	}
	for n := 1; n <= 4 && n <= len(s); n++ {
		code = code<<8 | uint32(s[n-1])
		for _, r := range f.space {
			if r.n == n && code >= r.lo && code <= r.hi {
				return code, n
			}
		}
	}
	// Not in the code space: as many bytes as the shortest codes have.
	n = 4
	for _, r := range f.space {
		n = min(n, r.n)
	}
	n = min(n, len(s))
	code = 0
	for _, c := range s[:n] {
		code = code<<8 | uint32(c)
	}
	return code, n
}

// text returns the characters of a code of n bytes; known is false when the
// font does not say.
func (f *pdfFont) text(code uint32, n int) (text string, known bool) {
	if f.toUnicode != nil {
		if t, ok := f.toUnicode.lookup(code, n); ok {
			return t, true
		}
	}
	switch {
	case !f.composite:
		t := f.simple[code&0xff]
		return t, t != ""
	case f.unicode && (code < 0xd800 || code >= 0xe000):
		return string(rune(code)), true
	}
	return "", false
}

// width returns the advance of a code, in text space units per unit of
// font size.
func (f *pdfFont) width(code uint32) float64 {
	if w, ok := f.widths[code]; ok {
		return w * f.scale
	}
	for _, r := range f.ranges {
		if code >= r.lo && code <= r.hi {
			return r.w * f.scale
		}
	}
	return f.missing * f.scale
}

// cmap is a CMap's code space and the text of its codes: a ToUnicode CMap
// (bfchar, bfrange) or the code space of an encoding CMap.
type cmap struct {
	space  []codeRange
	chars  map[uint64]string // by n<<32 | code
	ranges []cmapRange       // sorted by n, then lo
}

// cmapRange gives the codes lo to hi of n bytes the text start, its last
// UTF-16 unit counted up, or the texts of list.
type cmapRange struct {
	lo, hi uint32
	n      int
	start  []uint16
	list   []string
}

// maxCMapRange caps the codes one bfrange may span, the most two-byte codes.
const maxCMapRange = 1 << 16

// parseCMap reads a CMap program, keeping its code space and mappings and
// skipping what it does not understand.
func parseCMap(b []byte) *cmap {
	m := &cmap{chars: map[uint64]string{}}
	lex := contentLexer{b: b, limit: 4096}
	var buf []operand
	for {
		op, args, ok := lex.next(buf)
		if !ok {
			break
		}
		buf = args
		switch op {
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				if lo, hi := args[i], args[i+1]; lo.kind == 's' && hi.kind == 's' && len(lo.str) == len(hi.str) && len(lo.str) >= 1 && len(lo.str) <= 4 {
					m.space = append(m.space, codeRange{codeOf(lo.str), codeOf(hi.str), len(lo.str)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				if src, dst := args[i], args[i+1]; src.kind == 's' && len(src.str) >= 1 && len(src.str) <= 4 {
					m.chars[uint64(len(src.str))<<32|uint64(codeOf(src.str))] = utf16Text(dst)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				lo, hi, dst := args[i], args[i+1], args[i+2]
				if lo.kind != 's' || hi.kind != 's' || len(lo.str) != len(hi.str) || len(lo.str) < 1 || len(lo.str) > 4 {
					continue
				}
				r := cmapRange{lo: codeOf(lo.str), hi: codeOf(hi.str), n: len(lo.str)}
				if r.hi < r.lo || r.hi-r.lo >= maxCMapRange {
					continue
				}
				switch dst.kind {
				case 's':
					r.start = utf16Units(dst.str)
				case '[':
					for _, e := range dst.arr {
						r.list = append(r.list, utf16Text(e))
					}
				default:
					continue
				}
				m.ranges = append(m.ranges, r)
			}
		}
	}
	slices.SortFunc(m.ranges, func(a, b cmapRange) int {
		if a.n != b.n {
			return a.n - b.n
		}
		return int(int64(a.lo) - int64(b.lo))
	})
	return m
}

// lookup returns the text of a code of n bytes.
func (m *cmap) lookup(code uint32, n int) (string, bool) {
	if t, ok := m.chars[uint64(n)<<32|uint64(code)]; ok {
		return t, true
	}
	// The last range of n-byte codes starting at or below code.
	i, _ := slices.BinarySearchFunc(m.ranges, cmapRange{n: n, lo: code}, func(a, b cmapRange) int {
		if a.n != b.n {
			return a.n - b.n
		}
		if a.lo <= b.lo {
			return -1
		}
		return 1
	})
	// Ranges do not overlap in CMaps that tools write; a few steps back
	// serve those that do, and bound the search in hostile ones.
	stop := max(i-4, 0)
	for i--; i >= stop && m.ranges[i].n == n; i-- {
		r := m.ranges[i]
		if code > r.hi {
			continue
		}
		off := code - r.lo
		if r.list != nil {
			if int(off) < len(r.list) {
				return r.list[off], true
			}
			return "", false
		}
		if len(r.start) == 0 {
			return "", false
		}
		u := slices.Clone(r.start)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// codeOf reads a big-endian code of up to four bytes.
func codeOf(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c
}

func utf16Units(b []byte) []uint16 {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	if len(b)%2 == 1 { // a one-byte destination, written by some tools
		u = append(u, uint16(b[len(b)-1]))
	}
	return u
}

// utf16Text reads a CMap destination: UTF-16BE text, or a glyph name.
func utf16Text(o operand) string {
	switch o.kind {
	case 's':
		return string(utf16.Decode(utf16Units(o.str)))
	case '/':
		t, _ := glyphText(string(o.str))
		return t
	}
	return ""
}
