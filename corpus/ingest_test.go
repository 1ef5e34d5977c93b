package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsdesk/newsdesk/internal/storetest"
	"github.com/newsdesk/newsdesk/sample"
)

// sampleSources yields the sample articles as text Sources.
func sampleSources() iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) {
		entries, err := fs.ReadDir(sample.FS, sample.Dir)
		if err != nil {
			yield(Source{}, err)
			return
		}
		for _, e := range entries {
			name := path.Join(sample.Dir, e.Name())
			b, err := fs.ReadFile(sample.FS, name)
			if !yield(Source{Origin: name, Format: Text, Content: string(b)}, err) {
				return
			}
		}
	}
}

// concat yields the sources of each sequence in turn.
func concat(seqs ...iter.Seq2[Source, error]) iter.Seq2[Source, error] {
	return func(yield func(Source, error) bool) {
		for _, seq := range seqs {
			for src, err := range seq {
				if !yield(src, err) {
					return
				}
			}
		}
	}
}

// genSummary is what ingesting genSources(seed, n) into an empty store
// must report (see genArticle for which articles copy which).
func genSummary(n int) Summary {
	var s Summary
	for i := range n {
		switch {
		case i%25 == 24:
			s.Unchanged++
		case i%10 == 9:
			s.Duplicates++
		default:
			s.Added++
		}
	}
	return s
}

func ingest(t testing.TB, s *Store, sources iter.Seq2[Source, error], opts IngestOptions) Summary {
	t.Helper()
	sum, err := Ingest(context.Background(), s, sources, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestIngestTwiceChangesNothing(t *testing.T) {
	s, _ := openTestStore(t)
	const n = 600
	sources := concat(sampleSources(), genSources(1, n))

	first := ingest(t, s, sources, IngestOptions{BatchSize: 64})
	want := genSummary(n)
	want.Added += 5 // the seeds
	if first.Added != want.Added || first.Duplicates != want.Duplicates || first.Unchanged != want.Unchanged || first.Failed != 0 {
		t.Errorf("first ingestion: %+v, want %+v", first, want)
	}
	dump := dumpStore(t, s, true)

	second := ingest(t, s, sources, IngestOptions{BatchSize: 100, Workers: 1})
	if second.Unchanged != n+5 || second.Total() != n+5 {
		t.Errorf("second ingestion: %+v, want all %d unchanged", second, n+5)
	}
	if again := dumpStore(t, s, true); again != dump {
		t.Errorf("second ingestion changed the store:\nbefore:\n%.2000s\nafter:\n%.2000s", dump, again)
	}
}

func TestIngestFailuresReportedAndSkipped(t *testing.T) {
	s, _ := openTestStore(t)
	errUnreadable := errors.New("archive.jsonl line 3: unexpected end of JSON input")
	var sources []Source
	var loadErrs []error
	for i := range 150 {
		sources = append(sources, Source{Origin: fmt.Sprintf("empty%03d.txt", i), Content: " \n\n "})
		loadErrs = append(loadErrs, nil)
	}
	sources = append(sources, Source{Origin: "archive.jsonl", Line: 3}, Source{Origin: "good.txt", Content: "A story that parses. It has two sentences."})
	loadErrs = append(loadErrs, errUnreadable, nil)
	seq := func(yield func(Source, error) bool) {
		for i, src := range sources {
			if !yield(src, loadErrs[i]) {
				return
			}
		}
	}

	sum := ingest(t, s, seq, IngestOptions{BatchSize: 7})
	if sum.Added != 1 || sum.Failed != 151 || len(sum.Errors) != MaxErrors {
		t.Errorf("summary %d added, %d failed, %d errors kept; want 1, 151, %d", sum.Added, sum.Failed, len(sum.Errors), MaxErrors)
	}
	if len(sum.Errors) > 0 && (!errors.Is(sum.Errors[0], ErrNoText) || !strings.Contains(sum.Errors[0].Error(), "empty000.txt")) {
		t.Errorf("first error %q, want ErrNoText naming empty000.txt", sum.Errors[0])
	}
	if n, _ := s.Count(context.Background()); n != 1 {
		t.Errorf("store holds %d documents, want the one good source", n)
	}
	// The load error is kept when it is among the first MaxErrors.
	sum = ingest(t, s, func(yield func(Source, error) bool) { yield(Source{}, errUnreadable) }, IngestOptions{})
	if sum.Failed != 1 || len(sum.Errors) != 1 || !errors.Is(sum.Errors[0], errUnreadable) {
		t.Errorf("load error: summary %+v, want it failed and reported", sum)
	}
}

// TestIngestProgress runs in a synctest bubble, whose clock advances only
// while every goroutine waits: the sources take 1 ms each to read, so the
// ingestion takes 1.2 s of bubble time and Progress must come at least
// 200 ms apart.
func TestIngestProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, err := Open(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		const n = 1200
		slow := func(yield func(Source, error) bool) {
			for src, err := range genSources(2, n) {
				time.Sleep(time.Millisecond)
				if !yield(src, err) {
					return
				}
			}
		}
		var calls []time.Time
		var last Summary
		sum := ingest(t, s, slow, IngestOptions{BatchSize: 50, Progress: func(s Summary) {
			calls = append(calls, time.Now())
			if s.Total() < last.Total() {
				t.Errorf("progress went back from %d to %d", last.Total(), s.Total())
			}
			last = s
		}})
		if len(calls) < 4 || len(calls) > 7 {
			t.Errorf("Progress called %d times in %v, want about one per 200 ms", len(calls), n*time.Millisecond)
		}
		for i := 1; i < len(calls); i++ {
			if d := calls[i].Sub(calls[i-1]); d < progressEvery {
				t.Errorf("Progress calls %d and %d only %v apart", i-1, i, d)
			}
		}
		if last.Total() > sum.Total() || sum.Total() != n {
			t.Errorf("last progress %d, summary %d, want at most the summary's %d", last.Total(), sum.Total(), n)
		}
	})
}

