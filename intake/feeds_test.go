package intake

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func newTestFeeds(t *testing.T, l *testLibrary, feeds []Feed, opts FeedOptions) *Feeds {
	t.Helper()
	f, err := NewFeeds(l.Library, feeds, opts)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func poll(t *testing.T, f *Feeds) corpus.Summary {
	t.Helper()
	sum, err := f.Poll(context.Background())
	if err != nil {
		t.Fatalf("Poll: %v", err)
	}
	return sum
}

func TestFeedsAddItemsOnceAndSearchable(t *testing.T) {
	srv := newFeedServer(t)
	lastMod := time.Date(2025, 5, 3, 18, 0, 0, 0, time.UTC)
	srv.set("/harbour.rss", served{body: readTestdata(t, "feeds/harbour.rss"), etag: true})
	srv.set("/valley.atom", served{body: readTestdata(t, "feeds/valley.atom"), modTime: lastMod})
	l := newTestLibrary(t)
	f := newTestFeeds(t, l, []Feed{{URL: srv.URL + "/harbour.rss"}, {URL: srv.URL + "/valley.atom"}}, FeedOptions{})

	if got := counts(poll(t, f)); got != [4]int{5, 0, 0, 0} {
		t.Fatalf("first poll (added, unchanged, duplicates, failed) = %v, want 5 added", got)
	}
	// Searchable at once, with the feed's metadata.
	hits := l.ix.Search("lifeboat sailors hypothermia", 1)
	if len(hits) == 0 {
		t.Fatal("an RSS item is not found")
	}
	d := hits[0].Doc
	got := []string{d.Title, d.Outlet, d.Author, d.Published.Format(time.DateOnly), d.URL, d.Origin, d.Lang}
	want := []string{"Lifeboat crew rescues two sailors off the breakwater", "Harbour Times", "Oskar Brandt", "2025-05-02",
		"https://harbour-times.example/2025/05/lifeboat-rescue", "https://harbour-times.example/2025/05/lifeboat-rescue", "en"}
	if !slices.Equal(got, want) {
		t.Errorf("RSS item stored as %q, want %q", got, want)
	}
	if strings.Contains(d.Body, "<p>") {
		t.Errorf("HTML left in the body: %q", d.Body)
	}
	if got := l.searchTitles("mountain pass snow reopened"); len(got) == 0 || got[0] != "Mountain pass reopens after the winter closure" {
		t.Errorf("an Atom entry is not found: %q", got)
	}

	// Nothing changed: both servers answer the conditional GET with 304.
	if got := poll(t, f); got.Total() != 0 {
		t.Errorf("second poll read %v", counts(got))
	}
	for _, p := range []string{"/harbour.rss", "/valley.atom"} {
		if hits, nm := srv.count(p); hits != 2 || nm != 1 {
			t.Errorf("%s: %d requests, %d answered 304; want 2 and 1", p, hits, nm)
		}
	}

	// The feed changes: one new item, and an old one edited. Only the new
	// one is added.
	srv.set("/harbour.rss", served{body: readTestdata(t, "feeds/harbour-v2.rss"), etag: true})
	if got := counts(poll(t, f)); got != [4]int{1, 0, 0, 0} {
		t.Fatalf("poll of the changed feed = %v, want 1 added", got)
	}
	if got := l.searchTitles("cruise season ship calls"); len(got) == 0 || got[0] != "Cruise ship season opens with a record booking" {
		t.Errorf("the new item is not found: %q", got)
	}
	if n := l.count(t); n != 6 {
		t.Errorf("store holds %d documents, want 6", n)
	}
}

func TestFeedsWithoutValidatorsAddNothingTwice(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/harbour.rss", served{body: readTestdata(t, "feeds/harbour.rss")}) // no ETag, no Last-Modified
	l := newTestLibrary(t)
	f := newTestFeeds(t, l, []Feed{{URL: srv.URL + "/harbour.rss"}}, FeedOptions{})
	if got := counts(poll(t, f)); got != [4]int{3, 0, 0, 0} {
		t.Fatalf("first poll = %v, want 3 added", got)
	}
	if got := poll(t, f); got.Total() != 0 {
		t.Errorf("refetched unchanged feed read %v, want nothing", counts(got))
	}
	if hits, nm := srv.count("/harbour.rss"); hits != 2 || nm != 0 {
		t.Errorf("%d requests, %d answered 304; want 2 full fetches", hits, nm)
	}

	// After a restart the items are still known.
	l2 := openTestLibrary(t, l.path)
	if got := poll(t, newTestFeeds(t, l2, []Feed{{URL: srv.URL + "/harbour.rss"}}, FeedOptions{})); got.Total() != 0 {
		t.Errorf("poll after a restart read %v, want nothing", counts(got))
	}
}

func TestFeedsBrokenFeedDoesNotStopOthers(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/harbour.rss", served{body: readTestdata(t, "feeds/harbour.rss"), etag: true})
	srv.set("/error.rss", served{status: http500})
	srv.set("/garbage.xml", served{body: readTestdata(t, "feeds/garbage.xml")})
	srv.set("/page.html", served{body: []byte("<!doctype html><html><body><p>Not a feed.</p></body></html>")})
	srv.set("/hang.rss", served{hang: true})
	srv.set("/huge.rss", served{body: []byte(strings.Repeat("<!-- padding -->\n", 8<<10))})
	srv.set("/valley.atom", served{body: readTestdata(t, "feeds/valley.atom")})
	broken := []string{"/error.rss", "/garbage.xml", "/page.html", "/hang.rss", "/huge.rss"}
	var feeds []Feed
	for _, p := range append(slices.Insert(broken, 2, "/harbour.rss"), "/valley.atom") {
		feeds = append(feeds, Feed{URL: srv.URL + p})
	}
	l := newTestLibrary(t)
	f := newTestFeeds(t, l, feeds, FeedOptions{Timeout: 100 * time.Millisecond, MaxSize: 64 << 10})

	sum, err := f.Poll(context.Background())
	if got := counts(sum); got != [4]int{5, 0, 0, 0} {
		t.Errorf("poll with broken feeds = %v, want the 5 items of the good feeds added", got)
	}
	if err == nil {
		t.Fatal("Poll reported no error")
	}
	t.Log(err)
	wantErr := map[string]string{"/error.rss": "HTTP 500", "/garbage.xml": "not a feed", "/page.html": "not a feed",
		"/hang.rss": "deadline exceeded", "/huge.rss": "too large"}
	for p, why := range wantErr {
		if !strings.Contains(err.Error(), "feed "+srv.URL+p+": ") || !lineWith(err.Error(), srv.URL+p, why) {
			t.Errorf("Poll's error does not say that %s failed with %q", p, why)
		}
		if got := l.log.lines("feed failed", "feed="+srv.URL+p); len(got) != 1 {
			t.Errorf("%s: logged %d times, want once: %q", p, len(got), got)
		}
	}
	if got := l.searchTitles("fish market customs hall"); len(got) == 0 {
		t.Errorf("the good RSS feed's items are not searchable")
	}

	// Mended, the failed feed is fetched again and its items added.
	srv.set("/error.rss", served{body: readTestdata(t, "feeds/harbour-v2.rss")})
	sum, _ = f.Poll(context.Background())
	// Its items are new to it, but three of them came through the other
	// feed: two are the same text (unchanged), one was edited since (a
	// near-duplicate, linked to the first version).
	if got := counts(sum); got != [4]int{1, 2, 1, 0} {
		t.Errorf("poll after mending = %v, want 1 added, 2 unchanged, 1 duplicate", got)
	}
}

// http500 is the status of a failing server.
const http500 = 500

// lineWith reports whether one line of text holds all the words.
func lineWith(text string, words ...string) bool {
	for line := range strings.Lines(text) {
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(line, w)
		}
		if ok {
			return true
		}
	}
	return false
}

