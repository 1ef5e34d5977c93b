package qa

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// strikeDocs are an agency report of a port strike, an independent report,
// and a blog rewrite of the first that changes a day and a name.
func strikeDocs() []*corpus.Document {
	orig := "Dockworkers in Rotterdam stopped work at 6 a.m. on Tuesday over the automation of cranes at the container terminals. " +
		"About 4,000 dockworkers joined the strike, union leader Niek Stam of the FNV said on Tuesday evening.\n\n" +
		"\"No one will be fired. We have said this from the first day,\" port director Ruud Vermeulen said. " +
		"The port authority expects ships to wait at anchor until the strike ends."
	rewrite := "Dockworkers in Rotterdam stopped work at 6 a.m. on Wednesday over the automation of cranes at the container terminals. " +
		"About 4,000 dockworkers joined the strike, union leader Nick Stamm of the FNV said on Tuesday evening.\n\n" +
		"\"No one will be fired. We have said this from the first day,\" port director Ruud Vermeulen said. " +
		"The port authority expects ships to wait at anchor until the strike ends, the blog adds."
	other := "In Houston, the concert hall reopened after repairs. Whitney Houston recordings were played at the gala on Friday."
	mk := func(id int64, title, body, day string) *corpus.Document {
		d := &corpus.Document{ID: id, Seq: id, Origin: title, Title: title, Body: body, Sentences: corpus.Split(body), Lang: "en"}
		if day != "" {
			d.Published = mustDay(day)
		}
		return d
	}
	return []*corpus.Document{
		mk(1, "Rotterdam blog: port strike", rewrite, "2026-03-05"),
		mk(2, "Rotterdam port strike over automation", orig, "2026-03-03"),
		mk(3, "Houston concert hall reopens", other, "2026-03-04"),
	}
}

// TestCopyChangesShown: the rewrite, read first and published later, is
// the copy; the day and the name it changes are shown as disagreements,
// each version credited only to the text that prints it, and no quote
// credits the original with the rewrite's words.
func TestCopyChangesShown(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	docs := strikeDocs()
	ix.Add(docs...)
	a := NewAnswerer(ix, AnswerOptions{})
	for _, tc := range []struct {
		q, aspect, orig, copied string
	}{
		{"When did the dockworkers stop work?", "date", "Tuesday", "Wednesday"},
		{"What did union leader Niek Stam say about the strike?", "name", "Niek Stam", "Nick Stamm"},
	} {
		ans, err := a.Ask(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Abstained {
			t.Fatalf("%q: abstained", tc.q)
		}
		checkAttribution(t, ix, ans)
		var got *Disagreement
		for i, d := range ans.Disagreements {
			if d.Aspect == tc.aspect {
				got = &ans.Disagreements[i]
			}
		}
		if got == nil {
			t.Errorf("%q: no %s disagreement; got %+v", tc.q, tc.aspect, ans.Disagreements)
			continue
		}
		by := map[string]string{}
		for _, v := range got.Versions {
			for _, n := range v.Sources {
				by[v.Text] += ans.Sources[n-1].Origin + ";"
			}
		}
		if !strings.Contains(by[tc.orig], "Rotterdam port strike") || strings.Contains(by[tc.orig], "blog") {
			t.Errorf("%q: %q credited to %q, want the agency only", tc.q, tc.orig, by[tc.orig])
		}
		if !strings.Contains(by[tc.copied], "blog") || strings.Contains(by[tc.copied], "automation") {
			t.Errorf("%q: %q credited to %q, want the blog only", tc.q, tc.copied, by[tc.copied])
		}
		for _, s := range ans.Sources {
			if strings.Contains(s.Origin, "blog") && s.Copies == 0 {
				t.Errorf("%q: the blog is not marked as a copy: %+v", tc.q, ans.Sources)
			}
		}
	}
}

// TestNoDisagreementAcrossStories: two people who share a word in
// unrelated articles are never shown as one person named two ways.
func TestNoDisagreementAcrossStories(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(strikeDocs()...)
	ans, err := NewAnswerer(ix, AnswerOptions{}).Ask(context.Background(), "What was played at the gala in Houston?")
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Disagreements) != 0 {
		t.Errorf("disagreements %+v, want none", ans.Disagreements)
	}
}

// TestQuotationIsOneQuote: a quotation over two sentences is quoted whole
// with its attribution, never as the fragment without content.
func TestQuotationIsOneQuote(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(strikeDocs()...)
	ans, err := NewAnswerer(ix, AnswerOptions{}).Ask(context.Background(), "What did Vermeulen say?")
	if err != nil {
		t.Fatal(err)
	}
	want := `"No one will be fired. We have said this from the first day," port director Ruud Vermeulen said.`
	if len(ans.Quotes) == 0 || ans.Quotes[0].Text != want {
		t.Fatalf("first quote %+v, want %q", ans.Quotes, want)
	}
	if len(ans.Quotes[0].Sources) != 2 {
		t.Errorf("the quotation both print is credited to %v, want both", ans.Quotes[0].Sources)
	}
}

