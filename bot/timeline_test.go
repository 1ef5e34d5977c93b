package bot

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// TestTimelineCommand: /timeline on the sample corpus lists the attack's
// dated events in order, each a quote its sources print; a Russian query
// with nothing dated is told so in Russian; an English one in English; a
// non-allowed user gets nothing.
func TestTimelineCommand(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Allowed = []int64{ann} })
	h.handle(privateText(1, 1, ann, "/timeline cyberattack on Azerbaijani media"))
	h.handle(privateText(2, 2, ann, "/timeline забастовка докеров в Роттердаме"))
	h.handle(privateText(3, 3, ann, "/timeline lighthouse keepers"))
	h.handle(privateText(4, 4, bob, "/timeline cyberattack on Azerbaijani media"))

	got := h.repliesTo(ann, 1)
	if len(got) != 1 {
		t.Fatalf("/timeline: %d replies, want 1: %q", len(got), got)
	}
	text := telegram.StripHTML(got[0])
	first := strings.Index(text, "\n2025-02-20\n")
	later := strings.Index(text, "\n2025-05-02\n")
	if first < 0 || later < first {
		t.Errorf("the attack (2025-02-20) should come before the accusation (2025-05-02):\n%s", text)
	}
	if !strings.Contains(text, "year taken from publication") {
		t.Errorf("a date read against the publication date is not marked:\n%s", text)
	}
	if ru := telegram.StripHTML(strings.Join(h.repliesTo(ann, 2), "")); !strings.Contains(ru, "нет событий с датой") {
		t.Errorf("Russian query with nothing dated: %q, want a Russian 'nothing found'", ru)
	}
	if en := telegram.StripHTML(strings.Join(h.repliesTo(ann, 3), "")); !strings.Contains(en, "I found no dated event") {
		t.Errorf("English query with nothing dated: %q", en)
	}
	if r := h.repliesTo(bob, 4); len(r) != 0 && strings.Contains(strings.Join(r, ""), "2025-02-20") {
		t.Errorf("a user who is not allowed got the timeline: %q", r)
	}
}

// TestTimelinePaged: a story with more dated events than a page holds is
// paged; ‹ › edit the message in place to the neighbour page, every event
// appears on exactly one page, and dates never go backwards.
func TestTimelinePaged(t *testing.T) {
	var extra []corpus.Source
	for i := range 15 {
		day := time.Date(2026, 3, 1+i, 0, 0, 0, 0, time.UTC)
		body := fmt.Sprintf("The ferry strike in Harwich entered day %d on %s, the union said. Talks on the ferry strike continued.",
			i+1, day.Format("2 January 2006"))
		extra = append(extra, corpus.Source{Origin: fmt.Sprintf("ferry/%02d.txt", i), Format: corpus.Text, Content: body,
			Meta: corpus.Meta{Title: fmt.Sprintf("Ferry strike, day %d", i+1), Outlet: "Harwich Post", Published: day}})
	}
	h := newHarness(t, extra, nil)
	h.handle(privateText(1, 1, ann, "/timeline ferry strike in Harwich"))
	pages := h.repliesTo(ann, 1)
	if len(pages) != 1 {
		t.Fatalf("%d messages, want one page with buttons", len(pages))
	}
	seen := map[string]int{}
	collect := func(html string) {
		for _, d := range dateRE.FindAllString(telegram.StripHTML(html), -1) {
			seen[d]++
		}
	}
	collect(pages[0])
	bs := buttons(t, h.sentTo(ann)[len(h.sentTo(ann))-1])
	next, ok := bs["Later ›"]
	if !ok {
		t.Fatalf("first page has no Later button: %v", bs)
	}
	for n := 1; ok; n++ {
		_, sent := h.pressed(n, next, "")
		if len(sent) != 1 || sent[0].Method != "editMessageText" {
			t.Fatalf("press %d: %v, want one editMessageText", n, sent)
		}
		collect(param(sent[0], "text"))
		next, ok = buttons(t, sent[0])["Later ›"]
	}
	if len(seen) != 15 {
		t.Errorf("%d distinct days across pages, want 15: %v", len(seen), seen)
	}
	for d, n := range seen {
		if n != 1 {
			t.Errorf("%s shown %d times", d, n)
		}
	}
}

// dateRE finds the day headings of a timeline page.
var dateRE = regexp.MustCompile(`(?m)^20\d\d-\d\d-\d\d$`)

// TestTimelineQuotesAreVerbatim checks every line of the sample corpus's
// timelines against the sources it cites.
func TestTimelineQuotesAreVerbatim(t *testing.T) {
	h := newHarness(t, nil, nil)
	a := qa.NewAnswerer(h.index, qa.DefaultAnswerOptions())
	for _, q := range []string{"cyberattack on Azerbaijani media", "APT29", "Russian House", "Namazov"} {
		tl, err := a.Timeline(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		docs := map[int]int64{}
		for _, s := range tl.Sources {
			docs[s.N] = s.DocID
		}
		for _, e := range tl.Events {
			for _, v := range append([]qa.Event{e}, e.Others...) {
				for _, n := range v.Quote.Sources {
					if d := h.index.Doc(docs[n]); d == nil || !qa.Prints(d.Body, v.Quote.Text) {
						t.Errorf("%q: %q credited to [%d], which does not print it", q, v.Quote.Text, n)
					}
				}
			}
		}
	}
}

// TestWhoCommand: /who on the sample corpus lists Namazov's descriptions,
// each with its citation marks, and flags his two given names; a name no
// source prints is told so in the name's language; a user who is not
// allowed gets nothing.
func TestWhoCommand(t *testing.T) {
	h := newHarness(t, nil, func(o *Options) { o.Allowed = []int64{ann} })
	h.handle(privateText(1, 1, ann, "/who Namazov"))
	h.handle(privateText(2, 2, ann, "/who Иванов"))
	h.handle(privateText(3, 3, bob, "/who Namazov"))
	text := telegram.StripHTML(strings.Join(h.repliesTo(ann, 1), "\n"))
	for _, want := range []string{"“Azerbaijan's parliament chairman” [", "“Ramid Namazov”", "“Azer Namazov”", "perhaps one person"} {
		if !strings.Contains(text, want) {
			t.Errorf("/who Namazov lacks %q:\n%s", want, text)
		}
	}
	if ru := telegram.StripHTML(strings.Join(h.repliesTo(ann, 2), "")); !strings.Contains(ru, "нет ничего о «Иванов»") {
		t.Errorf("/who Иванов = %q, want a Russian 'nothing'", ru)
	}
	if r := h.repliesTo(bob, 3); strings.Contains(strings.Join(r, ""), "Namazov”") {
		t.Errorf("a user who is not allowed got the profile: %q", r)
	}
}
