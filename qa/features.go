package qa

import (
	"math"

	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
)

// Stage 3 of an answer: what a candidate quote has that an answer has.
// Each feature is a number that a reviewer can read; none is a bonus
// chosen by hand. Their weights are fitted (fit.go) on public question
// answering data, so how much each counts is what the data says.

// The features of a candidate.
const (
	fCover      = iota // IDF-weighted share of the question's terms the unit holds
	fLexicon           // the share it holds only by a related word (lexicon.go)
	fPara              // the share its paragraph holds
	fTitle             // the share its document's title holds
	fBM25              // BM25 of the unit as a passage, over its most
	fRetrieve          // its document's best passage score, over the best document's
	fDocRank           // 1/(1+rank) of its document
	fSpan              // matched question terms over the words spanning them
	fOrder             // share of the question's adjacent term pairs found near each other, in order
	fNumber            // share of expected answers that are numbers, if it holds a new number
	fName              // share of expected answers that are names, if it holds a new name
	fCue               // the strongest cue word for this kind of question (Model.Cues)
	fNovel             // share of its terms the question does not have: what it adds
	fLength            // log of its words
	fFirst             // it opens its paragraph
	fAgree             // independent sources saying much the same, of 3
	fSpeech            // the question asks what was said and the unit quotes someone
	fRarest            // it holds the question's rarest term
	fPrev              // the coverage of the unit before it in its paragraph
	fNext              // the coverage of the unit after it in its paragraph
	fNearNumber        // fNumber, by how near the number stands to a question word
	fNearName          // fName, by how near the name stands to a question word
	fGap               // the best coverage among the candidates, less its own
	fYear              // share of expected answers that are years, if it holds a new year
	fNearYear          // fYear, by how near the year stands to a question word
	fSurface           // share of the question's words (but its question words) the unit prints as written
	fBigram            // share of the question's pairs of neighbouring words the unit prints side by side
	fWithPrev          // the share of the question's terms the unit and the unit before it in its paragraph hold
	fWithLead          // the share of the question's terms the unit and its document's first sentence hold
	nFeatures
)

// featureNames name the features in model.json, in order.
var featureNames = [nFeatures]string{"cover", "lexicon", "paragraph", "title", "bm25", "retrieval",
	"doc_rank", "span", "order", "number", "name", "cue", "novel", "length", "first", "agree", "speech", "rarest",
	"previous", "next", "near_number", "near_name", "gap", "year", "near_year", "surface", "bigram",
	"with_previous", "with_lead"}

// bm25K1 and bm25B are BM25's usual constants (Robertson), as the index uses them.
const bm25K1, bm25B = 1.2, 0.75

// featurize fills the features of every candidate.
func (a *Answerer) featurize(q *question, cands []*quoteCand) {
	avg := a.ix.avgSentence()
	rarest := ""
	var rarestIDF float64
	for _, t := range q.terms {
		if t.idf > rarestIDF {
			rarest, rarestIDF = t.term, t.idf
		}
	}
	for _, c := range cands {
		x := &c.x
		if q.total > 0 {
			var cov, lex, para, title, bm float64
			for _, t := range q.terms {
				tf := 0
				for _, u := range c.terms {
					if u == t.term {
						tf++
					}
				}
				switch {
				case tf > 0:
					cov += t.idf
					bm += t.idf * saturate(float64(tf), float64(c.words), avg, bm25K1, bm25B)
				case anyOf(c.set, q.lex[t.term]):
					lex += t.idf
				}
				if c.para[t.term] {
					para += t.idf
				}
				if c.title[t.term] {
					title += t.idf
				}
			}
			x[fCover], x[fLexicon], x[fPara], x[fTitle] = cov/q.total, lex/q.total, para/q.total, title/q.total
			x[fBM25] = bm / (q.total * (bm25K1 + 1))
		}
		x[fRetrieve] = c.ret.score
		x[fDocRank] = 1 / float64(1+c.ret.rank)
		x[fSpan] = density(q, c)
		x[fOrder] = order(q, c)
		near := nearness(q, c)
		if near[shapeNumber] > 0 {
			x[fNumber] = q.shape[shapeNumber]
			x[fNearNumber] = q.shape[shapeNumber] * near[shapeNumber]
		}
		if near[shapeName] > 0 {
			x[fName] = q.shape[shapeName]
			x[fNearName] = q.shape[shapeName] * near[shapeName]
		}
		if near[shapeYear] > 0 {
			x[fYear] = q.shape[shapeYear]
			x[fNearYear] = q.shape[shapeYear] * near[shapeYear]
		}
		var cue, novel float64
		for t := range c.set {
			if !q.has(t) {
				novel++
				cue = math.Max(cue, q.cues[t])
			}
		}
		x[fCue] = cue
		x[fNovel] = novel / float64(len(c.set))
		x[fLength] = math.Log1p(float64(c.words))
		if c.first {
			x[fFirst] = 1
		}
		if q.speak && hasQuoteMark(c.text) {
			x[fSpeech] = 1
		}
		if rarest != "" && c.set[rarest] {
			x[fRarest] = 1
		}
		x[fSurface], x[fBigram] = q.printed(c.text)
		x[fWithLead] = q.coverage(c.set, c.lead)
	}
	agree(cands)
	neighbours(q, cands)
}