// checkAttribution fails t for any quote or disagreement version credited
// to a source that does not print it.
func checkAttribution(t *testing.T, ix *Index, ans Answer) {
	t.Helper()
	for _, q := range ans.Quotes {
		if bad := misattributed(ix, ans, q); bad != "" {
			t.Error(bad)
		}
	}
	for _, d := range ans.Disagreements {
		for _, v := range d.Versions {
			for _, n := range v.Sources {
				if !Prints(ix.Doc(ans.Sources[n-1].DocID).Body, v.Text) {
					t.Errorf("%s version %q credited to [%d], which does not print it", d.Aspect, v.Text, n)
				}
			}
		}
	}
}

func mustDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestNameDisagreementOnlyWhenAsked: a quote that mentions a person in
// passing does not bring the dispute over their name into an answer about
// something else.
func TestNameDisagreementOnlyWhenAsked(t *testing.T) {
	a, _ := seedAnswerer(t)
	for q, want := range map[string]bool{
		"What is Cozy Bear?":                     false,
		"Who blamed Russia for the cyberattack?": true,
		"What did Namazov say about the attack?": true,
	} {
		ans, err := a.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, d := range ans.Disagreements {
			got = got || d.Aspect == "name"
		}
		if got != want {
			t.Errorf("%q: name disagreement shown %v, want %v: %+v", q, got, want, ans.Disagreements)
		}
	}
}

// TestAttributeDropsWhatIsNotPrinted: the last stage removes a citation of
// a source that does not print the quote, the quote when none is left,
// and a disagreement whose versions no longer stand apart.
func TestAttributeDropsWhatIsNotPrinted(t *testing.T) {
	a := &corpus.Document{Body: "Dockworkers stopped work on Tuesday."}
	b := &corpus.Document{Body: "Dockworkers  stopped\nwork on Wednesday."}
	docs := []*corpus.Document{a, b}
	ans := Answer{
		Sources: []Source{{N: 1}, {N: 2}},
		Quotes: []Quote{
			{Text: "Dockworkers stopped work on Tuesday.", Source: 1, Sources: []int{1, 2}},
			{Text: "stopped work on Monday", Source: 2, Sources: []int{2}},
		},
		Disagreements: []Disagreement{
			{Aspect: "date", Versions: []Version{{Text: "Tuesday", Sources: []int{1}}, {Text: "Wednesday", Sources: []int{2}}}},
			{Aspect: "date", Versions: []Version{{Text: "Tuesday", Sources: []int{1}}, {Text: "Monday", Sources: []int{2}}}},
		},
	}
	dropped := attribute(&ans, func(n int) *corpus.Document { return docs[n-1] }, printed{})
	if dropped != 3 {
		t.Errorf("dropped %d citations, want 3", dropped)
	}
	if len(ans.Quotes) != 1 || !slices.Equal(ans.Quotes[0].Sources, []int{1}) {
		t.Errorf("quotes %+v, want the Tuesday quote credited to [1] only", ans.Quotes)
	}
	if len(ans.Disagreements) != 1 || ans.Disagreements[0].Versions[1].Text != "Wednesday" {
		t.Errorf("disagreements %+v, want only Tuesday/Wednesday", ans.Disagreements)
	}
}

// TestDisagreementIsWhatWasAsked: a "when" question shows the dispute over
// the day and not the one over a name its quotes also contain; "how many"
// shows neither.
func TestDisagreementIsWhatWasAsked(t *testing.T) {
	ix := NewIndex(DefaultOptions())
	ix.Add(strikeDocs()...)
	a := NewAnswerer(ix, AnswerOptions{})
	for q, want := range map[string][]string{
		"When did the dockworkers stop work?":  {"date"},
		"How many dockworkers went on strike?": nil,
	} {
		ans, err := a.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ans.Disagreements {
			got = append(got, d.Aspect)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: disagreements on %v, want %v", q, got, want)
		}
	}
}

// TestNoDisagreementBetweenTemplatedBriefs: two wire briefs written on one
// template for two markets, each headline stating its own figure, are two
// stories: their figures are not one value in dispute.
func TestNoDisagreementBetweenTemplatedBriefs(t *testing.T) {
	brief := func(id int64, title, figure string) *corpus.Document {
		body := "Hog prices opened higher at the terminal market, private sources said. Prices " + figure +
			" dlrs per cwt on light receipts of about 3,500 head. Top quality barrows sold at 52.50 dlrs."
		return &corpus.Document{ID: id, Seq: id, Origin: title, Title: title, Body: body, Sentences: corpus.Split(body),
			Lang: "en", Published: mustDay("1987-04-07")}
	}
	ix := NewIndex(DefaultOptions())
	ix.Add(brief(1, "ST LOUIS HOGS OPEN UP 1.00 DLR - PRIVATE", "added 1.00"), brief(2, "SIOUX CITY HOGS OPEN UP 1.25 DLR - PRIVATE", "advanced 1.25"))
	ans, err := NewAnswerer(ix, AnswerOptions{}).Ask(context.Background(), "How much did hog prices rise?")
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Disagreements) != 0 {
		t.Errorf("disagreements %+v between two markets' briefs", ans.Disagreements)
	}
}
