package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/storetest"
)

// bot runs one invocation the way a shell would and returns its exit
// status and output.
func runBot(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	code := run(context.Background(), args, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, lookup: lookup})
	return code, out.String(), errb.String()
}

func TestIngestTwiceThenAsk(t *testing.T) {
	db := storetest.Location(t, "news.db")
	code, out, stderr := runBot(t, nil, "ingest", "--db", db, "../../sample/seeds")
	if code != 0 || !strings.Contains(out, "added 5, unchanged 0") {
		t.Fatalf("first ingest: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = runBot(t, nil, "ingest", "--db", db, "../../sample/seeds")
	if code != 0 || !strings.Contains(out, "added 0, unchanged 5, duplicates 0, carried 0, failed 0") {
		t.Fatalf("second ingest: exit %d, %q", code, out)
	}
	code, out, stderr = runBot(t, map[string]string{"NEWSDESK_DB": db}, "ask", "--json", "When did the cyberattack on Azerbaijani media happen?")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	var ans struct {
		Abstained bool
		Quotes    []struct{ Text string }
		Sources   []struct{ Origin string }
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json printed %q: %v", out, err)
	}
	if ans.Abstained || len(ans.Quotes) == 0 || !strings.Contains(ans.Sources[0].Origin, "seeds") {
		t.Errorf("answer from the stored corpus: %s", out)
	}
}

// TestBadPostgresStore: a store URL that is malformed or names a server
// that does not answer fails the command with a message that says which,
// and never shows the password.
func TestBadPostgresStore(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	for url, want := range map[string]string{
		"postgres://newsdesk:s3cret@" + closed + "/news": "cannot reach PostgreSQL at 127.0.0.1",
		"postgres://newsdesk:s3cret@localhost:port/news": "malformed PostgreSQL URL",
	} {
		code, out, stderr := runBot(t, map[string]string{"NEWSDESK_DB": url}, "ask", "who was blamed?")
		if code == 0 || !strings.Contains(stderr, want) || strings.Contains(stderr+out, "s3cret") {
			t.Errorf("ask with NEWSDESK_DB=%s: exit %d, stderr %q; want a failure saying %q without the password",
				strings.Replace(url, "s3cret", "…", 1), code, stderr, want)
		}
	}
}

func TestIngestReportsBadFilesAndKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Headline of the day\n\nThe council approved the new budget on Monday after a long debate. Members said the plan would fund schools and roads for the next three years.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("caf\xe9 au lait\n"), 0o644)
	db := filepath.Join(t.TempDir(), "news.db")
	code, out, stderr := runBot(t, nil, "ingest", "--db", db, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1 when a file failed", code)
	}
	if !strings.Contains(out, "added 1") || !strings.Contains(out, "failed 1") {
		t.Errorf("summary %q, want the good file added and the bad one failed", out)
	}
	if !strings.Contains(stderr, "bad.txt") {
		t.Errorf("stderr %q does not name bad.txt", stderr)
	}
}

