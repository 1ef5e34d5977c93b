package corpus

// Reading the text layer of a PDF.
//
// Why pdfcpu: it is the maintained pure-Go PDF library (Apache-2.0), and it
// parses, repairs and decrypts a file within resource limits a caller sets.
// It extracts no text, so the content streams' text operators are read here;
// the libraries that do (rsc.io/pdf, untouched since 2016, and its forks)
// decode without limits and run words together where a PDF only spaces them.
//
// Here pdfscan.go checks stream lengths before pdfcpu reads a file,
// pdfobj.go walks the objects it read, pdflex.go and pdftext.go interpret
// content streams, pdffont.go and pdfenc.go turn codes into characters,
// pdfline.go and pdfpara.go make glyphs lines and lines paragraphs, and
// pdfmeta.go reads the metadata.
//
// A PDF comes from anyone, so what it can cost is bounded (see the limits
// below): pdfcpu's parser refuses nesting deeper than maxPDFDepth instead
// of recursing further, so no pre-scan for nesting is needed, and the
// content-stream reader here does not recurse on nesting at all; streams
// decode within a budget for the whole document; references, the page tree
// and forms are followed with hop counts and records of what was visited, so
// cycles end. A panic in pdfcpu is recovered into an error.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/filter"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// The reasons a PDF yields no text, to be checked with errors.Is.
var (
	// ErrNotPDF means the input has no PDF header in its first KiB.
	ErrNotPDF = errors.New("not a PDF file")
	// ErrDamagedPDF means the input starts like a PDF but its structure
	// cannot be read (truncated, corrupt, or using a feature not supported).
	ErrDamagedPDF = errors.New("damaged PDF")
	// ErrEncrypted means the PDF needs a password to be opened.
	ErrEncrypted = errors.New("encrypted PDF: it needs a password; save a copy without one")
	// ErrNoTextLayer means the PDF's pages hold no text, only images: a
	// scan, or a text whose fonts give no characters for their glyphs.
	ErrNoTextLayer = errors.New("scanned PDF: no text layer; run OCR first")
)

// The limits on what one PDF may cost.
const (
	// maxPDFDecoded caps the bytes a document's streams decode to, in all:
	// a flate bomb inflates 1000-fold, and a long issue's text needs a few MiB.
	maxPDFDecoded = 64 << 20
	// maxPDFStream caps the bytes one stream decodes to: a page's content
	// takes well under 1 MiB, and decoding one costs thrice its size.
	maxPDFStream = 16 << 20
	// maxPDFPages caps the pages read: a newspaper issue has under 200.
	maxPDFPages = 2000
	// maxPDFText caps the bytes of text extracted, and the glyphs drawn, far
	// above any issue's 2 MiB, so that a form drawn many times or a long glyph
	// mapping cannot fill memory or take seconds.
	maxPDFText = 8 << 20
	// maxPDFDepth caps the nesting of arrays and dictionaries while parsing,
	// because the parser recurses; real files nest under ten deep.
	maxPDFDepth = 100
	// maxPDFObjects caps the objects of a file: a 500-page issue has fewer,
	// and pdfcpu holds each in memory, about 2 KiB of it.
	maxPDFObjects = 50_000
	// maxPDFHops caps the references followed to reach one object, which
	// ends reference cycles; real files chain at most two or three.
	maxPDFHops = 16
)

// pdfText is what a PDF's text layer holds.
type pdfText struct {
	Pages [][]string // the paragraphs of each page, in reading order; a page without text is an empty slice
	Meta  Meta       // Title, Author, Published from the document information dictionary or XMP when present
}

// errPDFBug marks a panic in this package's PDF code, which the fuzz test
// reports; a panic in pdfcpu is a damaged file's doing.
var errPDFBug = errors.New("internal error reading PDF")

// readPDF reads the text layer of a PDF file.
func readPDF(b []byte) (txt pdfText, err error) {
	defer func() {
		if x := recover(); x != nil {
			cause := ErrDamagedPDF
			if panickedHere() {
				cause = errPDFBug
			}
			txt, err = pdfText{}, fmt.Errorf("%w: %v", cause, x)
		}
	}()
	if !looksLikePDF(b) {
		return pdfText{}, ErrNotPDF
	}
	if n := bytes.Count(b, []byte("obj")) - bytes.Count(b, []byte("endobj")); n > maxPDFObjects {
		return pdfText{}, fmt.Errorf("%w: more than %d objects", ErrTooLarge, maxPDFObjects)
	}
	r, err := openPDF(b)
	if err != nil {
		return pdfText{}, err
	}
	pages, err := r.pages()
	if err != nil {
		return pdfText{}, err
	}
	if len(pages) == 0 {
		return pdfText{}, fmt.Errorf("%w: no pages", ErrDamagedPDF)
	}
	ex := newTextExtractor(r)
	txt.Pages = make([][]string, len(pages))
	var found bool
	for i, pg := range pages {
		lines, err := ex.page(pg)
		if err != nil {
			return pdfText{}, fmt.Errorf("page %d: %w", i+1, err)
		}
		txt.Pages[i] = paragraphs(lines)
		if len(txt.Pages[i]) > 0 {
			found = true
		}
	}
	if !found {
		if ex.undecoded > 0 {
			return pdfText{}, fmt.Errorf("%w (its fonts map glyphs to no characters)", ErrNoTextLayer)
		}
		return pdfText{}, ErrNoTextLayer
	}
	txt.Meta = r.meta()
	return txt, nil
}