func TestFeedsRunEachOnItsSchedule(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/harbour.rss", served{body: readTestdata(t, "feeds/harbour.rss"), etag: true})
	srv.set("/valley.atom", served{body: readTestdata(t, "feeds/valley.atom"), etag: true})
	feeds := []Feed{{URL: srv.URL + "/harbour.rss"}, {URL: srv.URL + "/valley.atom", Schedule: "0 * * * *"}}
	l := newTestLibrary(t)
	start := time.Date(2025, 5, 4, 10, 0, 0, 0, time.UTC)
	clock := newFakeClock(start)
	f := newTestFeeds(t, l, feeds, FeedOptions{Schedule: "@every 15m", Clock: clock})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	fetches := func() string {
		h, _ := srv.count("/harbour.rss")
		v, _ := srv.count("/valley.atom")
		return fmt.Sprintf("rss %d, atom %d", h, v)
	}
	// Both at once, then the RSS feed every 15 minutes and the Atom feed
	// on the hour.
	steps := []struct {
		sleep time.Duration
		want  string
	}{
		{15 * time.Minute, "rss 1, atom 1"},
		{15 * time.Minute, "rss 2, atom 1"},
		{15 * time.Minute, "rss 3, atom 1"},
		{15 * time.Minute, "rss 4, atom 1"},
		{15 * time.Minute, "rss 5, atom 2"},
	}
	for i, s := range steps {
		if i > 0 {
			clock.Advance(steps[i-1].sleep)
		}
		if d := clock.waitSleep(t); d != s.sleep {
			t.Errorf("step %d: Run sleeps %v, want %v", i, d, s.sleep)
		}
		if got := fetches(); got != s.want {
			t.Errorf("step %d (%s): fetched %s, want %s", i, clock.Now().Format("15:04"), got, s.want)
		}
	}
	if n := l.count(t); n != 5 {
		t.Errorf("store holds %d documents, want 5", n)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v when its context ended, want nil", err)
	}

	// Restarted five minutes later, neither feed is due yet: the RSS feed
	// was fetched at 11:00, the Atom feed too.
	clock.Advance(5 * time.Minute)
	l2 := openTestLibrary(t, l.path)
	f2 := newTestFeeds(t, l2, feeds, FeedOptions{Schedule: "@every 15m", Clock: clock})
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	go func() { done <- f2.Run(ctx) }()
	if d := clock.waitSleep(t); d != 10*time.Minute {
		t.Errorf("after a restart at 11:05 Run sleeps %v, want 10m", d)
	}
	if got := fetches(); got != "rss 5, atom 2" {
		t.Errorf("a restart refetched: %s", got)
	}
	cancel()
	<-done
}

