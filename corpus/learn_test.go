package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// TestIngestStripsSiteRepeatedParagraphs: a prose appeal the site prints
// under every article reads like article text, so per-page cleaning keeps
// it; learned across the site's articles it goes, from every article, and
// ingesting the folder again changes nothing.
func TestIngestStripsSiteRepeatedParagraphs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const appeal = "Our newsroom depends on readers like you, so please consider supporting independent reporting today."
	stories := []string{
		"The port of Baku reopened on Monday after a week of repairs to the main pier, officials said.",
		"Farmers in the south reported a record cotton harvest, the agriculture ministry announced on Tuesday.",
		"The national team won its qualifying match two to one in front of a home crowd on Wednesday night.",
		"A new metro line between the airport and the city centre will open next spring, the mayor said.",
	}
	for i, story := range stories {
		text := fmt.Sprintf("Story %d from the coast\n\n%s It was the second such report this month.\n\n%s\n\n© 2025 Harbour Gazette\n", i+1, story, appeal)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The same article filed twice must not teach its own paragraphs.
	twice, _ := os.ReadFile(filepath.Join(dir, "a0.txt"))
	os.WriteFile(filepath.Join(dir, "a0-copy.txt"), twice, 0o644)

	ingest := func(s *Store) Summary {
		t.Helper()
		b := NewBoilerplate(3)
		if n, err := LearnBoilerplate(ctx, Sources(dir), b, 2); err != nil || n != 5 {
			t.Fatalf("LearnBoilerplate read %d sources, err %v; want 5", n, err)
		}
		sum, err := Ingest(ctx, s, Sources(dir), IngestOptions{Boilerplate: b})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	s, err := Open(ctx, storetest.Location(t, "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if sum := ingest(s); sum.Added != 4 || sum.Unchanged != 1 {
		t.Fatalf("first ingest = %+v, want 4 added and the copy unchanged", sum)
	}
	for d, err := range s.Documents(ctx, 0) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Outlet == "" {
			t.Errorf("%s: no outlet inferred; the test needs one", d.Origin)
		}
		if strings.Contains(d.Body, "Our newsroom depends") {
			t.Errorf("%s still holds the site's appeal:\n%s", d.Origin, d.Body)
		}
		if !strings.Contains(d.Body, "second such report") {
			t.Errorf("%s lost article text:\n%s", d.Origin, d.Body)
		}
		for _, sn := range d.Sentences {
			if sn.End > len(d.Body) {
				t.Fatalf("%s: sentence past the stripped body", d.Origin)
			}
		}
	}
	if sum := ingest(s); sum.Unchanged != 5 || sum.Added != 0 {
		t.Errorf("second ingest = %+v, want all 5 unchanged", sum)
	}
}
