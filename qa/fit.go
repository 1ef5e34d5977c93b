package qa

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"sort"
)

// Fitting the model (bot fit). Everything the answerer weighs is learned
// here from public extractive question-answering data (SQuAD-format files:
// a question, the paragraph, the gold answers), on the questions of the
// "fit" half of the articles only (FitHalf): the other half, and the data
// held back from the project, measure it. Every paragraph of a file is
// stored, as in bot eval --squad, so candidates compete with the whole
// collection as they do for a journalist. In order:
//
//  1. Shapes: per question head (head.go), the shares of gold answers that
//     hold a number, are a name, or are something else, for heads asked
//     at least minHeadQuestions times.
//  2. Cues: per head, the words (stems) that gold-holding candidates hold
//     at least twice as often as the others, seen in at least minCueHits
//     of them, by smoothed log-odds; the strongest maxCues are kept.
//  3. Rank: weights of the features (features.go), by listwise logistic
//     regression: the softmax of the scores over a question's candidates
//     is pushed onto those holding a gold answer.
//  4. Answerable: a logistic regression on question-level features, with
//     half of the articles stored: questions about stored articles are
//     answerable, the others not. The threshold is the highest that
//     abstains on at most maxAnswerableAbstain of the answerable ones,
//     for all languages and, apart, for each language with at least
//     minLanguageQuestions answerable questions.
//  5. Short: per head, the shares of gold answers of each type of short
//     answer (short.go: year, date, number, quantity, name …), and the
//     lower-case words names hold; then a logistic regression telling a
//     typed span of the first quote that is a gold answer (SQuAD exact
//     match) from one that is not; the threshold is the lowest at which
//     the short answers shown are right at least minShortPrecision of the
//     time — by the lower bound of a one-sided 95% Wilson interval, not by
//     the share seen, which a threshold chosen on few answers flatters —
//     over at least minShortShown of them, or never.
//
// The constants below are statistical choices and product targets, not
// weights: how much evidence a head or cue needs, and the error rates a
// journalist is promised.
const (
	minHeadQuestions     = 25
	minCueHits           = 8
	maxCues              = 40
	maxAnswerableAbstain = 0.02
	minShortPrecision    = 0.90
	minShortShown        = 20
	minLanguageQuestions = 100
	l2                   = 1e-3
)

// FitData is one question file to fit on.
type FitData struct {
	Name  string
	Cases []SquadCase
}

// Fit learns a model from the fitted half of the questions of data,
// writing what it does to log.
func Fit(ctx context.Context, data []FitData, log io.Writer) (*Model, error) {
	m := bootstrapModel()
	for _, d := range data {
		m.FittedOn = append(m.FittedOn, fmt.Sprintf("%s: %d questions of the fit half", d.Name, countFit(d.Cases)))
	}
	full := make([]*fitSet, len(data))
	for i, d := range data {
		full[i] = newFitSet(d.Cases, false)
	}

	m.Shapes = fitShapes(full)
	fmt.Fprintf(log, "shapes: %d heads\n", len(m.Shapes))

	cands, err := collect(ctx, full, m)
	if err != nil {
		return nil, err
	}
	m.Cues = fitCues(cands, m)
	fmt.Fprintf(log, "cues: %d heads\n", len(m.Cues))

	if cands, err = collect(ctx, full, m); err != nil {
		return nil, err
	}
	m.Rank = fitRank(cands)
	fmt.Fprintf(log, "rank: %d questions with a gold candidate; weights %v\n", len(cands), rounded(m.Rank.Weights))

	ooc := make([]*fitSet, len(data))
	for i, d := range data {
		ooc[i] = newFitSet(d.Cases, true)
	}
	if m.Answerable, m.AnswerableIn, m.AnswerableBy, err = fitAnswerable(ctx, append(ooc, full...), m); err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "answerable: threshold %.3f, by language %v; weights %v\n", m.Answerable.Threshold, m.AnswerableIn, rounded(m.Answerable.Weights))
	for lang, l := range m.AnswerableBy {
		fmt.Fprintf(log, "answerable in %s, fitted on it alone: weights %v\n", lang, rounded(l.Weights))
	}

	short, err := fitShort(ctx, full, m, log)
	if err != nil {
		return nil, err
	}
	m.Short, m.ShortBy, m.ShortTypes, m.ShortRates, m.ShortJoins = short.Short, short.ShortBy, short.ShortTypes, short.ShortRates, short.ShortJoins
	return m, m.Check()
}

