package qa

import (
	"context"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// Answer is the bot's reply to a question: quotes copied verbatim from the
// sources, the numbered sources they come from, and the points on which
// sources disagree. It holds no sentence of the bot's own.
type Answer struct {
	Question      string         `json:"question"`
	Abstained     bool           `json:"abstained"`
	Text          string         `json:"answer"` // a span of the first quote, or ""
	Quotes        []Quote        `json:"quotes"`
	Sources       []Source       `json:"sources"`
	Disagreements []Disagreement `json:"disagreements"`
}

// Quote is one passage quoted exactly from a source's body.
type Quote struct {
	Text    string `json:"text"`
	Source  int    `json:"source"`  // number of the first source saying it
	Sources []int  `json:"sources"` // numbers of every source saying it
	Aspect  string `json:"aspect"`  // the kind of question part it answers
	DocID   int64  `json:"doc_id"`  // the first source's document
	Start   int    `json:"start"`   // byte offsets of Text in that document's body
	End     int    `json:"end"`
}

// Source is one cited document, numbered from 1 in order of first citation.
type Source struct {
	N         int    `json:"n"`
	DocID     int64  `json:"doc_id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"` // YYYY-MM-DD or ""
	URL       string `json:"url"`
	Origin    string `json:"origin"`
	// Copies is the number of another source of the answer that this one
	// copies — a near-duplicate, or a rewrite of it — or 0: a copy is no
	// independent confirmation, and its odd details are the copier's.
	Copies int `json:"copies,omitempty"`
}

// Disagreement is a point on which sources say different things.
type Disagreement struct {
	Aspect   string    `json:"aspect"`
	Versions []Version `json:"versions"`
}

// Version is what some sources say on a disputed point, quoted verbatim.
type Version struct {
	Text    string `json:"text"`
	Sources []int  `json:"sources"`
}

// AnswerOptions tune answers.
type AnswerOptions struct {
	// MinCoverage is the share of the question's content words (weighted by
	// IDF) that the best sentence must contain; below it the answerer
	// abstains. 0.4 answers every seed question while the off-topic one
	// abstains with a wide margin (see TestAbstainMargin).
	MinCoverage float64
	// MinKnown is the share of the question's content words the corpus
	// must use at all; below it the question is about something else.
	MinKnown float64
	// QuotesPerPart is how many quotes each part of a question gets.
	QuotesPerPart int
	// Candidates is how many passages are read per part.
	Candidates int
}

// DefaultAnswerOptions returns the options measured on the seed questions.
func DefaultAnswerOptions() AnswerOptions {
	return AnswerOptions{MinCoverage: 0.35, MinKnown: 0.5, QuotesPerPart: 3, Candidates: 30}
}

// Answerer answers questions from an index.
type Answerer struct {
	ix   *Index
	opts AnswerOptions
}

// NewAnswerer returns an Answerer over ix; zero options take defaults.
func NewAnswerer(ix *Index, opts AnswerOptions) *Answerer {
	d := DefaultAnswerOptions()
	if opts.MinCoverage == 0 {
		opts.MinCoverage = d.MinCoverage
	}
	if opts.MinKnown == 0 {
		opts.MinKnown = d.MinKnown
	}
	if opts.QuotesPerPart == 0 {
		opts.QuotesPerPart = d.QuotesPerPart
	}
	if opts.Candidates == 0 {
		opts.Candidates = d.Candidates
	}
	return &Answerer{ix: ix, opts: opts}
}

// quoteCandidate is a sentence considered for quoting.
type quoteCandidate struct {
	doc      *corpus.Document
	sent     int
	coverage float64 // IDF-weighted share of question words the sentence holds
	score    float64
	words    map[string]bool
	speech   float64 // speechBonus, for a question about what someone said
}

// Ask answers question. It returns an abstaining Answer, not an error, when
// the corpus holds nothing on the question.
func (a *Answerer) Ask(ctx context.Context, question string) (Answer, error) {
	ans := Answer{Question: question, Quotes: []Quote{}, Sources: []Source{}, Disagreements: []Disagreement{}}
	qt, known := a.questionTerms(question)
	if qt.total == 0 || known < a.opts.MinKnown {
		ans.Abstained = true
		return ans, nil
	}
	cite := &citations{numbers: map[int64]int{}}
	var chosen []quoteCandidate
	var whenCands []quoteCandidate // a "when" part's candidates, for dates
	sc := shingleCache{}
	for _, part := range Parse(question) {
		if err := ctx.Err(); err != nil {
			return Answer{}, err
		}
		cands := a.candidates(part, qt, sc)
		if part.Kind == KindWhen {
			whenCands = cands
		}
		if len(cands) == 0 || cands[0].coverage < a.opts.MinCoverage {
			continue
		}
		picked := 0
		for _, c := range cands {
			if picked == a.opts.QuotesPerPart || c.coverage < a.opts.MinCoverage*0.75 {
				break
			}
			if merged := a.merge(&ans, chosen, c, cite); merged {
				continue
			}
			if redundant(chosen, c) {
				continue
			}
			chosen = append(chosen, c)
			s := c.doc.Sentences[c.sent]
			n := cite.number(&ans, c.doc)
			ans.Quotes = append(ans.Quotes, Quote{Text: c.doc.Text(s), Source: n, Sources: []int{n},
				Aspect: string(part.Kind), DocID: c.doc.ID, Start: s.Start, End: s.End})
			if ans.Text == "" {
				ans.Text = shortAnswer(part.Kind, c.doc.Text(s))
			}
			picked++
		}
	}
	if len(ans.Quotes) == 0 {
		ans.Abstained = true
		ans.Sources = []Source{}
		return ans, nil
	}
	ans.Disagreements = a.disagreements(&ans, cite)
	if d, ok := dateDisagreement(whenCands, a.opts.MinCoverage, &ans, cite); ok {
		ans.Disagreements = append(ans.Disagreements, d)
	}
	a.markCopies(&ans, cite, sc)
	return ans, nil
}

// citations numbers sources in order of first citation.
type citations struct{ numbers map[int64]int }

func (c *citations) number(ans *Answer, d *corpus.Document) int {
	if n, ok := c.numbers[d.ID]; ok {
		return n
	}
	n := len(ans.Sources) + 1
	c.numbers[d.ID] = n
	ans.Sources = append(ans.Sources, Source{N: n, DocID: d.ID, Title: d.Title, Outlet: d.Outlet,
		Published: dateOnly(d.Published), URL: d.URL, Origin: d.Origin})
	return n
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// markCopies notes, on each cited source that copies another cited one,
// which one it copies.
func (a *Answerer) markCopies(ans *Answer, cite *citations, sc shingleCache) {
	docs := make([]*corpus.Document, 0, len(ans.Sources))
	for _, s := range ans.Sources {
		if d := a.ix.Doc(s.DocID); d != nil {
			docs = append(docs, d)
		}
	}
	for id, orig := range copies(docs, sc) {
		ans.Sources[cite.numbers[id]-1].Copies = cite.numbers[orig.ID]
	}
}
