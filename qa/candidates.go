package qa

import (
	"strings"

	"github.com/newsdesk/newsdesk/corpus"
)

// Stage 2 of an answer: the candidate quotes. Every quote unit (units.go)
// of the documents retrieved is a candidate, not only the passages that
// matched: the sentence that says why often names neither the question's
// words nor the event, which its paragraph or its article's title does.
// A candidate keeps what the features (features.go) read: its terms with
// their positions, its paragraph's terms and its document's title terms.

// quoteCand is one quote unit considered for an answer.
type quoteCand struct {
	doc   *corpus.Document
	ret   retrieved
	u     unit
	text  string           // exact text of the unit
	terms []string         // indexed terms in text order
	pos   []int            // word position of each term, counting on across sentences
	set   map[string]bool  // distinct terms
	para  map[string]bool  // terms of the unit's paragraph
	title map[string]bool  // terms of the document's title
	lead  map[string]bool  // terms of the document's first sentence, its lead
	words int              // indexed words, for length
	first bool             // the first unit of its paragraph
	root  *corpus.Document // the document it is copied from, or its own
	x     [nFeatures]float64
	score float64 // the fitted model's rank score
}

// candidates returns the candidate quotes of the retrieved documents: the
// units of the paragraphs that hold a word of the question, or a word
// related to one, and of the lead paragraph of a document whose title
// does (a unit of any other paragraph is never quoted).
func (a *Answerer) candidates(q *question, docs []retrieved) []*quoteCand {
	var out []*quoteCand
	for _, r := range docs {
		d := r.doc
		sentTerms := make([][]string, len(d.Sentences))
		sentPos := make([][]int, len(d.Sentences))
		paras := map[int]map[string]bool{}
		for i, s := range d.Sentences {
			sentTerms[i] = a.ix.SentenceTerms(d, i)
			sentPos[i] = a.ix.SentencePositions(d, i)
			p := paras[s.Para]
			if p == nil {
				p = map[string]bool{}
				paras[s.Para] = p
			}
			for _, t := range sentTerms[i] {
				p[t] = true
			}
		}
		title := map[string]bool{}
		for _, t := range Analyze(d.Title, d.Lang) {
			if !t.Stop {
				title[t.Term] = true
			}
		}
		lead := map[string]bool{}
		if len(sentTerms) > 0 {
			for _, t := range sentTerms[0] {
				lead[t] = true
			}
		}
		words := a.ix.sentenceWords(d)
		if words == nil {
			continue // replaced since the search
		}
		// A headline's words are its article's: when the title holds a
		// word of the question, the lead paragraph, which tells what the
		// headline says, is read too, whatever words it uses.
		leadPara := -1
		if len(d.Sentences) > 0 && q.touches(title) {
			leadPara = d.Sentences[0].Para
		}
		prevPara := -1
		for _, u := range quoteUnits(d, words) {
			if p := d.Sentences[u.first].Para; p != leadPara && !q.touches(paras[p]) {
				continue
			}
			c := &quoteCand{doc: d, ret: r, u: u, text: u.text(d), set: map[string]bool{}, title: title,
				lead: lead, para: paras[d.Sentences[u.first].Para]}
			c.first = d.Sentences[u.first].Para != prevPara
			prevPara = d.Sentences[u.first].Para
			offset := 0
			for i := u.first; i <= u.last; i++ {
				last := 0
				for k, t := range sentTerms[i] {
					c.terms = append(c.terms, t)
					c.pos = append(c.pos, offset+sentPos[i][k])
					c.set[t] = true
					last = max(last, sentPos[i][k]+1)
				}
				offset += last + 1
				c.words += len(sentTerms[i])
			}
			if len(c.terms) == 0 {
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// touches reports whether a set of terms holds one of the question's
// terms or of their related terms.
func (q *question) touches(set map[string]bool) bool {
	for _, t := range q.terms {
		if set[t.term] || anyOf(set, q.lex[t.term]) {
			return true
		}
	}
	return false
}

// hasQuoteMark reports whether s quotes someone directly.
func hasQuoteMark(s string) bool { return strings.ContainsAny(s, "\"“”«»„") }