func countFit(cases []SquadCase) int {
	n := 0
	for _, c := range cases {
		if FitHalf(c.Title) {
			n++
		}
	}
	return n
}

func rounded(ws []float64) []float64 {
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i] = math.Round(w*1000) / 1000
	}
	return out
}

// bootstrapModel ranks by coverage and BM25 alone, never abstains and
// never gives a short answer: the model the fitting starts from.
func bootstrapModel() *Model {
	m := &Model{Shapes: map[string][nShapes]float64{}, Cues: map[string]map[string]float64{}}
	m.Rank = identity(featureNames[:])
	m.Rank.Weights[fCover], m.Rank.Weights[fBM25] = 1, 1
	m.Answerable = identity(abstainNames[:])
	m.Answerable.Threshold = 0
	m.Short = identity(shortNames[:])
	m.Short.Threshold = 2
	m.ShortTypes = map[string][nTypes]float64{}
	m.ShortRates = map[string][nTypes]float64{}
	return m
}

func identity(names []string) Linear {
	l := Linear{Features: slices.Clone(names), Mean: make([]float64, len(names)),
		Scale: make([]float64, len(names)), Weights: make([]float64, len(names))}
	for i := range l.Scale {
		l.Scale[i] = 1
	}
	return l
}

// fitSet is one question file made into an index.
type fitSet struct {
	set *squadSet
	ix  *Index
}

func newFitSet(cases []SquadCase, ooc bool) *fitSet {
	s := &fitSet{set: newSquadSet(cases, ooc), ix: NewIndex(DefaultOptions())}
	s.ix.Add(s.set.docs...)
	return s
}

// fitShapes counts the shapes of the gold answers per head.
func fitShapes(sets []*fitSet) map[string][nShapes]float64 {
	counts := map[string][nShapes]float64{}
	for _, s := range sets {
		for _, c := range s.set.cases {
			if !FitHalf(c.Title) || len(c.Answers) == 0 {
				continue
			}
			sh := shapeOf(c.Answers[0])
			for _, h := range heads(c.Question, s.ix.QueryLang(c.Question)) {
				v := counts[h]
				v[sh]++
				counts[h] = v
			}
		}
	}
	out := map[string][nShapes]float64{}
	for h, v := range counts {
		if headShares(v[:]) {
			out[h] = v
		}
	}
	return out
}

// headShares turns the counts of one head's answers, by kind, into
// shares smoothed by one of each (Laplace), and reports whether the head
// was asked at least minHeadQuestions times.
func headShares(v []float64) bool {
	var n float64
	for _, c := range v {
		n += c
	}
	if n < minHeadQuestions {
		return false
	}
	for i := range v {
		v[i] = (v[i] + 1) / (n + float64(len(v)))
	}
	return true
}

// fitQuestion is one question's ranked candidates with their labels.
type fitQuestion struct {
	heads []string
	qset  map[string]bool
	x     [][nFeatures]float64
	gold  []bool
	terms []map[string]bool
}

// eachFitted calls fn with the ranking, by m, of every question of the
// fit half that has a gold answer and words the corpus knows.
func eachFitted(ctx context.Context, sets []*fitSet, m *Model, fn func(SquadCase, *ranking)) error {
	for _, s := range sets {
		a := NewAnswerer(s.ix, AnswerOptions{Model: m})
		for _, c := range s.set.cases {
			if !FitHalf(c.Title) || len(c.Answers) == 0 {
				continue
			}
			r, err := a.ranked(ctx, c.Question)
			if err != nil {
				return err
			}
			if r != nil {
				fn(c, r)
			}
		}
	}
	return nil
}