// panickedHere reports whether the panic being recovered was raised in this
// package: whether the first frame below the runtime's is one of ours.
func panickedHere() bool {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return strings.HasPrefix(f.Function, "github.com/newsdesk/newsdesk/corpus.")
		}
		if !more {
			return false
		}
	}
}

// looksLikePDF reports whether b has a PDF header; readers accept it within
// the first 1024 bytes, after junk some mailers and servers prepend.
func looksLikePDF(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))
}

// pdfReader is an opened PDF: pdfcpu's object graph and the budget of bytes
// its streams may still decode to.
type pdfReader struct {
	ctx    *model.Context
	budget int64 // bytes left to decode; see maxPDFDecoded
}

// openPDF parses the object graph of b, decrypting it when it opens without
// a password, and checks its object streams against the decode budget.
func openPDF(b []byte) (*pdfReader, error) {
	scan, err := checkStreamLengths(b)
	if err != nil {
		return nil, err
	}
	limits := model.DefaultResourceLimits()
	limits.MaxStreamBytes = int64(scan.largest) + 64<<10
	limits.MaxDecodeBytes = maxPDFStream
	limits.MaxObjectCount = maxPDFObjects
	limits.MaxXRefEntries = maxPDFObjects
	limits.MaxObjectStreamCount = maxPDFObjects
	limits.MaxRecursionDepth = maxPDFDepth
	// A literal configuration: pdfcpu's default one creates a configuration
	// folder in the user's home.
	conf := &model.Configuration{
		Reader15:       true,
		ValidationMode: model.ValidationRelaxed,
		Limits:         limits,
		Eol:            types.EolLF,
	}
	ctx, err := pdfcpu.ReadWithContext(context.Background(), bytes.NewReader(scan.b), conf)
	if err != nil {
		return nil, pdfcpuError(err)
	}
	r := &pdfReader{ctx: ctx, budget: maxPDFDecoded}
	if err := r.measureObjectStreams(); err != nil {
		return nil, err
	}
	return r, nil
}

// pdfcpuError says why pdfcpu could not read a file, in our terms.
func pdfcpuError(err error) error {
	switch {
	case errors.Is(err, pdfcpu.ErrWrongPassword), errors.Is(err, pdfcpu.ErrPermissionDenied):
		return ErrEncrypted
	case errors.Is(err, pdfcpu.ErrUnsupportedEncryptionFeature), errors.Is(err, pdfcpu.ErrMalformedEncryption):
		return fmt.Errorf("%w (%v)", ErrEncrypted, err)
	case errors.Is(err, filter.ErrDecodeLimitExceeded):
		return fmt.Errorf("%w: a PDF stream decodes to more than %s", ErrTooLarge, sizeString(maxPDFStream))
	case errors.Is(err, pdfcpu.ErrPostScriptInput):
		return fmt.Errorf("%w: a PostScript file", ErrNotPDF)
	}
	return fmt.Errorf("%w: %v", ErrDamagedPDF, err)
}

// measureObjectStreams decodes every object stream once, against the
// budget, before pdfcpu decodes them again, lazily, as objects are looked up:
// pdfcpu caps each stream but not their sum.
func (r *pdfReader) measureObjectStreams() error {
	for _, e := range r.ctx.Table {
		if e == nil {
			continue
		}
		osd, ok := e.Object.(types.ObjectStreamDict)
		if !ok {
			continue
		}
		sd := osd.StreamDict
		sd.Content = nil
		if _, err := r.decode(&sd); err != nil {
			return err
		}
	}
	return nil
}

// decode returns the decoded content of a stream, charging it to the budget.
// A stream in a filter not supported (an image codec) decodes to nothing.
func (r *pdfReader) decode(sd *types.StreamDict) ([]byte, error) {
	if r.budget <= 0 {
		return nil, r.tooLarge()
	}
	c := *sd // decode a copy: content is not kept in the object graph
	c.Content = nil
	err := c.DecodeWithLimit(min(r.budget, maxPDFStream))
	switch {
	case errors.Is(err, filter.ErrDecodeLimitExceeded) && r.budget > maxPDFStream:
		return nil, fmt.Errorf("%w: a PDF stream decodes to more than %s", ErrTooLarge, sizeString(maxPDFStream))
	case errors.Is(err, filter.ErrDecodeLimitExceeded):
		return nil, r.tooLarge()
	case err != nil:
		return nil, nil
	}
	if err := r.charge(len(c.Content)); err != nil {
		return nil, err
	}
	return c.Content, nil
}

// charge takes n bytes from the budget.
func (r *pdfReader) charge(n int) error {
	r.budget -= int64(n)
	if r.budget < 0 {
		return r.tooLarge()
	}
	return nil
}

func (r *pdfReader) tooLarge() error {
	return fmt.Errorf("%w: PDF streams decode to more than %s", ErrTooLarge, sizeString(maxPDFDecoded))
}
