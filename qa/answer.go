package qa

import (
	"context"
	"regexp"
	"strings"
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
	Source  int    `json:"source"`  // number of the first source printing it
	Sources []int  `json:"sources"` // numbers of every source printing it
	Aspect  string `json:"aspect"`  // the kind of question part it answers
	DocID   int64  `json:"doc_id"`  // the first source's document
	Start   int    `json:"start"`   // byte offsets of Text in that document's body
	End     int    `json:"end"`
	Page    int    `json:"page,omitempty"` // the page of that document it starts on (a PDF); 0 when unpaged
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
	// CarriedBy names the other outlets that printed this source's text
	// word for word (syndication), or is empty; they print every quote
	// credited to it too.
	CarriedBy string `json:"carried_by,omitempty"`
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

// AnswerOptions tune answers. What decides whether and what to quote is
// not here but in the fitted Model.
type AnswerOptions struct {
	// QuotesPerPart is how many quotes each part of a question gets.
	QuotesPerPart int
	// Documents is how many of the best-ranked documents an answer reads.
	Documents int
	// PerDocument is how many quotes of one part may come from one
	// document; negative: no limit.
	PerDocument int
	// Model holds the fitted weights and thresholds; nil: DefaultModel.
	Model *Model
}

// DefaultAnswerOptions returns the options the bot runs with.
func DefaultAnswerOptions() AnswerOptions {
	return AnswerOptions{QuotesPerPart: 3, Documents: 10, PerDocument: perDocument}
}

// Answerer answers questions from an index.
type Answerer struct {
	ix    *Index
	opts  AnswerOptions
	model *Model
}

// NewAnswerer returns an Answerer over ix; zero options take defaults.
func NewAnswerer(ix *Index, opts AnswerOptions) *Answerer {
	d := DefaultAnswerOptions()
	if opts.QuotesPerPart == 0 {
		opts.QuotesPerPart = d.QuotesPerPart
	}
	if opts.Documents == 0 {
		opts.Documents = d.Documents
	}
	if opts.PerDocument == 0 {
		opts.PerDocument = d.PerDocument
	}
	m := opts.Model
	if m == nil {
		m = DefaultModel()
	}
	return &Answerer{ix: ix, opts: opts, model: m}
}

// Ask answers a question. It returns an abstaining Answer, not an error,
// when the corpus holds nothing on the question. The stages, a file each:
// retrieve.go, candidates.go, features.go, rank.go, compose.go,
// attribution.go.
func (a *Answerer) Ask(ctx context.Context, text string) (Answer, error) {
	ans := Answer{Question: text, Quotes: []Quote{}, Sources: []Source{}, Disagreements: []Disagreement{}}
	r, err := a.ranked(ctx, text)
	if err != nil || r == nil {
		ans.Abstained = err == nil
		return ans, err
	}
	if !a.model.answerable(r.abstain[:], r.q.lang) {
		ans.Abstained = true
		return ans, nil
	}
	a.compose(&ans, r)
	if len(ans.Quotes) == 0 {
		ans.Abstained = true
		ans.Sources = []Source{}
		ans.Disagreements = []Disagreement{}
	}
	return ans, nil
}

// ranking is a question with its candidates ranked, before composing.
type ranking struct {
	q       *question
	docs    []retrieved
	cands   []*quoteCand
	abstain [nAbstain]float64
	shingle shingleCache
	copies  map[*corpus.Document]*corpus.Document // see copies
}

// ranked runs the stages up to ranking; it returns nil when the corpus
// knows none of the question's words.
func (a *Answerer) ranked(ctx context.Context, text string) (*ranking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	text = withoutLinks(text)
	q := a.analyse(text)
	if len(q.terms) == 0 {
		return nil, nil
	}
	r := &ranking{q: q, docs: a.retrieve(text), shingle: shingleCache{}}
	r.cands = a.candidates(q, r.docs)
	docs := make([]*corpus.Document, len(r.docs))
	for i, d := range r.docs {
		docs[i] = d.doc
	}
	r.copies = copies(docs, r.shingle)
	root := rootOf(r.copies)
	for _, c := range r.cands {
		c.root = root(c.doc)
	}
	a.featurize(q, r.cands)
	a.rank(r.cands)
	r.abstain = abstainFeatures(q, r.docs, r.cands, a.ix.Units(), a.ix.Options().K1)
	return r, nil
}

// rootOf returns, for a document, the one it copies (see copies), or the
// original the store linked it to when that is among docs, or itself.
func rootOf(cp map[*corpus.Document]*corpus.Document) func(*corpus.Document) *corpus.Document {
	return func(d *corpus.Document) *corpus.Document {
		if o := cp[d]; o != nil {
			return o
		}
		return d
	}
}

func dateOnly(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

var perDocument = 2

// linkRE matches a web address in a question.
var linkRE = regexp.MustCompile(`(?i)\bhttps?://\S+`)

// withoutLinks removes web addresses from a question: a journalist pastes
// the link of what they read, but its host and path are not words the
// sources print, and would count against every answer as words the
// corpus does not support.
func withoutLinks(text string) string {
	if !strings.Contains(text, "://") {
		return text
	}
	return linkRE.ReplaceAllString(text, " ")
}