// collect ranks the candidates of every fitted answerable question with
// m and labels them.
func collect(ctx context.Context, sets []*fitSet, m *Model) ([]fitQuestion, error) {
	var out []fitQuestion
	err := eachFitted(ctx, sets, m, func(c SquadCase, r *ranking) {
		fq := fitQuestion{heads: r.q.heads, qset: map[string]bool{}}
		for _, t := range r.q.terms {
			fq.qset[t.term] = true
		}
		pos := 0
		for _, k := range r.cands {
			g := holdsAnswer(k.text, c.Answers)
			if g {
				pos++
			}
			fq.x = append(fq.x, k.x)
			fq.gold = append(fq.gold, g)
			fq.terms = append(fq.terms, k.set)
		}
		if pos > 0 && pos < len(r.cands) {
			out = append(out, fq)
		}
	})
	return out, err
}

// fitCues finds, per head the model knows, the words that mark the
// candidates holding the answer.
func fitCues(qs []fitQuestion, m *Model) map[string]map[string]float64 {
	type counts struct {
		pos, neg   map[string]float64
		npos, nneg float64
	}
	by := map[string]*counts{}
	for _, q := range qs {
		for _, h := range q.heads {
			if _, ok := m.Shapes[h]; !ok {
				continue
			}
			c := by[h]
			if c == nil {
				c = &counts{pos: map[string]float64{}, neg: map[string]float64{}}
				by[h] = c
			}
			for i, set := range q.terms {
				for t := range set {
					if q.qset[t] {
						continue
					}
					if q.gold[i] {
						c.pos[t]++
					} else {
						c.neg[t]++
					}
				}
				if q.gold[i] {
					c.npos++
				} else {
					c.nneg++
				}
			}
		}
	}
	out := map[string]map[string]float64{}
	for h, c := range by {
		type cue struct {
			t string
			w float64
		}
		var cues []cue
		for t, p := range c.pos {
			if p < minCueHits {
				continue
			}
			w := math.Log((p+0.5)/(c.npos+1)) - math.Log((c.neg[t]+0.5)/(c.nneg+1))
			if w >= math.Ln2 {
				cues = append(cues, cue{t, math.Round(w*1000) / 1000})
			}
		}
		sort.Slice(cues, func(i, j int) bool { return cues[i].w > cues[j].w || cues[i].w == cues[j].w && cues[i].t < cues[j].t })
		if len(cues) == 0 {
			continue
		}
		out[h] = map[string]float64{}
		for _, k := range cues[:min(len(cues), maxCues)] {
			out[h][k.t] = k.w
		}
	}
	return out
}

// standardise returns a Linear with the means and scales of xs.
func standardise(names []string, xs [][]float64) Linear {
	l := identity(names)
	clear(l.Scale)
	n := float64(len(xs))
	for _, x := range xs {
		for i, v := range x {
			l.Mean[i] += v / n
		}
	}
	for _, x := range xs {
		for i, v := range x {
			l.Scale[i] += (v - l.Mean[i]) * (v - l.Mean[i]) / n
		}
	}
	for i := range l.Scale {
		l.Scale[i] = math.Sqrt(l.Scale[i])
		if l.Scale[i] < 1e-9 {
			l.Scale[i] = 1
		}
	}
	return l
}

