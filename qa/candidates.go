package qa

// Choosing quotes: every sentence of the best-ranked documents is scored
// for how much of the question it covers, how well its shape fits the
// kind of question, and how many independent sources say the same; the
// best are taken unless they repeat a quote already chosen, and merged
// with it when they say the same thing in another source.

import (
	"sort"
	"strings"

	"github.com/newsdesk/newsdesk/corpus"
)

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
func (a *Answerer) candidates(p Part, qt questionTerms, sc shingleCache) []quoteCandidate {
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
	agreement(out, rootOf(copies(docs, sc)))
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
// another (a near-duplicate or a rewrite and its original, as root tells)
// count once. The best
// agreementTop candidates are compared with all, and the list is sorted
// again.
func agreement(cands []quoteCandidate, root func(*corpus.Document) int64) {
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

// rootOf returns, for a document, the id of the one it copies (see
// copies), or of the original the store linked it to, or its own.
func rootOf(cp map[int64]*corpus.Document) func(*corpus.Document) int64 {
	return func(d *corpus.Document) int64 {
		if o := cp[d.ID]; o != nil {
			return o.ID
		}
		if d.DuplicateOf != 0 {
			return d.DuplicateOf
		}
		return d.ID
	}
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
