package main

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFragment compiles the hand-made WordNet fragment in testdata/wordnet
// and compares the output with testdata/want.tsv. The fragment checks
// that only the first two senses count (site's third sense "situation"
// adds nothing to site), that hypernyms and hyponyms are left out,
// that lexical pointers relate only their own words (Persia is no
// pertainym of Iranian), that pertainyms count both ways, that
// collocations are dropped, that exceptions keep only known bases, and
// that the speech set stops at hyponym depth 2 (no "staple").
func TestFragment(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.tsv.gz")
	if err := run(filepath.Join("testdata", "wordnet"), out, 2); err != nil {
		t.Fatal(err)
	}
	got := gunzip(t, out)
	want, err := os.ReadFile(filepath.Join("testdata", "want.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from testdata/want.tsv:\n%s", got)
	}
}

// TestSenses checks the -senses flag: with three senses, site's third
// sense makes "situation" one of its related words.
func TestSenses(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.tsv.gz")
	if err := run(filepath.Join("testdata", "wordnet"), out, 3); err != nil {
		t.Fatal(err)
	}
	if got, line := gunzip(t, out), "site\tn:situation website\tv:\n"; !strings.Contains(got, line) {
		t.Errorf("output lacks %q", line)
	}
}

// TestEmbeddedUpToDate regenerates the lexicon package's data file from
// the installed WordNet, where there is one, and compares the text with
// the checked-in file.
func TestEmbeddedUpToDate(t *testing.T) {
	const dir = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(dir, "data.noun")); err != nil {
		t.Skip("WordNet is not installed (apt-get install wordnet-base)")
	}
	if testing.Short() {
		t.Skip("compiles the whole of WordNet")
	}
	out := filepath.Join(t.TempDir(), "out.tsv.gz")
	if err := run(dir, out, 3); err != nil { // as go:generate in lexicon.go
		t.Fatal(err)
	}
	if gunzip(t, out) != gunzip(t, filepath.Join("..", "..", "wordnet.tsv.gz")) {
		t.Error("wordnet.tsv.gz is stale: run go generate in qa/lexicon")
	}
}

func TestBadLines(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"short", "00000100 15 n", "short synset line"},
		{"offset", "x 15 n 01 iran 0 000 | g", "synset offset"},
		{"words", "00000100 15 n 03 iran 0 000 | g", "3 words announced"},
		{"pointers", "00000100 15 n 01 iran 0 002 + 00000300 a 0101 | g", "2 pointers announced"},
		{"pointer pos", "00000100 15 n 01 iran 0 001 + 00000300 q 0101 | g", `part of speech "q"`},
		{"source/target", "00000100 15 n 01 iran 0 001 + 00000300 a 01 | g", "four hex digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, filepath.Join("testdata", "wordnet"), dir)
			path := filepath.Join(dir, "data.noun")
			if err := os.WriteFile(path, []byte("  1 header\n"+tt.line+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := readDB(dir)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), path+":2: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want file:line and %q", err, tt.want)
			}
		})
	}
}

func TestBadIndexLine(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join("testdata", "wordnet"), dir)
	path := filepath.Join(dir, "index.verb")
	if err := os.WriteFile(path, []byte("say v 2 1 ~ 1 0 00000800\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readDB(dir); err == nil || !strings.Contains(err.Error(), path+":1: 2 synsets announced") {
		t.Errorf("error %v, want %s:1: 2 synsets announced", err, path)
	}
}

func gunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
