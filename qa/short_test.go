package qa

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/corpus"
)

func TestTypedSpans(t *testing.T) {
	joins := map[string]bool{"of": true}
	for _, c := range []struct {
		text, lang, question string
		want                 []string // "type:text"
	}{
		{"About 4,000 dockworkers stopped work on 10 February 2025.", "en", "",
			[]string{"year:2025", "date:10 February 2025", "number:4,000", "quantity:4,000 dockworkers"}},
		{"The strike cost $5.5 million, 20% of the total.", "en", "",
			[]string{"number:$5.5", "quantity:$5.5 million", "number:20%"}},
		{"She taught at the University of Chicago from 1754–1763.", "en", "",
			[]string{"year:1754", "year:1763", "range:1754–1763", "name:University of Chicago"}},
		{"Thomas B. Edsall wrote it.", "en", "", []string{"name:Thomas B. Edsall", "name:B. Edsall"}},
		{"Growth stalled in 2008-2009 for the Ohio Company of Virginia.", "en", "What did Ohio do?",
			[]string{"range:2008-2009", "name:Company of Virginia", "name:Ohio Company of Virginia"}},
		// The question's own values are no answer to it.
		{"The 2024 strike ended in 2025 with 300 jobs saved.", "en", "When did the 2024 strike end?",
			[]string{"year:2025", "number:300", "quantity:300 jobs"}},
		{"Компания основана в 1969 году в Москве.", "ru", "",
			[]string{"year:1969", "dated:1969 году", "name:Москве"}},
	} {
		qwords := map[string]bool{}
		for _, w := range wordRE.FindAllString(strings.ToLower(c.question), -1) {
			qwords[w] = true
		}
		var got []string
		for _, s := range typedSpans(c.text, c.lang, qwords, joins) {
			got = append(got, typeNames[s.typ]+":"+c.text[s.start:s.end])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("typedSpans(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestCapitalisedWithin(t *testing.T) {
	body := "Economist Thomas Piketty disagrees. The economist said so, as did Piketty."
	for w, want := range map[string]bool{"Economist": false, "Piketty": true, "Thomas": true, "The": false} {
		if got := capitalisedWithin(body, w); got != want {
			t.Errorf("capitalisedWithin(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestTypeOf(t *testing.T) {
	for _, c := range []struct {
		answer string
		want   int
	}{
		{"1998", tYear}, {"May 18, 1756", tDate}, {"4,000", tNumber}, {"$5 million", tQuantity},
		{"Denver Broncos", tName}, {"1754–1763", tRange}, {"8 февраля 2007 года", tDated},
		{"because the cranes were automated", tOther},
	} {
		if got := typeOf(c.answer, "en", nil); got != c.want {
			t.Errorf("typeOf(%q) = %s, want %s", c.answer, typeNames[got], typeNames[c.want])
		}
	}
}

// shortCorpus is a small newsroom corpus about a port strike.
func shortCorpus(t *testing.T) *Answerer {
	t.Helper()
	ix := NewIndex(DefaultOptions())
	for i, body := range []string{
		"About 4,000 dockworkers stopped work at 6 a.m. on Tuesday at the port of Rotterdam. The strike cost the port $5.5 million a day, its operator said.",
		"The union wants guarantees that no one will be fired when the cranes are automated. Talks with the operator broke down last week.",
		"Officials said 12 people were injured in the clashes at the gate; the hospital counted 15 injured.",
		"Shipping lines diverted vessels to Antwerp and Hamburg while the strike lasted.",
	} {
		d, err := corpus.Parse(corpus.Source{Origin: fmt.Sprintf("wire/%d.txt", i+1), Content: body})
		if err != nil {
			t.Fatal(err)
		}
		d.ID = int64(i + 1)
		ix.Add(d)
	}
	return NewAnswerer(ix, AnswerOptions{})
}

// TestShortAnswerSpan checks what a journalist would: the short answer a
// question gets is a typed value of the first quote, of the type the
// question asks for — the count, not the hour beside it; the sum with
// its unit — and it is shown only when the model is sure, never where
// the quote holds two competing values.
func TestShortAnswerSpan(t *testing.T) {
	a := shortCorpus(t)
	ctx := context.Background()
	for _, c := range []struct{ question, want string }{
		{"How many dockworkers stopped work?", "4,000"},
		{"How much did the strike cost the port a day?", "$5.5 million"},
	} {
		r, err := a.ranked(ctx, c.question)
		if err != nil || r == nil {
			t.Fatalf("%q: no ranking (%v)", c.question, err)
		}
		top := first(r.cands)
		s, _, ok := a.model.likeliestSpan(r, top)
		if got := top.text[s.start:s.end]; !ok || got != c.want {
			t.Errorf("%q: likeliest short answer %q (%v) in %q, want %q", c.question, top.text[s.start:s.end], ok, top.text, c.want)
		}
	}
	for _, q := range []string{
		"How many dockworkers stopped work?",
		"How much did the strike cost the port a day?",
		"How many people were injured in the clashes?",
		"Where did shipping lines divert vessels?",
	} {
		ans, err := a.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Text == "" {
			continue
		}
		if len(ans.Quotes) == 0 || !strings.Contains(ans.Quotes[0].Text, ans.Text) {
			t.Errorf("%q: short answer %q is not a span of the first quote", q, ans.Text)
		}
		if strings.Contains(q, "injured") {
			t.Errorf("%q: short answer %q shown, though the quote holds 12 and 15", q, ans.Text)
		}
	}
}
