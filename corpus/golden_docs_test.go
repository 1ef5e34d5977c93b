package corpus

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// goldenFile loads the one article of file through the loader, as bot
// ingest would, and compares it with testdata/golden/name.golden (refresh
// with -update and review the diff).
func goldenFile(t *testing.T, file, name string) *Document {
	t.Helper()
	var d *Document
	for src, err := range Sources(file) {
		if err != nil {
			t.Fatal(err)
		}
		if d, err = Parse(src); err != nil {
			t.Fatal(err)
		}
	}
	if d == nil {
		t.Fatalf("%s: no article loaded", file)
	}
	got := goldenText(d)
	if d.Pages != nil {
		got += "pages of the paragraphs: " + encodePages(d.Pages) + "\n"
	}
	golden := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./corpus -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
	return d
}

// TestGoldenDOCX reads a press release as Word writes one: a title, a
// heading, a table of figures, a tracked deletion, and its properties.
func TestGoldenDOCX(t *testing.T) {
	body := wp("Title", "Port of Rotterdam: strike halts container terminals") +
		wp("", "ROTTERDAM, 3 March 2026 — Dockworkers at the port of Rotterdam stopped work at 6 a.m. on Tuesday over the automation of container cranes, the port authority said.") +
		wp("Heading1", "Ships waiting") +
		wp("", "The port authority said 23 ships were waiting to berth and that oil terminals were not affected.") +
		wtbl(wtr(wtc("Terminal"), wtc("Ships waiting")), wtr(wtc("Maasvlakte II"), wtc("14")), wtr(wtc("Waalhaven"), wtc("9"))) +
		`<w:p><w:r><w:t xml:space="preserve">Talks resume on </w:t></w:r><w:del><w:r><w:delText>Wednesday</w:delText></w:r></w:del><w:ins><w:r><w:t>Thursday</w:t></w:r></w:ins><w:r><w:t>, the union said.</w:t></w:r></w:p>`
	b := docxOf(t, zip.Deflate, body, part{"docProps/core.xml", coreXML("Press release", "Port of Rotterdam Authority", "2026-03-03T09:12:00Z", "2026-03-03T10:00:00Z")})
	file := filepath.Join(t.TempDir(), "press-release.docx")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	goldenFile(t, file, "press-release-docx")
}

// TestGoldenPDF reads a two-page PDF: the title and author from its
// information dictionary, page numbers and running heads dropped, a word
// hyphenated across lines joined, and each paragraph's page kept.
func TestGoldenPDF(t *testing.T) {
	file := filepath.Join(t.TempDir(), "harbour-strike.pdf")
	if err := os.WriteFile(file, twoPagePDF(t, ""), 0o644); err != nil {
		t.Fatal(err)
	}
	d := goldenFile(t, file, "harbour-strike-pdf")
	if want := []int{1, 1, 1, 1, 2, 2}; !slices.Equal(d.Pages, want) {
		t.Errorf("pages of the paragraphs %v, want %v", d.Pages, want)
	}
}
