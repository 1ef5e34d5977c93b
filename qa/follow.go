package qa

import "github.com/newsdesk/newsdesk/corpus"

// Match reports whether document d speaks of query, for a chat that
// follows it: one paragraph of d holds every word of the query that is not
// a stop word, analysed as the index analyses d's language ("strikes"
// finds "strike"). It also returns the sentence of d to show with it: the
// one holding most of those words, the earliest among equals. A follow
// alerts a newsroom the moment material arrives, so it must be predictable:
// every word, in one paragraph, nothing fitted.
func Match(d *corpus.Document, query string) (corpus.Sentence, bool) {
	var want []string
	for _, t := range Analyze(query, d.Lang) {
		if !t.Stop {
			want = append(want, t.Term)
		}
	}
	if len(want) == 0 || len(d.Sentences) == 0 {
		return corpus.Sentence{}, false
	}
	byPara := map[int]map[string]bool{}
	best, bestN := -1, 0
	for i, s := range d.Sentences {
		held := map[string]bool{}
		for _, t := range Analyze(d.Text(s), d.Lang) {
			held[t.Term] = true
		}
		p := byPara[s.Para]
		if p == nil {
			p = map[string]bool{}
			byPara[s.Para] = p
		}
		n := 0
		for _, w := range want {
			if held[w] {
				p[w] = true
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	for _, p := range byPara {
		if len(p) == len(want) {
			return d.Sentences[best], true
		}
	}
	return corpus.Sentence{}, false
}