// fitRank fits the ranking weights by listwise logistic regression.
func fitRank(qs []fitQuestion) Linear {
	var all [][]float64
	for _, q := range qs {
		for i := range q.x {
			all = append(all, q.x[i][:])
		}
	}
	l := standardise(featureNames[:], all)
	z := make([][][]float64, len(qs)) // standardised
	for k, q := range qs {
		z[k] = make([][]float64, len(q.x))
		for i := range q.x {
			z[k][i] = make([]float64, nFeatures)
			for j := range nFeatures {
				z[k][i][j] = (q.x[i][j] - l.Mean[j]) / l.Scale[j]
			}
		}
	}
	w := make([]float64, nFeatures)
	grad := make([]float64, nFeatures)
	vel := make([]float64, nFeatures)
	for range 400 {
		clear(grad)
		for k, q := range qs {
			s := make([]float64, len(z[k]))
			top := math.Inf(-1)
			for i, x := range z[k] {
				for j, v := range x {
					s[i] += w[j] * v
				}
				top = math.Max(top, s[i])
			}
			var sumAll, sumPos float64
			for i := range s {
				s[i] = math.Exp(s[i] - top)
				sumAll += s[i]
				if q.gold[i] {
					sumPos += s[i]
				}
			}
			// d(−log(sumPos/sumAll))/dw = E_all[x] − E_pos[x]
			for i, x := range z[k] {
				c := s[i] / sumAll
				if q.gold[i] {
					c -= s[i] / sumPos
				}
				for j, v := range x {
					grad[j] += c * v / float64(len(qs))
				}
			}
		}
		for j := range w {
			vel[j] = 0.9*vel[j] - 0.5*(grad[j]+l2*w[j])
			w[j] += vel[j]
		}
	}
	l.Weights = w
	return l
}

// logistic fits a logistic regression of labels on xs.
func logistic(names []string, xs [][]float64, ys []bool) Linear {
	l := standardise(names, xs)
	n := len(names)
	w := make([]float64, n+1) // the last is the bias
	grad := make([]float64, n+1)
	vel := make([]float64, n+1)
	for range 600 {
		clear(grad)
		for k, x := range xs {
			zv := w[n]
			for j := range n {
				zv += w[j] * (x[j] - l.Mean[j]) / l.Scale[j]
			}
			p := 1 / (1 + math.Exp(-zv))
			y := 0.0
			if ys[k] {
				y = 1
			}
			for j := range n {
				grad[j] += (p - y) * (x[j] - l.Mean[j]) / l.Scale[j] / float64(len(xs))
			}
			grad[n] += (p - y) / float64(len(xs))
		}
		for j := range w {
			reg := l2 * w[j]
			if j == n {
				reg = 0
			}
			vel[j] = 0.9*vel[j] - 0.5*(grad[j]+reg)
			w[j] += vel[j]
		}
	}
	l.Weights, l.Bias = w[:n], w[n]
	return l
}

// fitAnswerable fits the abstention model on every set's fitted
// questions: answerable when their article is stored and they have a gold
// answer, not when their article is not stored. It returns the model of
// all languages, the thresholds of the languages with enough answerable
// questions, and the models fitted on one such language alone where
// those abstain on more questions out of the corpus (see ownBetter).
func fitAnswerable(ctx context.Context, sets []*fitSet, m *Model) (Linear, map[string]float64, map[string]Linear, error) {
	var cs []answerableCase
	for _, s := range sets {
		a := NewAnswerer(s.ix, AnswerOptions{Model: m})
		for _, c := range s.set.cases {
			stored := s.set.stored[c.Title]
			if !FitHalf(c.Title) || stored && len(c.Answers) == 0 {
				continue
			}
			r, err := a.ranked(ctx, c.Question)
			if err != nil {
				return Linear{}, nil, nil, err
			}
			var x [nAbstain]float64
			if r != nil {
				x = r.abstain
			} else {
				x = abstainFeatures(&question{}, nil, nil, s.ix.Units(), s.ix.Options().K1)
			}
			cs = append(cs, answerableCase{x: x[:], stored: stored, lang: s.ix.QueryLang(c.Question), fold: foldOf(c.Title)})
		}
	}
	all := fitCases(cs, func(answerableCase) bool { return true })
	all.Threshold = answerableThreshold(cs, all, "")
	byLang := map[string]float64{}
	own := map[string]Linear{}
	for _, lang := range languagesToFit(cs) {
		if !ownBetter(cs, lang) {
			byLang[lang] = answerableThreshold(cs, all, lang)
			continue
		}
		l := fitCases(cs, func(c answerableCase) bool { return c.lang == lang })
		l.Threshold = answerableThreshold(cs, l, lang)
		byLang[lang], own[lang] = l.Threshold, l
	}
	return all, byLang, own, nil
}

