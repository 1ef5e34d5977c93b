package qa

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
)

// Stage 1 of an answer: what the question asks, and where to look.
//
// The question's content words (stemmed, without stop words and question
// words) are weighed by their IDF in the corpus; BM25 over passages
// (search.go) then picks the documents an answer reads, best first. A
// question most of whose words the corpus never uses is about something
// else, however well its common words match: the share it knows is one
// of the signals of abstention (rank.go).

// question is a question analysed against one index.
type question struct {
	text           string
	lang           string
	terms          []qterm             // distinct content terms the corpus knows, in question order
	total          float64             // Σ idf of terms
	all            float64             // Σ idf of every content word, known or not (an unknown word weighs the most any can)
	known          float64             // share of the content words the corpus knows (or knows related words of), by IDF weight
	words          map[string]bool     // lower-cased words of the question, for what a sentence adds
	surface        []string            // its runs of letters and digits, lower-cased, in order (surfaceWords)
	surfaceIdx     map[string]int      // the distinct ones, numbered (indexSurface)
	surfaceContent []int               // the numbers of those that are not question words
	lex            map[string][]string // term → terms of related words (lexicon.go) the corpus knows
	heads          []string            // see heads
	shape          [nShapes]float64    // answer shapes expected (Model.Shapes)
	cues           map[string]float64  // cue words for this kind of question (Model.Cues)
	speak          bool                // asks what someone said
	names          []string            // terms of its names and numbers: capitalised words but the first, words with digits
}

// qterm is one content term of a question.
type qterm struct {
	term string
	idf  float64
	pos  int // word position in the question
}

// analyse reads a question against the index and the model.
func (a *Answerer) analyse(text string) *question {
	q := &question{text: text, words: map[string]bool{}, lex: map[string][]string{}}
	q.indexSurface(text)
	toks := a.ix.AnalyzeQuery(text)
	q.lang = a.ix.QueryLang(text)
	seen := map[string]bool{}
	var all float64 // Σ idf of every content word, known or not
	for _, t := range toks {
		if t.Part {
			continue
		}
		w := strings.ToLower(t.Text)
		q.words[w] = true
		if _, isWh := whWord(w); isWh || t.Stop || seen[t.Term] {
			continue
		}
		if isSpeechWord(w, q.lang) {
			// "What did X say?": the verb asks for reported speech,
			// which sources write as "said", "denied", "told". One the
			// corpus never uses in that form is the question's frame,
			// not what it is about; one it uses ("blamed") is matched.
			q.speak = true
			if a.ix.DocFreq(t.Term) == 0 {
				continue
			}
		}
		seen[t.Term] = true
		if r, _ := utf8.DecodeRuneInString(t.Text); unicode.IsUpper(r) && t.Pos > 0 || strings.ContainsFunc(t.Text, unicode.IsDigit) {
			q.names = append(q.names, t.Term)
		}
		idf := a.ix.IDF(t.Term)
		all += idf
		rel := append(a.relatedKnown(w, t.Term, q.lang), a.ix.Heads(t.Term)...)
		known := a.ix.DocFreq(t.Term) > 0
		if !known {
			rel = append(rel, a.ix.Variants(t.Term)...)
		}
		if len(rel) > 0 {
			q.lex[t.Term] = rel
		}
		switch {
		case known:
			q.terms = append(q.terms, qterm{term: t.Term, idf: idf, pos: t.Pos})
			q.total += idf
		case len(rel) > 0:
			// Known only by related words, some of which may not mean
			// it: it weighs as the commonest of them.
			w := math.Inf(1)
			for _, r := range rel {
				w = min(w, a.ix.IDF(r))
			}
			q.terms = append(q.terms, qterm{term: t.Term, idf: w, pos: t.Pos})
			q.total += w
		}
	}
	q.all = all
	if all > 0 {
		q.known = q.total / all
	}
	q.heads = heads(text, q.lang)
	q.shape = a.model.expected(q.heads)
	q.cues = a.model.cues(q.heads)
	return q
}

// retrieved is a document an answer reads.
type retrieved struct {
	doc   *corpus.Document
	rank  int     // 0 for the best
	score float64 // its best passage's score over the best passage's
	bm25  float64 // its best passage's score (bm25.go)
}

// retrieve returns the documents whose passages rank best for text, in
// the order of their best passage. That passage alone ranks a document,
// so the search keeps one a document: fewer passages to keep raise the
// bar a document must pass sooner, and the search visits fewer.
func (a *Answerer) retrieve(text string) []retrieved {
	hits := a.ix.SearchWith(text, SearchOptions{K: a.opts.Documents, PerDoc: 1})
	out := make([]retrieved, len(hits))
	for i, h := range hits {
		out[i] = retrieved{doc: h.Doc, rank: i, score: h.Score / hits[0].Score, bm25: h.Score}
	}
	return out
}
