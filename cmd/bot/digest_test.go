package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/digest"
)

// TestDigestDryRun: a chat subscribed after two articles were stored is
// shown the three added later, and nothing is sent or marked seen.
func TestDigestDryRun(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	seeds, _ := filepath.Glob("../../sample/seeds/*.txt")
	early, late := filepath.Join(dir, "early"), filepath.Join(dir, "late")
	for i, p := range seeds {
		to := late
		if i < 2 {
			to = early
		}
		os.MkdirAll(to, 0o755)
		b, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(to, filepath.Base(p)), b, 0o644)
	}
	if code, _, stderr := runBot(t, nil, "ingest", "--db", db, early); code != 0 {
		t.Fatal(stderr)
	}
	st, err := corpus.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := digest.New(ctx, st, refuseSend{}, digest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Subscribe(ctx, 42, "Aysel", "", ""); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, stderr := runBot(t, nil, "digest", "--db", db, "--chat", "42", "--dry-run")
	if code != 0 || !strings.Contains(out, "nothing new") {
		t.Fatalf("before new material: exit %d, %q %q", code, out, stderr)
	}
	if code, _, stderr := runBot(t, nil, "ingest", "--db", db, late); code != 0 {
		t.Fatal(stderr)
	}
	for range 2 { // a dry run changes nothing: the second shows the same
		code, out, stderr = runBot(t, nil, "digest", "--db", db, "--chat", "42", "--dry-run")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, title := range []string{"Russia Blamed for Cyberattack on Azerbaijan", "Who declared a large-scale cyberwar on Azerbaijan?"} {
			if !strings.Contains(out, title) {
				t.Errorf("digest lacks %q:\n%s", title, out)
			}
		}
		if strings.Contains(out, "Azerbaijani lawmaker blames Russia for February cyberattack") {
			t.Errorf("digest repeats an article stored before the subscription:\n%s", out)
		}
	}
	if code, _, stderr := runBot(t, nil, "digest", "--db", db, "--chat", "7", "--dry-run"); code == 0 || !strings.Contains(stderr, "not subscribed") {
		t.Errorf("unsubscribed chat: exit %d, %q", code, stderr)
	}
}
