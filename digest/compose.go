package digest

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
	"github.com/newsdesk/newsdesk/qa"
	"github.com/newsdesk/newsdesk/telegram"
)

// A digest lists the documents with Seq in (from, to], newest first, one
// entry per story: the story's earliest original article, with its title
// (linked when it has a URL), outlet, date, one or two lead sentences
// quoted exactly, and "/source N"; then the other outlets that reported it.
// A near-duplicate (Document.DuplicateOf) joins its original's story; a
// near-duplicate of a document outside the range copies material the
// subscriber already had (or that predates the subscription) and is left
// out. See story.go for what makes two articles one story.

// composed is a digest ready to send: the range it covers and its
// messages, none when nothing is new.
type composed struct {
	from, to int64
	parts    []string
	articles int // documents listed, near-duplicates and same-story included
	stories  int
}

// story is one entry of a digest.
type story struct {
	lead   *corpus.Document
	also   []*corpus.Document
	names  map[string]bool
	newest time.Time // the latest date of its articles
	seq    int64     // the latest Seq of its articles
	// since, when the story was in the material before this digest's (a
	// subscriber had it in an earlier digest), is the first article of it
	// there: the entry is an update to that story.
	since *corpus.Document
}

// lookBack is how many documents before a digest's range are read to tell
// an update to a story from a new one: about a few days of a busy
// newsroom's intake.
const lookBack = 500

// compose makes the digest of the documents with Seq in (from, to] that
// match query ("": all of them).
func (s *Service) compose(ctx context.Context, from, to int64, query string) (composed, error) {
	c := composed{from: from, to: to}
	if to <= from {
		return c, nil
	}
	start := max(from, to-int64(s.o.MaxScan))
	var docs []*corpus.Document
	for doc, err := range s.store.Documents(ctx, start) {
		if err != nil {
			return c, fmt.Errorf("digest: read documents after seq %d: %w", start, err)
		}
		if doc.Seq > to {
			break
		}
		if query != "" {
			if _, ok := qa.Match(doc, query); !ok {
				continue
			}
		}
		docs = append(docs, doc)
	}
	stories := group(docs)
	if len(stories) == 0 {
		return c, nil
	}
	if err := s.markUpdates(ctx, stories, from); err != nil {
		return c, err
	}
	for _, st := range stories {
		c.articles += 1 + len(st.also)
	}
	c.stories = len(stories)
	c.parts = telegram.SplitHTML(s.render(stories, c.articles, start > from, query), telegram.MaxMessageLength)
	return c, nil
}

// markUpdates finds, for each story, the same story among the lookBack
// documents up to Seq from, which came before this digest, and marks the
// story an update to it.
func (s *Service) markUpdates(ctx context.Context, stories []*story, from int64) error {
	if from <= 0 {
		return nil
	}
	byName := make(map[string][]*story)
	for doc, err := range s.store.Documents(ctx, max(0, from-lookBack)) {
		if err != nil {
			return fmt.Errorf("digest: read earlier documents: %w", err)
		}
		if doc.Seq > from {
			break
		}
		if doc.DuplicateOf != 0 {
			continue
		}
		ns := names(doc)
		if st := sameAs(ns, byName); st != nil {
			if dateOf(doc).Before(dateOf(st.lead)) {
				st.lead = doc // the story's first article
			}
			continue
		}
		st := &story{lead: doc, names: ns}
		for n := range ns {
			byName[n] = append(byName[n], st)
		}
	}
	for _, st := range stories {
		if e := sameAs(st.names, byName); e != nil {
			st.since = e.lead
		}
	}
	return nil
}

// group gathers docs, in Seq order, into stories, newest first.
func group(docs []*corpus.Document) []*story {
	var stories []*story
	byDoc := make(map[int64]*story)     // document id → its story
	byName := make(map[string][]*story) // name → stories whose lead uses it
	for _, doc := range docs {
		var st *story
		if doc.DuplicateOf != 0 {
			if st = byDoc[doc.DuplicateOf]; st == nil {
				continue // a copy of something not in this digest
			}
		} else {
			ns := names(doc)
			st = sameAs(ns, byName)
			if st == nil {
				st = &story{lead: doc, names: ns}
				stories = append(stories, st)
				for n := range ns {
					byName[n] = append(byName[n], st)
				}
			}
		}
		if st.lead != doc {
			st.also = append(st.also, doc)
		}
		byDoc[doc.ID] = st
		if d := dateOf(doc); d.After(st.newest) {
			st.newest = d
		}
		st.seq = max(st.seq, doc.Seq)
	}
	slices.SortFunc(stories, func(a, b *story) int {
		return cmp.Or(b.newest.Compare(a.newest), cmp.Compare(b.seq, a.seq))
	})
	for _, st := range stories {
		slices.SortFunc(st.also, func(a, b *corpus.Document) int {
			return cmp.Or(dateOf(b).Compare(dateOf(a)), cmp.Compare(b.Seq, a.Seq))
		})
	}
	return stories
}

// sameAs returns the story whose lead is the same story as an article
// with the names ns, the most similar when several are, or nil.
func sameAs(ns map[string]bool, byName map[string][]*story) *story {
	shared := make(map[*story]int)
	for n := range ns {
		for _, st := range byName[n] {
			shared[st]++
		}
	}
	var best *story
	bestSim := 0.0
	for st, k := range shared {
		if k < sameStoryShared || !sameStoryAs(ns, st.names) {
			continue
		}
		sim := float64(k) / float64(len(ns)+len(st.names)-k)
		if sim > bestSim || sim == bestSim && best != nil && st.lead.Seq < best.lead.Seq {
			best, bestSim = st, sim
		}
	}
	return best
}

