package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// Bounds every hostile PDF must stay within, far above what the limits let
// through (64 MiB of decoded streams) and far below what the attacks would
// cost unbounded (gigabytes, minutes, a crash).
const (
	hostileHeap = 200 << 20
	hostileTime = 10 * time.Second
)

// TestReadPDFHostile: PDFs made to exhaust a reader return quickly, with
// the error saying why, and the heap stays bounded. The collector is held to
// half the bound, so that the heap sampled is what is live, not what the
// collector has yet to sweep: pdfcpu leaves some KiB of garbage per object.
func TestReadPDFHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("decompresses hundreds of MiB")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(hostileHeap / 2))
	const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	kids := func(n int, ref string) string {
		return "<< /Type /Pages /Kids [" + strings.Repeat(ref+" ", n) + "] /Count 1 >>"
	}
	manyPages := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var refs []string
	for i := range 3001 {
		refs = append(refs, fmt.Sprintf("%d 0 R", i+3))
		manyPages = append(manyPages, "<< /Type /Page /Parent 2 0 R >>")
	}
	manyPages[1] = "<< /Type /Pages /Kids [" + strings.Join(refs, " ") + "] /Count 3001 >>"
	for _, tc := range []struct {
		name string
		pdf  func() []byte
		want error // nil: any outcome, as long as it is bounded
	}{
		{"1e6 nested arrays", func() []byte { return nestedPDF("[", 1e6) }, ErrDamagedPDF},
		{"1e6 nested dictionaries", func() []byte { return nestedPDF("<</A ", 1e6) }, ErrDamagedPDF},
		{"1e6 nested strings", func() []byte { return nestedPDF("(", 1e6) }, ErrDamagedPDF},
		{"1e6 nested arrays in a page", func() []byte {
			return onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf 72 700 Td (kept) Tj "+strings.Repeat("[", 1e6), helvetica)
		}, nil},
		{"flate bomb", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", streamObjBytes("/Filter /FlateDecode", flateBomb()))
		}, ErrTooLarge},
		{"nested flate bomb", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", streamObjBytes("/Filter [/FlateDecode /FlateDecode]", deflate(flateBomb())))
		}, ErrTooLarge},
		{"object streams decoding to 72 MiB in all", func() []byte {
			return packedPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>"},
				[]string{"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R >>", "1", "2", "3", "4"}, 12<<20)
		}, ErrTooLarge},
		{"stream lengths claiming the whole file", func() []byte {
			objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}
			for range 5000 { // each would cost the file's size, 5000 times
				objs = append(objs, "<< /Length 400000 >>\nstream\nxxxxxxxxxx\nendstream")
			}
			return rawPDF(objs...)
		}, ErrDamagedPDF},
		{"800,000 stream keywords", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", strings.Repeat("<<>>stream\n", 800000))
		}, ErrDamagedPDF},
		{"a stream length of 1e11", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
				"<< /Length 99999999999 >>\nstream\nBT /F1 12 Tf 72 700 Td (repaired) Tj ET\nendstream", helvetica)
		}, nil},
		{"page tree cycle", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", "3 0 R")
		}, ErrDamagedPDF},
		{"a page 40,000 times", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", kids(40000, "3 0 R"),
				"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
				streamObj("", "BT /F1 12 Tf 72 700 Td (once) Tj ET"), helvetica)
		}, nil},
		{"3001 pages", func() []byte { return rawPDF(manyPages...) }, ErrTooLarge},
		{"60,000 objects", func() []byte {
			objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}
			for range 60000 {
				objs = append(objs, "0")
			}
			return rawPDF(objs...)
		}, ErrTooLarge},
		{"a form drawing itself", func() []byte {
			return onePage("<< /XObject << /Fm1 5 0 R >> >>", "/Fm1 Do",
				streamObj("/Type /XObject /Subtype /Form /Resources << /Font << /F1 6 0 R >> /XObject << /Fm1 5 0 R >> >>",
					"BT /F1 12 Tf 72 700 Td (drawn once) Tj ET /Fm1 Do"), helvetica)
		}, nil},
		{"a form drawn 200,000 times", func() []byte {
			return onePage("<< /XObject << /Fm1 5 0 R >> >>", strings.Repeat("/Fm1 Do\n", 200000),
				streamObj("/Type /XObject /Subtype /Form /Resources << /Font << /F1 6 0 R >> >>",
					"BT /F1 12 Tf 72 700 Td ("+strings.Repeat("text ", 100)+") Tj ET"), helvetica)
		}, ErrTooLarge},
		{"a glyph of 500 characters, 100,000 times", func() []byte {
			long := strings.Repeat("0416", 500)
			return onePage("<< /Font << /F1 5 0 R >> >>", "BT /F1 12 Tf 72 700 Td <"+strings.Repeat("01", 100000)+"> Tj ET",
				"<< /Type /Font /Subtype /Type1 /BaseFont /X /ToUnicode 6 0 R >>",
				cmapStream("1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <"+long+"> endbfchar"))
		}, ErrTooLarge},
		{"a reference to itself", func() []byte {
			return rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
				"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>", "4 0 R", "6 0 R", "5 0 R")
		}, ErrNoTextLayer},
	} {
		b := tc.pdf()
		var err error
		start := time.Now()
		peak := peakHeap(func() { _, err = readPDF(b) })
		took := time.Since(start)
		if tc.want != nil && !errors.Is(err, tc.want) || errors.Is(err, errPDFBug) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.want)
		}
		if took > hostileTime || peak > hostileHeap {
			t.Errorf("%s: took %v and %s of heap", tc.name, took, sizeString(int64(peak)))
		}
		t.Logf("%s (%s): %v, %s of heap: %v", tc.name, sizeString(int64(len(b))), took.Round(time.Millisecond), sizeString(int64(peak)), err)
	}
}