// neighbours fills, for each candidate, the coverage of the units before
// and after it in its paragraph, and how far its coverage falls short of
// the best candidate's.
func neighbours(q *question, cands []*quoteCand) {
	type key struct {
		doc   *corpus.Document
		first int
	}
	byEnd := map[key]*quoteCand{}   // keyed by the sentence after the unit
	byStart := map[key]*quoteCand{} // keyed by its first sentence
	var best float64
	for _, c := range cands {
		byEnd[key{c.doc, c.u.last + 1}] = c
		byStart[key{c.doc, c.u.first}] = c
		best = math.Max(best, c.x[fCover])
	}
	for _, c := range cands {
		para := c.doc.Sentences[c.u.first].Para
		c.x[fWithPrev] = c.x[fCover]
		if p := byEnd[key{c.doc, c.u.first}]; p != nil && p.doc.Sentences[p.u.first].Para == para {
			c.x[fPrev] = p.x[fCover]
			c.x[fWithPrev] = q.coverage(c.set, p.set)
		}
		if n := byStart[key{c.doc, c.u.last + 1}]; n != nil && n.doc.Sentences[n.u.first].Para == para {
			c.x[fNext] = n.x[fCover]
		}
		c.x[fGap] = best - c.x[fCover]
	}
}

// coverage returns the IDF-weighted share of the question's terms that
// either set holds.
func (q *question) coverage(a, b map[string]bool) float64 {
	if q.total == 0 {
		return 0
	}
	var cov float64
	for _, t := range q.terms {
		if a[t.term] || b[t.term] {
			cov += t.idf
		}
	}
	return cov / q.total
}

// printed returns the share of the question's words, its question words
// aside, that text prints as the question writes them (no stemming: the
// same form is closer evidence than the same stem), and the share of its
// pairs of neighbouring words that text prints side by side.
func (q *question) printed(text string) (words, pairs float64) {
	if len(q.surface) == 0 {
		return 0, 0
	}
	hit := make([]bool, len(q.surfaceIdx))
	var adj map[[2]int]bool
	prev := -1
	eachSurfaceWord(strings.ToLower(text), func(w string) {
		i, ok := q.surfaceIdx[w]
		if !ok {
			prev = -1
			return
		}
		hit[i] = true
		if prev >= 0 {
			if adj == nil {
				adj = map[[2]int]bool{}
			}
			adj[[2]int{prev, i}] = true
		}
		prev = i
	})
	if len(q.surfaceContent) > 0 {
		var found float64
		for _, i := range q.surfaceContent {
			if hit[i] {
				found++
			}
		}
		words = found / float64(len(q.surfaceContent))
	}
	if len(q.surface) > 1 {
		var found float64
		for k := 1; k < len(q.surface); k++ {
			if adj[[2]int{q.surfaceIdx[q.surface[k-1]], q.surfaceIdx[q.surface[k]]}] {
				found++
			}
		}
		pairs = found / float64(len(q.surface)-1)
	}
	return words, pairs
}