// answerableCase is one fitted question of the abstention model.
type answerableCase struct {
	x      []float64
	stored bool // its article is stored: answerable
	lang   string
	fold   int // see foldOf
}

// answerableFolds is how many parts the fitted articles are cut into to
// measure a model on articles left out of its fitting.
const answerableFolds = 5

// foldOf returns the part of the fitted articles a title falls in: by the
// hash FitHalf reads, without the bit it reads, so that every fold holds
// fitted articles and a translated article falls with its original.
func foldOf(title string) int {
	h := fnv.New32a()
	h.Write([]byte(title))
	return int(h.Sum32()/2) % answerableFolds
}

// fitCases fits the abstention model on the cases keep keeps.
func fitCases(cs []answerableCase, keep func(answerableCase) bool) Linear {
	var xs [][]float64
	var ys []bool
	for _, c := range cs {
		if keep(c) {
			xs = append(xs, c.x)
			ys = append(ys, c.stored)
		}
	}
	return logistic(abstainNames[:], xs, ys)
}

// languagesToFit returns, sorted, the languages with at least
// minLanguageQuestions answerable cases.
func languagesToFit(cs []answerableCase) []string {
	n := map[string]int{}
	for _, c := range cs {
		if c.stored {
			n[c.lang]++
		}
	}
	return countedAtLeast(n, minLanguageQuestions)
}

// countedAtLeast returns, sorted, the keys of counts counted at least
// least times.
func countedAtLeast(counts map[string]int, least int) []string {
	var out []string
	for k, n := range counts {
		if n >= least {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// answerableThreshold returns the highest threshold of l that abstains
// on at most maxAnswerableAbstain of the answerable cases in lang ("" for
// all).
func answerableThreshold(cs []answerableCase, l Linear, lang string) float64 {
	p := make([]float64, len(cs))
	for i, c := range cs {
		p[i] = l.Prob(c.x)
	}
	return thresholdAt(cs, lang, p)
}

// thresholdAt is answerableThreshold for the probabilities p of the cases.
func thresholdAt(cs []answerableCase, lang string, p []float64) float64 {
	var ps []float64
	for i, c := range cs {
		if c.stored && (lang == "" || c.lang == lang) {
			ps = append(ps, p[i])
		}
	}
	slices.Sort(ps)
	return ps[int(maxAnswerableAbstain*float64(len(ps)))]
}

// ownBetter reports whether a model fitted on lang's cases alone abstains
// on more of lang's questions out of the corpus than the model of all
// languages does, each at its threshold, measured on articles left out of
// the fitting: every fold is scored by models fitted on the others. A
// language inflects in its own way, so the same features can mean more or
// less in it; but a model fitted on fewer questions can also learn their
// accidents, which only the left-out articles show.
func ownBetter(cs []answerableCase, lang string) bool {
	pooled := make([]float64, len(cs))
	own := make([]float64, len(cs))
	for f := range answerableFolds {
		a := fitCases(cs, func(c answerableCase) bool { return c.fold != f })
		o := fitCases(cs, func(c answerableCase) bool { return c.fold != f && c.lang == lang })
		for i, c := range cs {
			if c.fold == f && c.lang == lang {
				pooled[i], own[i] = a.Prob(c.x), o.Prob(c.x)
			}
		}
	}
	return oocAbstained(cs, lang, own) > oocAbstained(cs, lang, pooled)
}

// oocAbstained counts the cases of lang out of the corpus that the
// probabilities p abstain on, at the threshold they give.
func oocAbstained(cs []answerableCase, lang string, p []float64) int {
	t := thresholdAt(cs, lang, p)
	n := 0
	for i, c := range cs {
		if !c.stored && c.lang == lang && p[i] < t {
			n++
		}
	}
	return n
}

// first returns the candidate an answer quotes first: the best of the
// originals (see originalsFirst), or nil.
func first(cands []*quoteCand) *quoteCand {
	if o := originalsFirst(cands); len(o) > 0 {
		return o[0]
	}
	return nil
}

func countTrue(ys []bool) int {
	n := 0
	for _, y := range ys {
		if y {
			n++
		}
	}
	return n
}
