package qa

import (
	"context"
	"sort"
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
	for _, part := range Parse(question) {
		if err := ctx.Err(); err != nil {
			return Answer{}, err
		}
		cands := a.candidates(part, qt)
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
	return ans, nil
}

// questionTerms are a question's content words as the answer scores them.
type questionTerms struct {
	weights map[string]float64  // stemmed term → IDF, for terms the corpus knows
	total   float64             // sum of weights
	alts    map[string][]string // term → related terms the corpus knows (see related)
	speech  bool                // the question asks what someone said
	subject []string            // short lower-case prefixes of the terms and their related ones
}

// questionTerms returns the question's content words that the corpus
// knows, stemmed, with their IDF, and the share of all its content words
// that the corpus knows. A question most of whose words the corpus never
// uses is about something else, however well its common words match. The
// verbs of a question about speech are not content words (see speechRE).
func (a *Answerer) questionTerms(q string) (questionTerms, float64) {
	qt := questionTerms{weights: map[string]float64{}, alts: map[string][]string{}}
	said := speechWords(q)
	qt.speech = len(said) > 0
	all := map[string]bool{}
	for _, t := range a.ix.AnalyzeQuery(q) {
		if t.Stop || t.Part || said[t.Term] {
			continue
		}
		if _, ok := wh[strings.ToLower(t.Text)]; ok {
			continue
		}
		all[t.Term] = true
		for _, r := range relatedTerms(t.Term) {
			if a.ix.DocFreq(r) > 0 {
				qt.alts[t.Term] = append(qt.alts[t.Term], r)
				qt.subject = append(qt.subject, prefix(r, 5))
			}
		}
		if a.ix.DocFreq(t.Term) > 0 {
			qt.weights[t.Term] = a.ix.IDF(t.Term)
			qt.total += qt.weights[t.Term]
			qt.subject = append(qt.subject, prefix(t.Term, 5))
		} else if len(qt.alts[t.Term]) > 0 {
			// Known only by a related word: it still counts, at the
			// related weight of the rarest related word.
			var idf float64
			for _, r := range qt.alts[t.Term] {
				idf = max(idf, a.ix.IDF(r))
			}
			qt.weights[t.Term] = idf
			qt.total += idf
		}
	}
	if len(all) == 0 {
		return qt, 0
	}
	return qt, float64(len(qt.weights)) / float64(len(all))
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// candidates scores every sentence of the documents the search ranks
// highest, not only the matching passages: the sentence that says why
// ("the attack was a retaliation for ...") often names neither the
// question's words nor the event, which its article's title does. Terms of
// the title count half.
func (a *Answerer) candidates(p Part, qt questionTerms) []quoteCandidate {
	hits := a.ix.SearchWith(p.Text, SearchOptions{K: a.opts.Candidates, PerDoc: 3})
	var docs []*corpus.Document
	inHit := map[[2]int64]bool{}
	seenDoc := map[int64]bool{}
	for _, h := range hits {
		for i := h.First; i <= h.Last; i++ {
			inHit[[2]int64{h.Doc.ID, int64(i)}] = true
		}
		if !seenDoc[h.Doc.ID] && len(docs) < maxAnswerDocs {
			seenDoc[h.Doc.ID] = true
			docs = append(docs, h.Doc)
		}
	}
	var out []quoteCandidate
	for rank, d := range docs {
		title := map[string]bool{}
		for _, t := range Analyze(d.Title, d.Lang) {
			title[t.Term] = true
		}
		for i := range d.Sentences {
			words := map[string]bool{}
			for _, t := range a.ix.SentenceTerms(d, i) {
				words[t] = true
			}
			var got float64
			for t, wt := range qt.weights {
				switch {
				case words[t]:
					got += wt
				case anyOf(words, qt.alts[t]):
					got += wt * relatedWeight
				case title[t]:
					got += wt / 2
				}
			}
			if got == 0 {
				continue
			}
			cov := got / qt.total
			text := d.Text(d.Sentences[i])
			bonus := kindBonus(p.Kind, text)
			var speech float64
			if qt.speech {
				speech = speechBonus(text, qt.subject)
				bonus = max(bonus, speech)
			}
			score := cov + 0.35*bonus + 0.1/float64(rank+1)
			if inHit[[2]int64{d.ID, int64(i)}] {
				score += 0.1
			}
			// Very short or very long sentences quote badly.
			if n := len(text); n < 40 || n > 600 {
				score -= 0.2
			}
			out = append(out, quoteCandidate{doc: d, sent: i, coverage: cov, score: score, words: words, speech: speech})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	agreement(out)
	if qt.speech {
		out = reported(out)
	}
	return out
}

// reported keeps, of the candidates for a question about what someone
// said, those that report speech, when there are any: "This came amid a
// cooling of relations between Baku and Moscow" names Moscow but does not
// say what Moscow said.
func reported(cands []quoteCandidate) []quoteCandidate {
	var out []quoteCandidate
	for _, c := range cands {
		if c.speech > 0 {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return cands
	}
	return out
}

// agreementTop is how many of the best candidates are checked for
// agreement, and agreementBonus what each further independent source
// saying the same adds to a candidate's score (at most agreementMax).
const (
	agreementTop   = 30
	agreementBonus = 0.05
	agreementMax   = 3
)

// agreement raises the candidates that other independent sources confirm:
// a sentence whose terms overlap by half or more with a sentence of
// another document counts that document, and documents that copy one
// another (a near-duplicate and its original) count once. The best
// agreementTop candidates are compared with all, and the list is sorted
// again.
func agreement(cands []quoteCandidate) {
	root := func(d *corpus.Document) int64 {
		if d.DuplicateOf != 0 {
			return d.DuplicateOf
		}
		return d.ID
	}
	top := cands[:min(len(cands), agreementTop)]
	for i := range top {
		c := &top[i]
		own := root(c.doc)
		others := map[int64]bool{}
		for _, o := range cands {
			r := root(o.doc)
			if r == own || others[r] || jaccard(c.words, o.words) < 0.5 {
				continue
			}
			others[r] = true
		}
		c.score += agreementBonus * float64(min(len(others), agreementMax))
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
}

func anyOf(set map[string]bool, terms []string) bool {
	for _, t := range terms {
		if set[t] {
			return true
		}
	}
	return false
}

// maxAnswerDocs is how many of the best-ranked documents an answer reads.
const maxAnswerDocs = 8

// jaccard is the overlap of two sentences' term sets.
func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := 0
	for t := range a {
		if b[t] {
			in++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}

// redundant reports whether c says mostly what a chosen quote says already.
func redundant(chosen []quoteCandidate, c quoteCandidate) bool {
	for _, o := range chosen {
		if o.doc == c.doc && o.sent == c.sent || jaccard(o.words, c.words) >= 0.5 {
			return true
		}
	}
	return false
}

// merge adds c's source to a chosen quote saying the same thing in another
// document, and reports whether it did.
func (a *Answerer) merge(ans *Answer, chosen []quoteCandidate, c quoteCandidate, cite *citations) bool {
	for i, o := range chosen {
		if o.doc.ID == c.doc.ID || jaccard(o.words, c.words) < 0.8 {
			continue
		}
		n := cite.number(ans, c.doc)
		q := &ans.Quotes[i]
		for _, m := range q.Sources {
			if m == n {
				return true
			}
		}
		q.Sources = append(q.Sources, n)
		return true
	}
	return false
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