// render writes the digest's HTML: a heading, the stories (at most
// MaxItems) separated by blank lines, where SplitHTML prefers to cut, and
// a closing line for what is not shown.
func (s *Service) render(stories []*story, articles int, cut bool, query string) string {
	var b strings.Builder
	b.WriteString(telegram.Bold("News digest"))
	if query != "" {
		b.WriteString(telegram.Bold(" on “" + query + "”"))
	}
	fmt.Fprintf(&b, ": %s", plural(articles, "new article", "new articles"))
	if len(stories) < articles {
		fmt.Fprintf(&b, " in %s", plural(len(stories), "story", "stories"))
	}
	shown := stories[:min(len(stories), s.o.MaxItems)]
	for i, st := range shown {
		b.WriteString("\n\n")
		s.renderStory(&b, i+1, st)
	}
	if rest := len(stories) - len(shown); rest > 0 {
		fmt.Fprintf(&b, "\n\n%s not shown; /latest lists the newest material.", plural(rest, "more story", "more stories"))
	}
	if cut {
		b.WriteString("\n\nEarlier additions are not listed.")
	}
	return b.String()
}

// renderStory writes one entry: title, byline, quote, other reports.
func (s *Service) renderStory(b *strings.Builder, n int, st *story) {
	doc := st.lead
	title := doc.Title
	if title == "" {
		title = "Untitled"
	}
	fmt.Fprintf(b, "<b>%d. %s</b>\n", n, telegram.Link(doc.URL, title))
	if st.since != nil {
		fmt.Fprintf(b, "<i>An update: new in this story since %s (/source %d)</i>\n", s.dateText(st.since), st.since.ID)
	}
	b.WriteString(telegram.EscapeHTML(outletOf(doc)))
	if d := s.dateText(doc); d != "" {
		b.WriteString(" · " + d)
	}
	fmt.Fprintf(b, " · /source %d", doc.ID)
	if quote := quoteOf(doc); quote != "" {
		b.WriteString("\n" + telegram.Blockquote(quote))
	}
	seen := map[string]bool{strings.ToLower(doc.Outlet): true}
	var carriers []string
	for _, c := range doc.Carriers {
		if key := strings.ToLower(c.Outlet); !seen[key] {
			seen[key] = true
			carriers = append(carriers, telegram.Link(c.URL, c.Outlet))
		}
	}
	if len(carriers) > 0 {
		b.WriteString("\nAlso carried word for word by " + strings.Join(carriers, ", "))
	}
	if len(st.also) > 0 {
		b.WriteString("\nAlso reported by ")
		for i, d := range st.also {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%s (/source %d)", telegram.Link(d.URL, outletOf(d)), d.ID)
		}
	}
}

// quoteOf returns doc's key sentences, exactly as written and escaped:
// sentences that follow each other in a paragraph keep the space between
// them, others are joined by an ellipsis.
func quoteOf(doc *corpus.Document) string {
	var b strings.Builder
	var prev *corpus.Sentence
	for _, sen := range keySentences(doc) {
		if prev != nil {
			gap := doc.Body[min(prev.End, sen.Start):sen.Start]
			if prev.Para == sen.Para && prev.End <= sen.Start && strings.TrimSpace(gap) == "" {
				b.WriteString(gap)
			} else {
				b.WriteString(" … ")
			}
		}
		b.WriteString(telegram.EscapeHTML(doc.Text(sen)))
		prev = &sen
	}
	return b.String()
}

// outletOf names who published doc: its outlet, else its URL's host.
func outletOf(doc *corpus.Document) string {
	if doc.Outlet != "" {
		return doc.Outlet
	}
	if u, err := url.Parse(doc.URL); err == nil && u.Host != "" {
		return strings.TrimPrefix(u.Host, "www.")
	}
	return "unknown outlet"
}

// dateOf is doc's date for ordering: when it was published, or when the
// store took it if that is unknown.
func dateOf(doc *corpus.Document) time.Time {
	if !doc.Published.IsZero() {
		return doc.Published
	}
	return doc.Added
}

// dateText shows when doc was published (a calendar date, kept in UTC),
// or else when it was added, in the service's time zone.
func (s *Service) dateText(doc *corpus.Document) string {
	switch {
	case !doc.Published.IsZero():
		return doc.Published.UTC().Format("2 Jan 2006")
	case !doc.Added.IsZero():
		return "added " + doc.Added.In(s.o.Location).Format("2 Jan 2006")
	}
	return ""
}

// plural writes n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Preview returns the messages of the chat's next digest as it would be
// sent now: the unsent parts of a digest being delivered, then the digest
// of what was added after it; nil when nothing is new. It sends nothing
// and moves no watermark. A chat without an active subscription gets an
// error wrapping ErrNotSubscribed.
func (s *Service) Preview(ctx context.Context, chatID int64) ([]string, error) {
	x, err := s.subscriptions(ctx, "WHERE s.chat_id = ? AND s.active = 1", chatID)
	if err != nil {
		return nil, fmt.Errorf("digest: preview for chat %d: %w", chatID, err)
	}
	if len(x) == 0 {
		return nil, fmt.Errorf("chat %d: %w", chatID, ErrNotSubscribed)
	}
	var out []string
	from := x[0].Watermark
	if x[0].pending {
		to, parts, err := s.unsent(ctx, x[0].id)
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			out = append(out, p.html)
		}
		from = to
	}
	to, err := s.store.MaxSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("digest: preview for chat %d: %w", chatID, err)
	}
	c, err := s.compose(ctx, from, to, x[0].Query)
	if err != nil {
		return nil, err
	}
	return append(out, c.parts...), nil
}