func TestInspectJSON(t *testing.T) {
	code, out, stderr := runBot(t, nil, "inspect", "--json", "../../sample/seeds/004_27f2d6e0deaba1bd.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var d docJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Published != "2025-02-21" || !strings.Contains(d.Outlet, "Caliber") || len(d.Sentences) == 0 {
		t.Errorf("inspect: published %q outlet %q, %d sentences", d.Published, d.Outlet, len(d.Sentences))
	}
	for _, s := range d.Sentences {
		if d.Body[s.Start:s.End] != s.Text {
			t.Errorf("sentence %q is not body[%d:%d]", s.Text, s.Start, s.End)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		vars map[string]string
		code int
		want string
	}{
		{[]string{"frobnicate"}, nil, 2, `unknown command "frobnicate"`},
		{[]string{"ask"}, nil, 2, "ask a question"},
		{[]string{"ingest", "x"}, nil, 2, "no database"},
		{[]string{"eval"}, nil, 2, "--qa"},
		{[]string{"sources"}, map[string]string{"LOG_LEVEL": "loud"}, 2, "LOG_LEVEL"},
		{[]string{"help", "bogus"}, nil, 2, `unknown command "bogus"`},
		{[]string{"search", "-n", "-5", "APT29"}, nil, 2, "-n must be at least 1"},
		{[]string{"ask", "--db", "typo.db", "Who was blamed?"}, nil, 1, "database typo.db does not exist"},
		{[]string{"sources", "--db", "typo.db"}, nil, 1, "database typo.db does not exist"},
	} {
		code, _, stderr := runBot(t, tc.vars, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("bot %v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// TestHelpOfACommand: bot help CMD says how to call it and lists its
// flags; an empty folder given to ingest is said to hold nothing.
func TestHelpOfACommand(t *testing.T) {
	code, out, _ := runBot(t, nil, "help", "ingest")
	for _, want := range []string{"usage: bot ingest --db PATH", "flags:", "-db", "-site-chrome"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("bot help ingest: exit %d, %q; want %q", code, out, want)
		}
	}
	empty := t.TempDir()
	code, _, stderr := runBot(t, nil, "ingest", "--db", filepath.Join(t.TempDir(), "n.db"), empty)
	if code != 1 || !strings.Contains(stderr, "found no articles in "+empty) {
		t.Errorf("ingest of an empty folder: exit %d, %q", code, stderr)
	}
}

func TestProgressLine(t *testing.T) {
	cases := []struct {
		done, total int
		took        time.Duration
		want        string
	}{
		{500, 0, time.Second, "500 articles, 500/s"},
		{500, 2000, time.Second, "500 of 2000 articles (25%), 500/s, about 3s left"},
		{2000, 2000, 2 * time.Second, "2000 of 2000 articles (100%), 1000/s, about 0s left"},
		{0, 10, 0, "0 articles, 0/s"},
	}
	for _, c := range cases {
		if got := strings.TrimSpace(progressLine(c.done, c.total, c.took)); got != c.want {
			t.Errorf("progressLine(%d, %d, %v) = %q, want %q", c.done, c.total, c.took, got, c.want)
		}
	}
}

// TestReadingCommandsCreateNoDatabase: a mistyped --db is refused by name
// and no empty database is left behind.
func TestReadingCommandsCreateNoDatabase(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "nwes.db")
	questions := filepath.Join(dir, "q.jsonl")
	if err := os.WriteFile(questions, []byte(`{"id":"a","question":"Who was blamed?","expect":"answer"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ask", "--db", typo, "Who was blamed?"},
		{"search", "--db", typo, "APT29"},
		{"sources", "--db", typo},
		{"eval", "--db", typo, "--qa", questions},
	} {
		code, _, stderr := runBot(t, nil, args...)
		if code == 0 || !strings.Contains(stderr, typo) {
			t.Errorf("bot %v: exit %d, stderr %q; want a failure naming %s", args, code, stderr, typo)
		}
		if _, err := os.Stat(typo); err == nil {
			t.Fatalf("bot %v created %s", args, typo)
		}
	}
}

// TestSyndicatedPair ingests one story printed word for word by two
// outlets: the second is kept as a carrier of the first's text, named in
// the sources list and in the answer's citation; the outlet that printed
// it first (NL Times Wire, a day earlier) is the source whatever the
// reading order; and reading the folder
// again changes nothing. The listing and the answer are compared with
// testdata/syndicated.golden (refresh with -update and review).
func TestSyndicatedPair(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	code, out, stderr := runBot(t, nil, "ingest", "--db", db, "testdata/syndicated")
	if code != 0 || !strings.Contains(out, "added 1, unchanged 0, duplicates 0, carried 1, failed 0") {
		t.Fatalf("first ingest: exit %d, %q %q", code, out, stderr)
	}
	code, out, _ = runBot(t, nil, "ingest", "--db", db, "testdata/syndicated")
	if code != 0 || !strings.Contains(out, "added 0, unchanged 2, duplicates 0, carried 0, failed 0") {
		t.Fatalf("second ingest is not a no-op: exit %d, %q", code, out)
	}
	vars := map[string]string{"NEWSDESK_DB": db}
	_, sources, _ := runBot(t, vars, "sources")
	code, answer, stderr := runBot(t, vars, "ask", "How many dockworkers joined the strike?")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	got := "$ bot sources\n" + sources + "\n$ bot ask \"How many dockworkers joined the strike?\"\n" + answer
	for _, want := range []string{"2026-03-03  NL Times Wire", "also carried by Haven Courant (2026-03-04)", "About 4,000 dockworkers joined the strike"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	file := filepath.Join("testdata", "syndicated.golden")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/bot -run TestSyndicatedPair -update)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s:\n--- got\n%s\n--- want\n%s", file, got, want)
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestIngestLink adds an article by its link: refused on loopback by
// default, with the setting that allows it named; fetched and stored, with
// the page as its link, when FETCH_ALLOW_PRIVATE is on.
func TestIngestLink(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><title>Lighthouse keepers strike</title></head><body><article>
<h1>Lighthouse keepers strike</h1>
<p>The lighthouse keepers of the northern coast went on strike on Monday over unpaid night shifts.</p>
<p>Their union said the strike would last until the shifts were paid.</p></article></body></html>`)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	link := srv.URL + "/news/lighthouse"
	code, _, stderr := runBot(t, nil, "ingest", "--db", db, link)
	if code == 0 || !strings.Contains(stderr, "loopback") || !strings.Contains(stderr, "FETCH_ALLOW_PRIVATE=true") {
		t.Errorf("a loopback link without FETCH_ALLOW_PRIVATE: exit %d, %s", code, stderr)
	}
	vars := map[string]string{"FETCH_ALLOW_PRIVATE": "true"}
	code, out, stderr := runBot(t, vars, "ingest", "--db", db, link)
	if code != 0 || !strings.Contains(out, "added 1") {
		t.Fatalf("ingest %s: exit %d, %q %q", link, code, out, stderr)
	}
	_, out, _ = runBot(t, nil, "sources", "--db", db, "--json")
	if !strings.Contains(out, `"url":"`+link+`"`) {
		t.Errorf("the stored article's link is not the page's: %s", out)
	}
}

// TestAnswerCitesPDFPage stores a two-page PDF and asks about what its
// second page says: the quote cites the page.
func TestAnswerCitesPDFPage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	if code, out, stderr := runBot(t, nil, "ingest", "--db", db, "../../corpus/testdata/pdf/article.pdf"); code != 0 {
		t.Fatalf("ingest: exit %d, %q %q", code, out, stderr)
	}
	code, out, stderr := runBot(t, map[string]string{"NEWSDESK_DB": db}, "ask", "How long did the last strike at the port last?")
	if code != 0 {
		t.Fatalf("ask: exit %d: %s", code, stderr)
	}
	want := "> The last strike at the port, in 2016, lasted nine days and ended with a smaller raise. [1] (p. 2)"
	if !strings.Contains(out, want) {
		t.Errorf("answer lacks %q:\n%s", want, out)
	}
}

// TestTimelineAndWhoGolden compares bot timeline and bot who on the sample
// corpus with testdata/sample-timeline.golden and testdata/sample-who.golden
// (refresh with -update; review every line against the seeds).
func TestTimelineAndWhoGolden(t *testing.T) {
	for _, c := range []struct {
		file string
		args []string
	}{
		{"sample-timeline.golden", []string{"timeline", "cyberattack on Azerbaijani media"}},
		{"sample-who.golden", []string{"who", "Namazov"}},
	} {
		code, out, stderr := runBot(t, nil, c.args...)
		if code != 0 {
			t.Fatalf("bot %s: exit %d: %s", strings.Join(c.args, " "), code, stderr)
		}
		file := filepath.Join("testdata", c.file)
		if *update {
			if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/bot -run TestTimelineAndWhoGolden -update)", err)
		}
		if out != string(want) {
			t.Errorf("bot %s differs from %s:\n--- got\n%s\n--- want\n%s", strings.Join(c.args, " "), file, out, want)
		}
	}
}