func TestFeedItemsGolden(t *testing.T) {
	// What each item of the test feeds becomes, for review in the diff.
	srv := newFeedServer(t)
	var b strings.Builder
	for _, name := range []string{"harbour.rss", "valley.atom"} {
		srv.set("/"+name, served{body: readTestdata(t, "feeds/"+name)})
		f := newTestFeeds(t, newTestLibrary(t), []Feed{{URL: srv.URL + "/" + name}}, FeedOptions{})
		body, _, _, err := f.fetch(context.Background(), srv.URL+"/"+name, validators{})
		if err != nil {
			t.Fatal(err)
		}
		fd, err := parseFeed(body)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range oldestFirst(fd.Items) {
			src := itemSource("FEED", fd, it)
			fmt.Fprintf(&b, "key:       %s\norigin:    %s\nformat:    %s\ntitle:     %s\noutlet:    %s\nauthor:    %s\npublished: %s\nurl:       %s\nlang:      %s\ncontent:   %.80q\n\n",
				itemKey(it), src.Origin, src.Format, src.Meta.Title, src.Meta.Outlet, src.Meta.Author,
				src.Meta.Published.Format(time.DateOnly), src.Meta.URL, src.Meta.Lang, src.Content)
		}
	}
	const golden = "testdata/feeds/items.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("feed items differ from %s (run with -update and review the diff):\n%s", golden, b.String())
	}
}

// TestFeedItemsForgottenWhenNoLongerListed: an item the feed stopped
// listing is forgotten SeenKeep later; one it still lists is kept, however
// old.
func TestFeedItemsForgottenWhenNoLongerListed(t *testing.T) {
	l := newTestLibrary(t)
	f := newTestFeeds(t, l, []Feed{{URL: "https://news.example/rss"}}, FeedOptions{})
	ctx := context.Background()
	const url = "https://news.example/rss"
	if err := l.schema(ctx); err != nil { // as the first poll would
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := f.remember(ctx, url, t0, validators{}, []string{"old", "kept"}); err != nil {
		t.Fatal(err)
	}
	if err := f.remember(ctx, url, t0.Add(SeenKeep/2), validators{}, []string{"kept"}); err != nil {
		t.Fatal(err)
	}
	if err := f.remember(ctx, url, t0.Add(SeenKeep+time.Hour), validators{}, []string{"kept", "new"}); err != nil {
		t.Fatal(err)
	}
	fresh, err := f.unseen(ctx, url, []string{"old", "kept", "new"})
	if err != nil {
		t.Fatal(err)
	}
	if !fresh["old"] || fresh["kept"] || fresh["new"] {
		t.Errorf("unseen = %v, want only old forgotten", fresh)
	}
}
