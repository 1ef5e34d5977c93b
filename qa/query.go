package qa

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/newsdesk/newsdesk/corpus"
)

// maxQueryTerms bounds the distinct terms of a query (one bit each in a
// uint64 mask); a longer query keeps its rarest terms.
const maxQueryTerms = 64

// query is an analysed query, ready to search one index.
type query struct {
	terms   []queryTerm
	words   int // distinct query words
	phrases [][]phrasePart
}

// queryTerm is one distinct indexed term of a query.
type queryTerm struct {
	text  string
	idf   float64
	posts int // sentences holding it, in all parts
	word  int // the query word it comes from; a compound and its parts share one
}

// phrasePart is one word of a quoted phrase: the query term and its
// position relative to the phrase's first word.
type phrasePart struct {
	term int // index in query.terms
	rel  int
}

// quoteMarks open or close a phrase in a query.
const quoteMarks = "\"“”„«»"

// AnalyzeQuery returns all the tokens of a query, stop words and compound
// parts included, in the language Search analyses it in: the language the
// query seems to be written in, or the language most indexed documents
// share when the guess names a language the index lacks.
func (ix *Index) AnalyzeQuery(q string) []Token {
	ix.mu.RLock()
	lang := ix.queryLang(q)
	ix.mu.RUnlock()
	return Analyze(q, lang)
}

// QueryTerm is one distinct term a search looks for.
type QueryTerm struct {
	Term string  // as indexed (a Token's Term)
	IDF  float64 // its IDF in the index when asked (see Index.IDF)
	Word int     // the query word it comes from, from 0; a compound and its parts share one
}

// QueryTerms returns the terms Search looks for in q, in query order:
// without stop words, words the index does not hold, and the parts of
// compound names it holds whole. It is nil when nothing could match.
func (ix *Index) QueryTerms(q string) []QueryTerm {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	qr, ok := ix.parseQuery(q, ix.queryLang(q))
	if !ok {
		return nil
	}
	out := make([]QueryTerm, len(qr.terms))
	for i, t := range qr.terms {
		out[i] = QueryTerm{Term: t.text, IDF: t.idf, Word: t.word}
	}
	return out
}

// queryLang picks the language to analyse a query in; the caller holds ix.mu.
func (ix *Index) queryLang(q string) string {
	lang := corpus.DetectLang(q)
	if ix.langs[lang] > 0 {
		return lang
	}
	if main := ix.mainLang(); main != "" {
		return main
	}
	if lang == "" {
		return "en"
	}
	return lang
}

// parseQuery analyses q in lang and looks its terms up; the caller holds
// ix.mu. Text between quote marks is a phrase: its words must appear
// together, in order, in one sentence. A compound name the index holds
// ("Report.Az", "J2-8243", "O'Brien") is searched as itself, without its
// parts: "report" and "az" would only add noise, and the documents that
// hold the name hold its parts too. A hyphenated word ("Russia-linked")
// keeps its parts, which other texts may write apart. ok is false when nothing can match:
// no term is indexed, or a phrase holds a word the index lacks.
func (ix *Index) parseQuery(q, lang string) (qr query, ok bool) {
	var (
		toks   []Token
		pos    int
		word   = -1
		byText = map[string]int{}
	)
	for i, seg := range splitQuotes(q) {
		inside := i%2 == 1
		toks = appendTokens(toks[:0], seg, lang, pos)
		var ph []phrasePart
		firstPos := -1
		skipParts := false
		for _, t := range toks {
			if !t.Part {
				word++
				skipParts = isName(t.Text) && ix.termStats(t.Term).known
			}
			if t.Stop || t.Part && skipParts {
				continue
			}
			k, seen := byText[t.Term]
			if !seen {
				st := ix.termStats(t.Term)
				if !st.known {
					if inside && !t.Part {
						return query{}, false
					}
					continue
				}
				k = len(qr.terms)
				byText[t.Term] = k
				qr.terms = append(qr.terms, queryTerm{text: t.Term, idf: ix.idf(st), posts: st.posts, word: word})
			}
			if inside && !t.Part {
				if firstPos < 0 {
					firstPos = t.Pos
				}
				ph = append(ph, phrasePart{term: k, rel: t.Pos - firstPos})
			}
		}
		if len(ph) > 1 {
			qr.phrases = append(qr.phrases, ph)
		}
		if len(toks) > 0 {
			pos = toks[len(toks)-1].Pos + 2 // a gap: no phrase spans two segments
		}
	}
	qr.words = word + 1
	if len(qr.terms) > maxQueryTerms {
		qr = keepRarest(qr)
	}
	return qr, len(qr.terms) > 0
}

// isName reports whether a compound token is a name rather than a
// hyphenated word: it joins its parts with something other than hyphens,
// or holds digits.
func isName(text string) bool {
	for _, r := range text {
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && !isHyphen(r) {
			return true
		}
	}
	return false
}

// splitQuotes splits q at quote marks: the odd-numbered parts were quoted.
func splitQuotes(q string) []string {
	var parts []string
	start := 0
	for i, r := range q {
		if strings.ContainsRune(quoteMarks, r) {
			parts = append(parts, q[start:i])
			start = i + len(string(r))
		}
	}
	return append(parts, q[start:])
}

// keepRarest drops all but the maxQueryTerms terms of highest IDF, and the
// phrases that lose a word.
func keepRarest(qr query) query {
	keep := make([]bool, len(qr.terms))
	order := make([]int, len(qr.terms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(qr.terms[b].idf, qr.terms[a].idf) })
	for _, i := range order[:maxQueryTerms] {
		keep[i] = true
	}
	remap := make([]int, len(qr.terms))
	var terms []queryTerm
	for i, t := range qr.terms {
		remap[i] = -1
		if keep[i] {
			remap[i] = len(terms)
			terms = append(terms, t)
		}
	}
	var phrases [][]phrasePart
outer:
	for _, ph := range qr.phrases {
		for j := range ph {
			if remap[ph[j].term] < 0 {
				continue outer
			}
			ph[j].term = remap[ph[j].term]
		}
		phrases = append(phrases, ph)
	}
	return query{terms: terms, words: qr.words, phrases: phrases}
}

// QueryLang returns the language Search analyses query q in.
func (ix *Index) QueryLang(q string) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.queryLang(q)
}
