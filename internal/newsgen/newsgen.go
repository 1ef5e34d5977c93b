// Package newsgen makes benchmark corpora of any size out of real news
// text: articles recombined from the sentences of real archives, their
// numbers and names varied, so that vocabulary, sentence lengths and
// posting lists grow as a newsroom's do, not as a made-up Zipf
// vocabulary's. Article i is the same for the same pool and seed, so a
// benchmark can be rerun and two stores compared.
package newsgen

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/corpus"
)

// minWords is the shortest sentence kept in the pool: shorter lines of
// the archives are table rows and datelines.
const minWords = 6

// Pool is the material articles are made of.
type Pool struct {
	sentences []string
	titles    []string
	names     []string // capitalised words met inside sentences
	outlets   []string
	seed      uint64
}

// Load reads the archives at paths (anything corpus.Sources reads) into a
// Pool.
func Load(seed uint64, paths ...string) (*Pool, error) {
	p := &Pool{seed: seed}
	names, outlets := map[string]bool{}, map[string]bool{}
	for src, err := range corpus.Sources(paths...) {
		if err != nil {
			continue // a bad line of an archive: the rest will do
		}
		d, err := corpus.Parse(src)
		if err != nil {
			continue
		}
		if d.Title != "" {
			p.titles = append(p.titles, d.Title)
		}
		if d.Outlet != "" && !outlets[d.Outlet] {
			outlets[d.Outlet] = true
			p.outlets = append(p.outlets, d.Outlet)
		}
		for _, s := range d.Sentences {
			text := d.Text(s)
			words := strings.Fields(text)
			if len(words) < minWords {
				continue
			}
			p.sentences = append(p.sentences, text)
			for _, w := range words[1:] {
				w = strings.Trim(w, ".,;:!?\"'()")
				if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && len(w) > 2 && !names[w] && isWord(w) {
					names[w] = true
					p.names = append(p.names, w)
				}
			}
		}
	}
	if len(p.sentences) == 0 || len(p.titles) == 0 {
		return nil, fmt.Errorf("newsgen: no sentences in %s", strings.Join(paths, ", "))
	}
	if len(p.outlets) == 0 {
		p.outlets = []string{"Newsdesk Wire"}
	}
	return p, nil
}

func isWord(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// Article returns article i: a title and 3 to 8 paragraphs of 1 to 4
// sentences drawn from the pool, each number replaced by another of as
// many digits and one capitalised word in four by another name, an outlet
// of the pool numbered to make many ("Reuters 17"), and a date in
// 2015-2025.
func (p *Pool) Article(i int) corpus.Source {
	rng := rand.New(rand.NewPCG(p.seed, uint64(i)))
	vary := func(s string) string { return p.vary(rng, s) }
	var paras []string
	for range 3 + rng.IntN(6) {
		var sents []string
		for range 1 + rng.IntN(4) {
			sents = append(sents, vary(p.sentences[rng.IntN(len(p.sentences))]))
		}
		paras = append(paras, strings.Join(sents, " "))
	}
	day := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(11*365))
	return corpus.Source{
		Origin:  fmt.Sprintf("newsgen#%d", i),
		Line:    i + 1,
		Format:  corpus.Text,
		Content: strings.Join(paras, "\n\n"),
		Meta: corpus.Meta{
			Title:     vary(p.titles[rng.IntN(len(p.titles))]),
			Outlet:    fmt.Sprintf("%s %d", p.outlets[rng.IntN(len(p.outlets))], rng.IntN(200)),
			Published: day,
			Lang:      "en",
		},
	}
}

// Articles yields articles 0 to n-1.
func (p *Pool) Articles(n int) iter.Seq2[corpus.Source, error] {
	return func(yield func(corpus.Source, error) bool) {
		for i := range n {
			if !yield(p.Article(i), nil) {
				return
			}
		}
	}
}

// vary replaces the digits of s and, one time in four, a capitalised
// word inside it by another name of the pool.
func (p *Pool) vary(rng *rand.Rand, s string) string {
	var b strings.Builder
	words := strings.Fields(s)
	for k, w := range words {
		if k > 0 {
			b.WriteByte(' ')
		}
		if r, _ := utf8.DecodeRuneInString(w); k > 0 && unicode.IsUpper(r) && isWord(w) && rng.IntN(4) == 0 && len(p.names) > 0 {
			w = p.names[rng.IntN(len(p.names))]
		}
		for _, r := range w {
			if r >= '0' && r <= '9' {
				r = rune('0' + rng.IntN(10))
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
