package qa

import "math"

// Abstention: whether the corpus holds an answer at all. After ranking,
// the question as a whole is described by what the best candidates hold
// of it, and Model.Answerable, a logistic regression fitted on questions
// whose article was or was not stored (fit.go), turns that into a
// probability; below the fitted threshold the bot says the sources hold
// nothing on this.
//
// A question's words are weighed by IDF, as in retrieval. Most features
// are shares of that weight (how much of the question a sentence, its
// paragraph or its document holds); the "mass" features are weights in
// units of the largest IDF the corpus gives (a word it never uses): how
// many rare words' worth the question says, and how much of it the best
// sentence and the best paragraph leave out. The best passage's BM25 score
// (bm25.go) is read against the most the question's words could score,
// Σ idf·(k1+1) over every content word, an unknown one at the largest IDF:
// a passage that holds each word often approaches it (title and proximity
// can take it past), one that holds the common words once stays far below,
// however many of the question's words it holds. A share alone cannot tell a
// two-word question whose common word is missing from one whose subject,
// a name the corpus has never printed, is. Nothing here measures the
// corpus's size: on the data the model is fitted on, a smaller corpus
// came from storing half the articles, so its size would tell the model
// how many questions are unanswerable rather than whether this one is.

// The question-level features. A candidate's reach is the share of the
// question's known terms it holds itself or by a related word; times the
// known share, it is the share of all the question's words.
const (
	aKnown        = iota // share of the question's content words the corpus knows, by IDF
	aTop                 // the best candidate's reach
	aBest                // the highest reach of any candidate
	aPara                // the highest coverage of any candidate's paragraph
	aDoc                 // the highest coverage of any document read, body and title
	aScore               // the best candidate's rank score
	aTerms               // log of the number of content terms
	aRarest              // the best document holds the question's rarest term
	aTopAll              // aTop × aKnown
	aDocAll              // aDoc × aKnown
	aNames               // share of the question's names (capitalised words not opening it) that the best document holds
	aMass                // IDF of all the question's content words, in units of the largest IDF
	aMissTop             // IDF of the content words the best candidate does not hold, in the same units
	aMissPara            // the least IDF of content words any candidate's paragraph does not hold, in the same units
	aTitle               // the highest coverage of any candidate's document title
	aTopTitle            // the best candidate's title coverage (fTitle)
	aTopPara             // the best candidate's paragraph coverage (fPara)
	aTopPrev             // the coverage of the unit before the best candidate (fPrev)
	aTopNext             // the coverage of the unit after it (fNext)
	aBM25                // the best passage's BM25 over the most the question's words could score
	aUnknownNames        // how many of the question's names the corpus does not know, nor a related word of
	aNearNames           // how many of those the paragraphs read from the best three documents spell nearly so (misspelt)
	nAbstain
)

var abstainNames = [nAbstain]string{"known", "top_reach", "best_reach", "best_paragraph", "best_document", "top_score",
	"terms", "rarest", "top_reach_all", "best_document_all", "names", "mass", "missing_top", "missing_paragraph",
	"best_title", "top_title", "top_paragraph", "top_previous", "top_next", "best_bm25", "unknown_names", "near_names"}

