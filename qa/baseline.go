package qa

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/newsdesk/newsdesk/corpus"
)

// baseline is the floor every answer ranking must beat: Okapi BM25
// (k1 1.2, b 0.75) over sentences, words lower-cased and not stemmed, no
// stop words, no passages, no question analysis. bot eval --squad runs it
// beside the bot on the same questions.
type baseline struct {
	sents []string
	words [][]string
	df    map[string]int
	avg   float64
}

var baselineWordRE = regexp.MustCompile(`[\p{L}\p{N}]+`)

func baselineWords(s string) []string {
	return baselineWordRE.FindAllString(strings.ToLower(s), -1)
}

func newBaseline(docs []*corpus.Document) *baseline {
	b := &baseline{df: map[string]int{}}
	var total int
	for _, d := range docs {
		for _, s := range d.Sentences {
			text := d.Text(s)
			w := baselineWords(text)
			b.sents = append(b.sents, text)
			b.words = append(b.words, w)
			total += len(w)
			seen := map[string]bool{}
			for _, x := range w {
				if !seen[x] {
					seen[x] = true
					b.df[x]++
				}
			}
		}
	}
	b.avg = float64(total) / math.Max(1, float64(len(b.sents)))
	return b
}

// top returns the k best sentences for question q; none when b is nil.
func (b *baseline) top(q string, k int) []string {
	if b == nil {
		return nil
	}
	qs := map[string]bool{}
	for _, w := range baselineWords(q) {
		qs[w] = true
	}
	type scored struct {
		i int
		s float64
	}
	var all []scored
	n := float64(len(b.sents))
	for i, ws := range b.words {
		tf := map[string]int{}
		for _, w := range ws {
			if qs[w] {
				tf[w]++
			}
		}
		var s float64
		for w, f := range tf {
			df := float64(b.df[w])
			s += math.Log(1+(n-df+0.5)/(df+0.5)) * saturate(float64(f), float64(len(ws)), b.avg, 1.2, 0.75)
		}
		if s > 0 {
			all = append(all, scored{i, s})
		}
	}
	slices.SortStableFunc(all, func(x, y scored) int { return cmp.Compare(y.s, x.s) })
	out := make([]string, 0, k)
	for _, s := range all[:min(k, len(all))] {
		out = append(out, b.sents[s.i])
	}
	return out
}