// FuzzReadPDF checks that no input makes readPDF panic in this package's
// code, take long, or return paragraphs that are not one folded line. The
// seeds are small, so that the fuzzer spends its time mutating rather than
// minimizing: the fixtures that are not a font program mostly, the pages of
// TestPDFTextOperators, and hostile files. Minimizing an input still takes
// long at the default of a minute each; cap it:
//
//	go test ./corpus -run '^$' -fuzz FuzzReadPDF -fuzztime 3m -fuzzminimizetime 2s
func FuzzReadPDF(f *testing.F) {
	if b, err := os.ReadFile("testdata/pdf/cyrillic.pdf"); err == nil {
		f.Add(b)
	}
	two := twoPages(f, "", false)
	f.Add(two)
	f.Add(two[:len(two)/2])
	f.Add(twoPagePDF(f, ""))
	f.Add(twoPages(f, "secret", false))
	for _, p := range operatorPages() {
		f.Add(p.pdf)
	}
	f.Add(nestedPDF("[", 1000))
	f.Add(nestedPDF("<</A ", 1000))
	f.Add(onePage("<< /XObject << /Fm1 5 0 R >> >>", "/Fm1 Do",
		streamObjBytes("/Type /XObject /Subtype /Form /Filter /FlateDecode", deflate(make([]byte, 20<<20)))))
	f.Add(rawPDF("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		streamObjBytes("/Filter [/FlateDecode /FlateDecode]", deflate(deflate(make([]byte, 20<<20))))))
	f.Add(packedPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>"},
		[]string{"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R >>"}, 100))
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		txt, err := readPDF(b)
		if took := time.Since(start); took > hostileTime {
			t.Fatalf("took %v", took)
		}
		if errors.Is(err, errPDFBug) {
			t.Fatal(err)
		}
		for _, page := range txt.Pages {
			for _, p := range page {
				if p == "" || p != fold(p) || strings.ContainsAny(p, "\n\r") || !utf8.ValidString(p) {
					t.Fatalf("paragraph is not one folded, non-empty, valid line: %q", p)
				}
			}
		}
	})
}

// nestedPDF is a PDF whose catalog holds open nested n times.
func nestedPDF(open string, n int) []byte {
	return rawPDF("<< /Type /Catalog /Pages 2 0 R /X "+strings.Repeat(open, n)+" >>", "<< /Type /Pages /Kids [] /Count 0 >>")
}

// flateBomb is 256 MiB of zeros, deflated to 256 KiB.
var flateBomb = sync.OnceValue(func() []byte { return deflate(make([]byte, 256<<20)) })

// streamObjBytes is streamObj for binary data.
func streamObjBytes(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// packedPDF assembles a PDF 1.5 whose objects 1… are objs, written plainly,
// and whose objects after them are packed, each alone in a deflated object
// stream padded with pad spaces, indexed by a cross-reference stream.
func packedPDF(objs, packed []string, pad int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	type entry struct{ kind, f2, f3 int }
	entries := []entry{{0, 0, 65535}}
	for i, o := range objs {
		entries = append(entries, entry{1, b.Len(), 0})
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	first := len(objs) + 1         // the number of the first packed object
	streams := first + len(packed) // the number of the first object stream
	for i := range packed {
		entries = append(entries, entry{2, streams + i, 0})
	}
	for i, o := range packed {
		head := fmt.Sprintf("%d 0 ", first+i)
		data := deflate([]byte(head + o + strings.Repeat(" ", pad)))
		entries = append(entries, entry{1, b.Len(), 0})
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", streams+i,
			streamObjBytes(fmt.Sprintf("/Type /ObjStm /N 1 /First %d /Filter /FlateDecode", len(head)), data))
	}
	xref := len(entries)
	entries = append(entries, entry{1, b.Len(), 0})
	var rows []byte
	for _, e := range entries {
		rows = append(rows, byte(e.kind), byte(e.f2>>24), byte(e.f2>>16), byte(e.f2>>8), byte(e.f2), byte(e.f3>>8), byte(e.f3))
	}
	start := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", xref,
		streamObjBytes(fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R", len(entries)), rows))
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", start)
	return b.Bytes()
}

// peakHeap runs f and returns how much the heap grew at most meanwhile,
// sampled every millisecond.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak - base
}
