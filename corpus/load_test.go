package corpus

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/sample"
)

// pngHeader is how every PNG image starts.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")

// loadTree is a folder a journalist might drop on the loader: every format,
// nested folders, hidden files, and each kind of bad file.
var loadTree = map[string]string{
	"a.txt":  "First article.\nSecond paragraph.\n",
	"b.html": "<html><head><title>B</title></head><body><p>An HTML page.</p></body></html>",
	"notes":  "Notes without an extension — still UTF-8 text.\n",
	"page":   "\n  <!DOCTYPE html>\n<html><body><p>A page saved without an extension.</p></body></html>",
	"sub/c.md": "---\ntitle: Lawmaker blames Russia\noutlet: The Kyiv Independent\ndate: 2025-05-02\n---\n" +
		"# Lawmaker blames Russia\n\nRussia was behind the February cyberattack.\n",
	"sub/deeper/d.jsonl": `{"id":"one","text":"Archive article one."}` + "\n" +
		`{"id":"two","text":"Missing its closing brace."` + "\n" +
		`{"id":"three","html":"<p>Archive article three.</p>","published":"2025-02-20"}` + "\n",
	"sub/deeper/e.TXT":       "Upper-case extension.\n",
	"sub/image.png":          string(pngHeader),
	"sub/latin1.txt":         "First line.\nSecond line.\nCaf\xe9 au lait.\n",
	"sub/data.bin":           "Caf\xe9 without an extension to vouch for it.\n",
	"sub/nul.txt":            "Text with a\x00NUL byte.",
	"sub/controls.text":      "\x01\x02\x03\x04 mostly control bytes",
	"sub/empty.txt":          "",
	"sub/blank.md":           " \n\t\n\u00a0\n",
	"sub/front-only.md":      "---\ntitle: Nothing below\n---\n\n",
	"sub/bad-front.md":       "---\ntitle: T\ndate: 2025-13-01\n---\nText.\n",
	"sub/big.txt":            strings.Repeat("Too long. ", 20),
	"sub/export.json":        `[{"text":"An array of articles."}]`,
	".hidden/skipped.txt":    "Hidden folders are skipped.\n",
	"sub/.draft.md":          "Hidden files are skipped.\n",
	"sub/deeper/.git/config": "[core]\n",
}

// loadTreeWant is what loading loadTree yields, in order: lexical order of
// paths, folder by folder, with a 180-byte file limit. "%s" stands for the
// folder's path.
var loadTreeWant = []string{
	`%s/a.txt line 0 text "First article.\nSecond paragraph.\n"`,
	`%s/b.html line 0 html "<html><head><title>B</title></head><body…"`,
	`%s/notes line 0 text "Notes without an extension — still UTF-8…"`,
	`%s/page line 0 html "\n  <!DOCTYPE html>\n<html><body><p>A page…"`,
	`error: %s/sub/bad-front.md line 3: field "date": cannot read date "2025-13-01": parsing time "2025-13-01": month out of range`,
	`error: %s/sub/big.txt: too large: 200 bytes, more than the 180 bytes an article file may have`,
	`error: %s/sub/blank.md: no text: empty or only whitespace`,
	`%s/sub/c.md line 0 markdown "# Lawmaker blames Russia\n\nRussia was beh…" title="Lawmaker blames Russia" outlet="The Kyiv Independent" published=2025-05-02T00:00:00Z`,
	`error: %s/sub/controls.text: binary content, not text: 4 of 25 bytes are control characters`,
	`error: %s/sub/data.bin line 1: binary content, not text (invalid UTF-8: byte 0xe9 at offset 3 (column 4); save the file as UTF-8)`,
	`%s/sub/deeper/d.jsonl#one line 1 text "Archive article one."`,
	`error: %s/sub/deeper/d.jsonl line 2: malformed JSON at column 47: unexpected end of JSON input`,
	`%s/sub/deeper/d.jsonl#three line 3 html "<p>Archive article three.</p>" published=2025-02-20T00:00:00Z`,
	`%s/sub/deeper/e.TXT line 0 text "Upper-case extension.\n"`,
	`error: %s/sub/empty.txt: no text: empty or only whitespace`,
	`error: %s/sub/export.json: a .json file is not read: write one article per line as JSON Lines and name the file .jsonl`,
	`error: %s/sub/front-only.md: no text: empty or only whitespace after the front matter`,
	`error: %s/sub/image.png: binary content, not text: NUL byte at offset 8`,
	`error: %s/sub/latin1.txt line 3: invalid UTF-8: byte 0xe9 at offset 28 (column 4); save the file as UTF-8`,
	`error: %s/sub/nul.txt: binary content, not text: NUL byte at offset 11`,
}