// TestIngestCancel cancels half way: the committed batches stay, nothing
// else is stored, and a second run completes the same store a clean run
// makes.
func TestIngestCancel(t *testing.T) {
	const n, batch = 1000, 50
	s, _ := openTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	stopping := func(yield func(Source, error) bool) {
		for src, err := range genSources(3, n) {
			if strings.HasSuffix(src.Origin, "/00420.txt") {
				cancel()
			}
			if !yield(src, err) {
				return
			}
		}
	}
	sum, err := Ingest(ctx, s, stopping, IngestOptions{BatchSize: batch})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ingestion returned %v, want context.Canceled", err)
	}
	count, _ := s.Count(context.Background())
	if count != sum.Added+sum.Duplicates || sum.Total() > 420 || sum.Total()%batch != 0 {
		t.Errorf("after cancel: %d stored, summary %+v; want the committed whole batches before source 420", count, sum)
	}
	rest := ingest(t, s, genSources(3, n), IngestOptions{BatchSize: batch})
	clean, _ := openTestStore(t)
	ingest(t, clean, genSources(3, n), IngestOptions{BatchSize: 128})
	if got, want := dumpStore(t, s, false), dumpStore(t, clean, false); got != want {
		t.Errorf("cancelled and resumed store differs from a clean run (resume summary %+v)", rest)
	}
}

// The crash test runs an ingestion in a child process (this test binary
// running TestIngestCrashChild), kills it with SIGKILL once it has
// committed some batches, resumes, and compares with a clean run.
const crashChildEnv = "NEWSDESK_INGEST_CRASH_DB"

const crashArticles = 4000

func TestIngestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("runs only as the child of TestIngestCrashResume")
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	sum := ingest(t, s, genSources(4, crashArticles), IngestOptions{BatchSize: 100, Progress: func(s Summary) {
		fmt.Printf("committed %d\n", s.Total())
	}})
	fmt.Printf("done %d\n", sum.Total())
}

func TestIngestCrashResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	storetest.SQLiteOnly(t, "a killed writer's SQLite file (PostgreSQL recovers its own)")
	dir := t.TempDir()
	path := filepath.Join(dir, "crashed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	killed := false
	for lines.Scan() {
		var n int
		if _, err := fmt.Sscanf(lines.Text(), "committed %d", &n); err == nil && n >= 500 {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			killed = true
			t.Logf("killed the child after it reported %d articles committed", n)
			break
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatal("the child finished or failed before it could be killed")
	}

	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkIntegrity(t, s)
	count, _ := s.Count(context.Background())
	if count == 0 || count >= crashArticles-genSummary(crashArticles).Unchanged {
		t.Fatalf("the killed child left %d documents, want some but not all", count)
	}
	t.Logf("the killed child left %d documents", count)

	sum := ingest(t, s, genSources(4, crashArticles), IngestOptions{})
	checkIntegrity(t, s)
	if sum.Unchanged < count {
		t.Errorf("resumed ingestion found %d unchanged, want at least the %d stored before the kill", sum.Unchanged, count)
	}
	clean, _ := openTestStore(t)
	ingest(t, clean, genSources(4, crashArticles), IngestOptions{})
	got, want := dumpStore(t, s, false), dumpStore(t, clean, false)
	if got != want {
		t.Errorf("crashed and resumed store differs from a clean run:\n%s", firstDiff(got, want))
	}
	checkSeqs(t, s)
}

// checkIntegrity runs SQLite's integrity check.
func checkIntegrity(t *testing.T, s *Store) {
	t.Helper()
	var res string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check: %q, %v", res, err)
	}
}

// checkSeqs checks the seqs run 1, 2, ... with no gap and no hash twice.
func checkSeqs(t *testing.T, s *Store) {
	t.Helper()
	hashes := map[string]bool{}
	want := int64(1)
	for d, err := range s.Documents(context.Background(), 0) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Seq != want || hashes[d.Hash] {
			t.Fatalf("document %d has seq %d (want %d), hash seen before: %v", d.ID, d.Seq, want, hashes[d.Hash])
		}
		hashes[d.Hash] = true
		want++
	}
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\ngot  %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}