// indexSurface numbers the question's distinct surface words and notes
// which of them are not question words.
func (q *question) indexSurface(text string) {
	q.surface = surfaceWords(text)
	q.surfaceIdx = map[string]int{}
	for _, w := range q.surface {
		if _, ok := q.surfaceIdx[w]; ok {
			continue
		}
		q.surfaceIdx[w] = len(q.surfaceIdx)
		if _, wh := whWord(w); !wh {
			q.surfaceContent = append(q.surfaceContent, q.surfaceIdx[w])
		}
	}
}

// surfaceWords returns the runs of letters and digits of text, lower-cased.
func surfaceWords(text string) []string {
	var out []string
	eachSurfaceWord(strings.ToLower(text), func(w string) { out = append(out, w) })
	return out
}

// eachSurfaceWord calls fn with each run of letters and digits of s.
func eachSurfaceWord(s string, fn func(string)) {
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			fn(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// has reports whether term is one of the question's.
func (q *question) has(term string) bool {
	for _, t := range q.terms {
		if t.term == term {
			return true
		}
	}
	return false
}

// anyOf reports whether set holds one of terms.
func anyOf(set map[string]bool, terms []string) bool {
	for _, t := range terms {
		if set[t] {
			return true
		}
	}
	return false
}

// density returns how densely the unit holds the question's terms: the
// distinct terms matched over the words of the shortest stretch that holds
// them all (1 when they stand together, 0 when none is matched).
func density(q *question, c *quoteCand) float64 {
	want := map[string]int{}
	for i, t := range q.terms {
		if c.set[t.term] {
			want[t.term] = i
		}
	}
	if len(want) == 0 {
		return 0
	}
	if len(want) == 1 {
		return 1
	}
	last := map[string]int{}
	best := math.MaxInt
	for k, t := range c.terms {
		if _, ok := want[t]; !ok {
			continue
		}
		last[t] = c.pos[k]
		if len(last) == len(want) {
			lo := c.pos[k]
			for _, p := range last {
				lo = min(lo, p)
			}
			best = min(best, c.pos[k]-lo+1)
		}
	}
	return float64(len(want)) / float64(best)
}

// order returns the share of the question's pairs of neighbouring terms
// that the unit holds in the same order, at most three words apart.
func order(q *question, c *quoteCand) float64 {
	if len(q.terms) < 2 {
		return 0
	}
	found := 0
	for i := 1; i < len(q.terms); i++ {
		a, b := q.terms[i-1].term, q.terms[i].term
		if !c.set[a] || !c.set[b] {
			continue
		}
	pairs:
		for k, t := range c.terms {
			if t != a {
				continue
			}
			for m, u := range c.terms {
				if u == b && c.pos[m] > c.pos[k] && c.pos[m]-c.pos[k] <= 3 {
					found++
					break pairs
				}
			}
		}
	}
	return float64(found) / float64(len(q.terms)-1)
}

// nearness returns, per shape, how near the nearest new value of that
// shape (see values) stands to a word of the question in the unit (see
// near), 0 when there is no such value.
func nearness(q *question, c *quoteCand) [nShapes]float64 {
	var out [nShapes]float64
	for _, v := range placedValues(q, c) {
		out[v.shape] = math.Max(out[v.shape], v.near)
	}
	return out
}

// placed is a value of a unit with how near it stands to the question's
// words: 1/(1+d) for d words between it and the nearest of them, a half
// when the unit holds none of them.
type placed struct {
	value
	near float64
}

// placedValues returns the new values of a unit (see values), placed.
func placedValues(q *question, c *quoteCand) []placed {
	vals := values(c.text, c.doc.Lang, q.words)
	if len(vals) == 0 {
		return nil
	}
	matched := questionWordsIn(q, c)
	out := make([]placed, len(vals))
	for i, v := range vals {
		out[i] = placed{value: v, near: nearWords(c.text, matched, v.start, v.end)}
	}
	return out
}

// questionWordsIn returns the byte offsets of the question's words in
// the unit.
func questionWordsIn(q *question, c *quoteCand) []int {
	var matched []int
	for _, t := range Analyze(c.text, c.doc.Lang) {
		if !t.Part && !t.Stop && (q.has(t.Term) || q.words[strings.ToLower(t.Text)]) {
			matched = append(matched, t.Start)
		}
	}
	return matched
}

// nearWords returns how near text[start:end] stands to the words at matched:
// 1/(1+d) for d words between it and the nearest, a half when there are
// none.
func nearWords(text string, matched []int, start, end int) float64 {
	if len(matched) == 0 {
		return 0.5
	}
	d := math.MaxInt
	for _, m := range matched {
		switch {
		case m < start:
			d = min(d, wordsBetween(text[m:start]))
		case m >= end:
			d = min(d, wordsBetween(text[end:m]))
		default: // a question word inside the value
			d = 0
		}
	}
	return 1 / float64(1+d)
}

// wordsBetween counts the words of s, less the first when s starts in one.
func wordsBetween(s string) int {
	return max(0, len(strings.Fields(s))-1)
}

// value is a run of words of one shape in a quote: a candidate short answer.
type value struct {
	shape      int
	start, end int // byte offsets in the quote
}

// values returns the runs of numbers and of capitalised words in text
// that the question does not name (qwords, lower case). A capitalised
// word that opens a sentence is no name by its case alone.
func values(text, lang string, qwords map[string]bool) []value {
	var out []value
	toks := Analyze(text, lang)
	atStart := true
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Part {
			continue
		}
		start := atStart
		atStart = endsSentence(text, t.End, toks, i)
		sh := tokenShape(t.Text)
		if sh == shapeOther || qwords[strings.ToLower(t.Text)] || (sh == shapeName && start) {
			continue
		}
		v := value{shape: sh, start: t.Start, end: t.End}
		for i+1 < len(toks) {
			n := toks[i+1]
			if n.Part {
				i++
				continue
			}
			if tokenShape(n.Text) != sh || qwords[strings.ToLower(n.Text)] || !onlySpace(text[v.end:n.Start]) {
				break
			}
			v.end = n.End
			i++
			atStart = endsSentence(text, n.End, toks, i)
		}
		out = append(out, v)
	}
	return out
}

// tokenShape returns the shape of one word.
func tokenShape(w string) int {
	if strings.ContainsFunc(w, unicode.IsDigit) {
		if isYear(w) {
			return shapeYear
		}
		return shapeNumber
	}
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
		return shapeName
	}
	return shapeOther
}

// onlySpace reports whether s is white space (a single space or so).
func onlySpace(s string) bool {
	return len(s) <= 2 && strings.TrimSpace(s) == ""
}

// endsSentence reports whether the text after a token, up to the next
// one, closes a sentence.
func endsSentence(text string, end int, toks []Token, i int) bool {
	next := len(text)
	for _, n := range toks[i+1:] {
		if !n.Part {
			next = n.Start
			break
		}
	}
	return strings.ContainsAny(text[end:next], ".!?")
}

// agreementSame is the share of terms two units must have in common to
// say much the same.
const agreementSame = 0.5

// agree counts, for each candidate that matches the question, the other
// independent sources (a copy counts with its original) that have a unit
// saying much the same.
func agree(cands []*quoteCand) {
	var live []*quoteCand
	for _, c := range cands {
		if c.x[fCover] > 0 {
			live = append(live, c)
		}
	}
	for _, c := range live {
		others := map[*corpus.Document]bool{}
		for _, o := range live {
			if o.root == c.root || o.doc == c.doc || jaccard(c.set, o.set) < agreementSame {
				continue
			}
			others[o.root] = true
		}
		c.x[fAgree] = float64(min(len(others), 3)) / 3
	}
}