func writeTree(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	for name, content := range tree {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func wantFor(root string) []string {
	out := make([]string, len(loadTreeWant))
	for i, w := range loadTreeWant {
		out[i] = strings.ReplaceAll(w, "%s", root)
	}
	return out
}

// TestSources loads the tree from disk: every article, in lexical order,
// and one error per bad file or line, naming it; loading goes on after
// each error. The same tree in an fs.FS loads the same way.
func TestSources(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, loadTree)
	l := loader{maxFile: 180}

	t.Run("os", func(t *testing.T) {
		checkLines(t, collect(l.sources([]string{dir})), wantFor(dir))
	})
	t.Run("fs.FS", func(t *testing.T) {
		fsys := fstest.MapFS{}
		for name, content := range loadTree {
			fsys["articles/"+name] = &fstest.MapFile{Data: []byte(content), ModTime: time.Now()}
		}
		checkLines(t, collect(l.sourcesFS(fsys, "articles")), wantFor("articles"))
	})
	t.Run("errors.Is", func(t *testing.T) {
		sentinel := map[string]error{
			"big.txt": ErrTooLarge, "blank.md": ErrEmpty, "controls.text": ErrBinary, "data.bin": ErrBinary,
			"empty.txt": ErrEmpty, "front-only.md": ErrEmpty, "image.png": ErrBinary, "latin1.txt": ErrInvalidUTF8,
			"nul.txt": ErrBinary,
		}
		for _, err := range l.sources([]string{dir}) {
			if err == nil {
				continue
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("%v is a %T, want a *LoadError", err, err)
			}
			if want, ok := sentinel[path.Base(filepath.ToSlash(le.Path))]; ok && !errors.Is(err, want) {
				t.Errorf("errors.Is(%v, %v) is false", err, want)
			}
		}
	})
}

// TestSourcesPaths loads files and folders named one by one: in the order
// given, each origin as given; a missing path is an error that names it;
// a hidden file named explicitly is read.
func TestSourcesPaths(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"one.txt": "One.\n", ".hidden.md": "Hidden but asked for.\n", "folder/two.htm": "<p>Two.</p>",
	})
	t.Chdir(dir)
	checkLines(t, collect(Sources("folder", "missing.txt", "./one.txt", ".hidden.md", "folder/")), []string{
		`folder/two.htm line 0 html "<p>Two.</p>"`,
		`error: missing.txt: no such file or directory`,
		`./one.txt line 0 text "One.\n"`,
		`.hidden.md line 0 markdown "Hidden but asked for.\n"`,
		`folder/two.htm line 0 html "<p>Two.</p>"`,
	})
	for _, err := range Sources("missing.txt") {
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("errors.Is(%v, fs.ErrNotExist) is false", err)
		}
	}
}

// TestSourcesLinks follows a link to a file and reports, without following,
// a link to a folder (which could lead back up the tree).
func TestSourcesLinks(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"real/a.txt": "A.\n"})
	for link, target := range map[string]string{"in/file.txt": "../real/a.txt", "in/loop": ".."} {
		os.MkdirAll(filepath.Join(dir, "in"), 0o755)
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	in := filepath.Join(dir, "in")
	checkLines(t, collect(Sources(in)), []string{
		in + `/file.txt line 0 text "A.\n"`,
		`error: ` + in + `/loop: a link to a folder, not followed: give the folder itself`,
	})
}

// TestSourcesStop stops consuming at every point of a walk: the loader stops
// too, without calling yield again (which would panic) and without leaving
// an archive open.
func TestSourcesStop(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, loadTree)
	all := len(collect(loader{maxFile: 180}.sources([]string{dir})))
	for stop := 1; stop <= all; stop++ {
		n := 0
		for range (loader{maxFile: 180}).sources([]string{dir, dir}) {
			n++
			if n == stop {
				break
			}
		}
		if n != stop {
			t.Errorf("stopped at %d, got %d", stop, n)
		}
	}
}

// TestSourcesFSSample loads the embedded sample corpus: the five seeds, as
// text, byte for byte, in lexical order.
func TestSourcesFSSample(t *testing.T) {
	var origins []string
	for src, err := range SourcesFS(sample.FS, sample.Dir) {
		if err != nil {
			t.Fatal(err)
		}
		raw, err := fs.ReadFile(sample.FS, src.Origin)
		if err != nil {
			t.Fatalf("origin %q is not a file of sample.FS: %v", src.Origin, err)
		}
		if src.Format != Text || src.Line != 0 || src.Content != string(raw) {
			t.Errorf("%s: format %v, line %d, %d of %d bytes", src.Origin, src.Format, src.Line, len(src.Content), len(raw))
		}
		origins = append(origins, src.Origin)
	}
	if len(origins) != 5 || !slices.IsSorted(origins) {
		t.Errorf("got %v, want the five seeds in order", origins)
	}
}

// FuzzFileSource feeds arbitrary bytes to the loader as each kind of file:
// no panic, and what it accepts is non-blank UTF-8 without NUL bytes.
func FuzzFileSource(f *testing.F) {
	for _, s := range loadTree {
		f.Add([]byte(s))
	}
	f.Add([]byte(utf8BOM + "---\ntitle: T\n---\nx"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, kind := range []fileKind{kindUnknown, kindText, kindHTML, kindMarkdown} {
			src, err := fileSource(b, kind, "f")
			if err != nil {
				var le *LoadError
				if !errors.As(err, &le) || le.Path != "f" || le.Line > bytes.Count(b, []byte{'\n'})+1 {
					t.Fatalf("error %q (%T) does not name f and a line of it", err, err)
				}
				continue
			}
			if !utf8.ValidString(src.Content) || strings.TrimSpace(src.Content) == "" || strings.IndexByte(src.Content, 0) >= 0 {
				t.Fatalf("kind %d: content %q is blank, not UTF-8 or holds NUL", kind, src.Content)
			}
		}
	})
}
