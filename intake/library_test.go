package intake

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAddFileArchiveAndMarkdown(t *testing.T) {
	ctx := context.Background()
	l := newTestLibrary(t)

	sum, err := l.AddFile(ctx, "wire.jsonl", readTestdata(t, "upload/wire.jsonl"))
	if err != nil || sum.Added != 2 || sum.Failed != 0 {
		t.Fatalf("AddFile(wire.jsonl) = %+v, %v; want 2 added", sum, err)
	}
	// Searchable at once, without reloading the index.
	if got := l.searchTitles("dockworkers strike pay offer"); len(got) == 0 || got[0] != "Dockworkers end three-day strike at the container port" {
		t.Errorf("search after adding the archive finds %q", got)
	}

	sum, err = l.AddFile(ctx, `C:\Users\desk\Downloads\ferry.md`, readTestdata(t, "upload/ferry.md"))
	if err != nil || sum.Added != 1 {
		t.Fatalf("AddFile(ferry.md) = %+v, %v; want 1 added", sum, err)
	}
	hits := l.ix.Search("ferry islands storms", 1)
	if len(hits) == 0 {
		t.Fatal("the Markdown article is not found")
	}
	d := hits[0].Doc
	want := []string{"Ferry service to the islands resumes after a week of storms", "Coastal Herald", "Mira Lindqvist", "2025-03-14", "https://coastal-herald.example/ferry-resumes", "ferry.md"}
	got := []string{d.Title, d.Outlet, d.Author, d.Published.Format(time.DateOnly), d.URL, d.Origin}
	if !slices.Equal(got, want) {
		t.Errorf("front matter gave %q, want %q", got, want)
	}
	if strings.Contains(d.Body, "outlet:") {
		t.Errorf("front matter left in the body: %q", d.Body)
	}

	// The same file again changes nothing.
	sum, err = l.AddFile(ctx, "wire.jsonl", readTestdata(t, "upload/wire.jsonl"))
	if err != nil || sum.Unchanged != 2 || sum.Added != 0 {
		t.Errorf("second AddFile(wire.jsonl) = %+v, %v; want 2 unchanged", sum, err)
	}
	if n := l.count(t); n != 3 {
		t.Errorf("store holds %d documents, want 3", n)
	}
}

func TestAddFileRefuses(t *testing.T) {
	article := "The harbour master said the new pier would open in June after two years of work on its foundations.\n"
	tests := []struct {
		name, file string
		data       []byte
		is         error  // errors.Is target
		place      string // what the message must name
	}{
		{"binary", "scan.bin", []byte("\x00\x01\x02\x03\xff\xfe binary stream"), corpus.ErrBinary, "scan.bin"},
		{"damaged PDF", "scan.pdf", []byte("%PDF-1.7\n\x00\x01\x02\x03\xff\xfe binary stream"), corpus.ErrDamagedPDF, "scan.pdf"},
		{"image with folders", `C:\Photos\pier.jpg`, []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"), corpus.ErrBinary, "pier.jpg"},
		{"not UTF-8", "notes.txt", []byte(article + article + "Caf\xe9 owners on the pier welcomed the news.\n"), corpus.ErrInvalidUTF8, "notes.txt line 3"},
		{"empty", "blank.txt", nil, corpus.ErrEmpty, "blank.txt"},
		{"whitespace", "blank.md", []byte("  \n\n\t\n"), corpus.ErrEmpty, "blank.md"},
		{"too large", "huge.jsonl", make([]byte, MaxUpload+1), corpus.ErrTooLarge, "huge.jsonl"},
		{"bad archive", "broken.jsonl", []byte("{\"title\": \"no text\"}\nnot json at all\n"), nil, "broken.jsonl line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLibrary(t)
			sum, err := l.AddFile(context.Background(), tt.file, tt.data)
			if err == nil {
				t.Fatalf("AddFile(%s) = %+v, nil; want an error", tt.file, sum)
			}
			t.Log(err)
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.place) {
				t.Errorf("error %q does not name %q", err, tt.place)
			}
			if sum.Failed == 0 {
				t.Errorf("summary %+v counts no failure", sum)
			}
			if n := l.count(t); n != 0 || l.ix.Len() != 0 {
				t.Errorf("store holds %d documents and index %d after a refusal", n, l.ix.Len())
			}
		})
	}
}
