package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gzipBytes(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGzipArchives: a compressed archive is read like a plain one; a
// cut-off one keeps the lines before the cut, says where it broke, and
// does not stop the other files.
func TestGzipArchives(t *testing.T) {
	dir := t.TempDir()
	lines := `{"id":"a1","title":"Port reopens","text":"The port of Baku reopened on Monday after a week of repairs to the main pier, officials said."}
{"id":"a2","title":"Harvest","text":"Farmers in the south reported a record cotton harvest, the agriculture ministry announced on Tuesday."}
`
	os.WriteFile(filepath.Join(dir, "good.jsonl.gz"), gzipBytes(t, lines), 0o644)
	many := strings.Repeat(lines, 200)
	cut := gzipBytes(t, many)
	os.WriteFile(filepath.Join(dir, "cut.ndjson.gz"), cut[:len(cut)/2], 0o644)
	os.WriteFile(filepath.Join(dir, "fake.jsonl.gz"), []byte(lines), 0o644)
	os.WriteFile(filepath.Join(dir, "z-after.txt"), []byte("The national team won its qualifying match two to one in front of a home crowd on Wednesday night.\n"), 0o644)

	var origins []string
	var errs []error
	for src, err := range Sources(dir) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		origins = append(origins, src.Origin)
	}
	joined := strings.Join(origins, " ")
	for _, want := range []string{"good.jsonl.gz#a1", "good.jsonl.gz#a2", "cut.ndjson.gz#a1", "z-after.txt"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no source %s; got %v", want, origins)
		}
	}
	var cutErr, fakeErr *LoadError
	for _, err := range errs {
		var le *LoadError
		if errors.As(err, &le) {
			switch filepath.Base(le.Path) {
			case "cut.ndjson.gz":
				cutErr = le
			case "fake.jsonl.gz":
				fakeErr = le
			}
		}
	}
	if cutErr == nil || cutErr.Line < 2 {
		t.Errorf("cut-off archive: error %v, want one naming the line where it broke", cutErr)
	}
	if fakeErr == nil || !strings.Contains(fakeErr.Error(), "gzip") {
		t.Errorf("a .gz that is not gzip: error %v, want one saying so", fakeErr)
	}
}
