package corpus

// Placing the glyphs of a page (ISO 32000-1, 9.4): the text operators move
// a text matrix within the current transformation, each glyph lands at the
// origin its text rendering matrix gives and advances by its width. Glyphs
// are gathered into lines as they come, in content order, which is reading
// order for the writers of articles; a space is put where a PDF leaves a gap
// between words instead of drawing one (pdfpara.go then joins the lines).

import (
	"fmt"
	"math"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// maxFormDepth caps forms drawn within forms; real files nest two or three.
const maxFormDepth = 12

// maxGraphicsDepth caps the saved graphics states (q without Q) kept.
const maxGraphicsDepth = 256

// matrix is a PDF transformation [a b c d e f]: x' = a x + c y + e,
// y' = b x + d y + f.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: the transformation m, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translation(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// graphicsState is the part of the graphics state text depends on.
type graphicsState struct {
	ctm                    matrix
	font                   *pdfFont
	size                   float64 // Tfs
	charSpace, wordSpace   float64 // Tc, Tw
	scale, leading, rise   float64 // Th (1 = 100%), TL, Ts
	textMatrix, lineMatrix matrix  // Tm, Tlm
}

// textExtractor reads the text of a document's pages, sharing fonts and
// forms between them and counting the text against maxPDFText.
type textExtractor struct {
	r         *pdfReader
	fonts     map[types.IndirectRef]*pdfFont
	forms     map[types.IndirectRef][]byte
	text      int // bytes of text extracted so far, and glyphs without text
	undecoded int // glyphs whose font gives no character
}

func newTextExtractor(r *pdfReader) *textExtractor {
	return &textExtractor{r: r, fonts: map[types.IndirectRef]*pdfFont{}, forms: map[types.IndirectRef][]byte{}}
}

// page returns the lines of text of a page, in content order.
func (ex *textExtractor) page(pg pdfPage) ([]pdfLine, error) {
	var content []byte
	streams := []types.Object{pg.contents}
	if a := ex.r.array(pg.contents); a != nil {
		streams = a
	}
	for _, o := range streams {
		sd := ex.r.stream(o)
		if sd == nil {
			continue
		}
		b, err := ex.r.decode(sd)
		if err != nil {
			return nil, err
		}
		// Streams of one page are one stream, split anywhere but
		// between tokens.
		content = append(append(content, b...), '\n')
	}
	var lb lineBuilder
	gs := graphicsState{ctm: identity, scale: 1, textMatrix: identity, lineMatrix: identity}
	if err := ex.run(content, pg.resources, gs, &lb, nil); err != nil {
		return nil, err
	}
	return lb.done(), nil
}

// run interprets a content stream drawn with the given resources, starting
// from graphics state gs; forms lists the forms being drawn, outermost first.
func (ex *textExtractor) run(content []byte, res types.Dict, gs graphicsState, lb *lineBuilder, forms []types.IndirectRef) error {
	fonts := map[string]*pdfFont{}
	var saved []graphicsState
	var dropped int // saves beyond maxGraphicsDepth, restored as no-ops
	lex := contentLexer{b: content}
	var buf []operand
	for {
		op, args, ok := lex.next(buf)
		if !ok {
			return nil
		}
		buf = args
		num := func(i int) float64 {
			if i < len(args) && args[i].kind == 'n' {
				return args[i].num
			}
			return 0
		}
		mat := func() matrix {
			var m matrix
			if len(args) < 6 {
				return identity
			}
			for i := range m {
				m[i] = num(len(args) - 6 + i)
			}
			return m
		}
		last := func(kind byte) *operand {
			if n := len(args); n > 0 && args[n-1].kind == kind {
				return &args[n-1]
			}
			return nil
		}
		var err error
		switch op {
		case "q":
			if len(saved) == maxGraphicsDepth {
				dropped++
			} else {
				saved = append(saved, gs)
			}
		case "Q":
			if dropped > 0 {
				dropped--
			} else if n := len(saved); n > 0 {
				gs, saved = saved[n-1], saved[:n-1]
			}
		case "cm":
			gs.ctm = mat().mul(gs.ctm)
		case "BT":
			gs.textMatrix, gs.lineMatrix = identity, identity
		case "Tc":
			gs.charSpace = num(0)
		case "Tw":
			gs.wordSpace = num(0)
		case "Tz":
			gs.scale = num(0) / 100
		case "TL":
			gs.leading = num(0)
		case "Ts":
			gs.rise = num(0)
		case "Tf":
			if len(args) >= 2 {
				gs.size = num(len(args) - 1)
				if name := args[len(args)-2]; name.kind == '/' {
					gs.font = ex.font(res, fonts, string(name.str))
				}
			}
		case "Td", "TD":
			if len(args) >= 2 {
				tx, ty := num(len(args)-2), num(len(args)-1)
				if op == "TD" {
					gs.leading = -ty
				}
				gs.lineMatrix = translation(tx, ty).mul(gs.lineMatrix)
				gs.textMatrix = gs.lineMatrix
			}
		case "Tm":
			gs.textMatrix = mat()
			gs.lineMatrix = gs.textMatrix
		case "T*":
			gs.nextLine()
		case "Tj":
			if s := last('s'); s != nil {
				err = ex.show(&gs, lb, s.str)
			}
		case "'", "\"":
			if op == "\"" && len(args) >= 3 {
				gs.wordSpace, gs.charSpace = num(len(args)-3), num(len(args)-2)
			}
			gs.nextLine()
			if s := last('s'); s != nil {
				err = ex.show(&gs, lb, s.str)
			}
		case "TJ":
			a := last('[')
			if a == nil {
				break
			}
			for _, e := range a.arr {
				switch e.kind {
				case 's':
					err = ex.show(&gs, lb, e.str)
				case 'n':
					gs.advance(-e.num / 1000 * gs.size * gs.scale)
				}
				if err != nil {
					break
				}
			}
		case "Do":
			if name := last('/'); name != nil {
				err = ex.form(res, string(name.str), gs, lb, forms)
			}
		}
		if err != nil {
			return err
		}
	}
}

// nextLine moves to the start of the next line (T*).
func (gs *graphicsState) nextLine() {
	gs.lineMatrix = translation(0, -gs.leading).mul(gs.lineMatrix)
	gs.textMatrix = gs.lineMatrix
}

// advance moves the text position by tx along the line.
func (gs *graphicsState) advance(tx float64) {
	gs.textMatrix = translation(tx, 0).mul(gs.textMatrix)
}

// show draws a string in the current font (Tj).
func (ex *textExtractor) show(gs *graphicsState, lb *lineBuilder, s []byte) error {
	f := gs.font
	if f == nil {
		f = fallbackFont
	}
	for len(s) > 0 {
		code, n := f.next(s)
		s = s[n:]
		text, known := f.text(code, n)
		if !known {
			ex.undecoded++
		}
		m := gs.textMatrix.mul(gs.ctm)
		trm := matrix{gs.size * gs.scale, 0, 0, gs.size, 0, gs.rise}.mul(m)
		tx := f.width(code)*gs.size + gs.charSpace
		if n == 1 && code == ' ' {
			tx += gs.wordSpace
		}
		tx *= gs.scale
		lb.glyph(trm[4], trm[5], trm[4]+tx*m[0], math.Hypot(trm[2], trm[3]), text)
		gs.advance(tx)
		if ex.text += max(len(text), 1); ex.text > maxPDFText {
			return fmt.Errorf("%w: more than %s of text", ErrTooLarge, sizeString(maxPDFText))
		}
	}
	return nil
}

// form draws the form XObject called name in the resources, if it is one.
func (ex *textExtractor) form(res types.Dict, name string, gs graphicsState, lb *lineBuilder, forms []types.IndirectRef) error {
	xobjects := ex.r.dict(res["XObject"])
	o, ok := xobjects[name].(types.IndirectRef)
	if !ok || len(forms) == maxFormDepth {
		return nil
	}
	for _, f := range forms {
		if f == o {
			return nil // a form drawing itself
		}
	}
	sd := ex.r.stream(o)
	if sd == nil || ex.r.name(sd.Dict["Subtype"]) != "Form" {
		return nil
	}
	content, cached := ex.forms[o]
	if cached {
		// Drawn again: the work counts again, so that a form drawn a
		// million times costs what its million copies would.
		if err := ex.r.charge(len(content)); err != nil {
			return err
		}
	} else {
		var err error
		if content, err = ex.r.decode(sd); err != nil {
			return err
		}
		ex.forms[o] = content
	}
	if a := ex.r.array(sd.Dict["Matrix"]); len(a) == 6 {
		var m matrix
		for i := range m {
			m[i], _ = ex.r.number(a[i])
		}
		gs.ctm = m.mul(gs.ctm)
	}
	if own := ex.r.dict(sd.Dict["Resources"]); own != nil {
		res = own
	}
	return ex.run(content, res, gs, lb, append(forms, o))
}

// font returns the font called name in the resources, loading it once.
func (ex *textExtractor) font(res types.Dict, local map[string]*pdfFont, name string) *pdfFont {
	if f, ok := local[name]; ok {
		return f
	}
	o := ex.r.dict(res["Font"])[name]
	ref, isRef := o.(types.IndirectRef)
	f := ex.fonts[ref]
	if !isRef || f == nil {
		f = loadFont(ex.r, ex.r.dict(o))
		if isRef {
			ex.fonts[ref] = f
		}
	}
	local[name] = f
	return f
}