// abstainFeatures returns the question-level features of the documents
// retrieved and the candidates ranked, over a corpus of units passages
// searched with BM25 saturation k1.
func abstainFeatures(q *question, docs []retrieved, cands []*quoteCand, units int, k1 float64) [nAbstain]float64 {
	var x [nAbstain]float64
	if len(docs) > 0 && q.all > 0 {
		x[aBM25] = docs[0].bm25 / (q.all * (k1 + 1))
	}
	x[aKnown] = q.known
	x[aTerms] = math.Log1p(float64(len(q.terms)))
	unit := idf(units, 0) // the IDF of a word the corpus never uses
	x[aMass] = q.all / unit
	unknown := unknownNames(q)
	x[aUnknownNames] = float64(len(unknown))
	x[aNearNames] = float64(nearlySpelt(unknown, cands))
	if len(cands) == 0 {
		x[aScore] = -10
		x[aMissTop], x[aMissPara] = x[aMass], x[aMass]
		return x
	}
	// missing returns the IDF of the question's content words that terms
	// does not hold, itself or by a related word, the unknown ones too.
	missing := func(terms map[string]bool) float64 {
		m := q.all - q.total
		for _, t := range q.terms {
			if !terms[t.term] && !anyOf(terms, q.lex[t.term]) {
				m += t.idf
			}
		}
		return m / unit
	}
	reach := func(c *quoteCand) float64 { return c.x[fCover] + c.x[fLexicon] }
	top := cands[0]
	x[aTop] = reach(top)
	x[aScore] = top.score
	x[aMissTop] = missing(top.set)
	x[aMissPara] = x[aMass]
	x[aTopTitle], x[aTopPara], x[aTopPrev], x[aTopNext] = top.x[fTitle], top.x[fPara], top.x[fPrev], top.x[fNext]
	byDoc := map[int]map[string]bool{} // retrieval rank → terms of the document
	for _, c := range cands {
		x[aBest] = math.Max(x[aBest], reach(c))
		x[aPara] = math.Max(x[aPara], c.x[fPara])
		x[aTitle] = math.Max(x[aTitle], c.x[fTitle])
		x[aMissPara] = math.Min(x[aMissPara], missing(c.para))
		m := byDoc[c.ret.rank]
		if m == nil {
			m = map[string]bool{}
			for t := range c.title {
				m[t] = true
			}
			byDoc[c.ret.rank] = m
		}
		for t := range c.set {
			m[t] = true
		}
	}
	rarest, best := "", 0.0
	for _, t := range q.terms {
		if t.idf > best {
			rarest, best = t.term, t.idf
		}
	}
	for rank, terms := range byDoc {
		var cov float64
		for _, t := range q.terms {
			if terms[t.term] || anyOf(terms, q.lex[t.term]) {
				cov += t.idf
			}
		}
		if q.total > 0 {
			x[aDoc] = math.Max(x[aDoc], cov/q.total)
		}
		if rank == 0 && terms[rarest] {
			x[aRarest] = 1
		}
		if rank == 0 {
			x[aNames] = namesHeld(q, terms)
		}
	}
	x[aTopAll] = x[aTop] * x[aKnown]
	x[aDocAll] = x[aDoc] * x[aKnown]
	return x
}

// unknownNames returns the question's names and numbers that the corpus
// does not know, nor a word related to: the subject of a question about
// something it never printed, or a name the question misspells.
func unknownNames(q *question) []string {
	known := map[string]bool{}
	for _, t := range q.terms {
		known[t.term] = true
	}
	var out []string
	for _, n := range q.names {
		if !known[n] {
			out = append(out, n)
		}
	}
	return out
}

// nearDocuments is how many of the best documents nearlySpelt reads.
const nearDocuments = 3

// nearlySpelt returns how many of names a paragraph of a candidate from
// the best nearDocuments documents holds a term nearly like: one edit
// apart, two for a name of six letters or more ("Ghandi", "Gandhi"). A
// question that misspells the name of what the corpus holds finds the
// name spelt right beside its other words; one about something the corpus
// never printed seldom does.
func nearlySpelt(names []string, cands []*quoteCand) int {
	n := 0
	for _, name := range names {
		a := []rune(name)
		if len(a) < 4 {
			continue
		}
		limit := 1
		if len(a) >= 6 {
			limit = 2
		}
	search:
		for _, c := range cands {
			if c.ret.rank >= nearDocuments {
				continue
			}
			for t := range c.para {
				if b := []rune(t); len(b) >= 4 && editDistance(a, b) <= limit {
					n++
					break search
				}
			}
		}
	}
	return n
}

// namesHeld returns the share of the question's names and numbers (the
// words most specific to what it asks about) that terms holds, itself or
// by a related word: 1 when the question has none.
func namesHeld(q *question, terms map[string]bool) float64 {
	if len(q.names) == 0 {
		return 1
	}
	held := 0
	for _, n := range q.names {
		if terms[n] || anyOf(terms, q.lex[n]) {
			held++
		}
	}
	return float64(held) / float64(len(q.names))
}
