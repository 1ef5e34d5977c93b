package qa

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/newsdesk/newsdesk/corpus"
)

// Extractive question answering over an open corpus, measured on SQuAD
// and XQuAD files (one question a line: id, title, para_idx, context,
// question, answers). Every paragraph of the file's articles is stored
// as one document and every question is asked of the whole collection,
// as a journalist would ask the bot: a hit is a quote that holds a gold
// answer under SQuAD's normalisation. With OOC, only half of the
// articles are stored, and the questions about the others must be
// abstained on. A question with no gold answers (SQuAD v2.0) is one the
// stored paragraph does not answer.
//
// The articles are split in two halves by a hash of their title (see
// FitHalf): the model is fitted on the questions of one ("fit") and the
// report gives the other ("check") apart, so that a figure that holds
// only on what was fitted shows.

// SquadCase is one question of a SQuAD-format file.
type SquadCase struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Para     int      `json:"para_idx"`
	Context  string   `json:"context"`
	Question string   `json:"question"`
	Answers  []string `json:"answers"`
}

// ReadSquad reads a SQuAD-format JSON Lines file.
func ReadSquad(path string) ([]SquadCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []SquadCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c SquadCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if c.Question == "" || c.Context == "" {
			return nil, fmt.Errorf("%s line %d: field \"question\" or \"context\" is empty", path, line)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// FitHalf reports whether an article belongs to the half that models are
// fitted on; the other half checks them.
func FitHalf(title string) bool {
	h := fnv.New32a()
	h.Write([]byte(title))
	return h.Sum32()%2 == 0
}

// storedHalf reports whether, in an out-of-corpus run, an article is
// stored: every other title in sorted order, so that both halves of
// FitHalf lose some.
func storedHalf(titles []string) map[string]bool {
	out := map[string]bool{}
	for i, t := range titles {
		out[t] = i%2 == 0
	}
	return out
}

// squadSet is a SQuAD file made into documents.
type squadSet struct {
	cases  []SquadCase
	docs   []*corpus.Document
	stored map[string]bool // article title → its paragraphs are stored
}

// newSquadSet makes one document of every distinct paragraph; with ooc,
// only of the paragraphs of every other article.
func newSquadSet(cases []SquadCase, ooc bool) *squadSet {
	set := &squadSet{cases: cases, stored: map[string]bool{}}
	var titles []string
	for _, c := range cases {
		if _, ok := set.stored[c.Title]; !ok {
			set.stored[c.Title] = true
			titles = append(titles, c.Title)
		}
	}
	slices.Sort(titles)
	if ooc {
		set.stored = storedHalf(titles)
	}
	seen := map[string]bool{}
	for _, c := range cases {
		key := fmt.Sprintf("%s#%d", c.Title, c.Para)
		if seen[key] || !set.stored[c.Title] {
			continue
		}
		seen[key] = true
		d := &corpus.Document{ID: int64(len(set.docs) + 1), Seq: int64(len(set.docs) + 1), Origin: "squad#" + key,
			Title: c.Title, Body: c.Context, Sentences: corpus.Split(c.Context), Lang: corpus.DetectLang(c.Context)}
		set.docs = append(set.docs, d)
	}
	return set
}

// SquadOptions ask for a SQuAD evaluation.
type SquadOptions struct {
	OOC  bool // store only half of the articles
	N    int  // ask at most this many questions, spread over the file; 0: all
	Half int  // 0: every question; 1: only the fitted half's; 2: only the checking half's
	// Baseline also answers with the naive BM25-sentence baseline.
	Baseline bool
}

// SquadTally counts how one group of questions fared.
type SquadTally struct {
	Questions  int // asked
	Answerable int // about a stored article, with a gold answer
	Hit1, Hit3 int // answerable questions with a gold answer in quote 1, in quotes 1-3
	// Abstained counts abstentions on answerable questions; OOCQuestions
	// and OOCAbstained the questions about articles not stored.
	Abstained, OOCQuestions, OOCAbstained int
	// NoAnswer counts questions about stored articles that have no gold
	// answer (SQuAD v2.0), NoAnswerAbstained the abstentions on them.
	NoAnswer, NoAnswerAbstained int
	ShortShown, ShortRight      int // short answers shown, and right (exact match)
	Quotes, QuotesAttributed    int // quotes shown; those found verbatim in every source they cite
	BaseHit1, BaseHit3          int // the BM25-sentence baseline on the answerable questions
}

func (t *SquadTally) add(o SquadTally) {
	t.Questions += o.Questions
	t.Answerable += o.Answerable
	t.Hit1 += o.Hit1
	t.Hit3 += o.Hit3
	t.Abstained += o.Abstained
	t.OOCQuestions += o.OOCQuestions
	t.OOCAbstained += o.OOCAbstained
	t.NoAnswer += o.NoAnswer
	t.NoAnswerAbstained += o.NoAnswerAbstained
	t.ShortShown += o.ShortShown
	t.ShortRight += o.ShortRight
	t.Quotes += o.Quotes
	t.QuotesAttributed += o.QuotesAttributed
	t.BaseHit1 += o.BaseHit1
	t.BaseHit3 += o.BaseHit3
}

// SquadReport is the result of a SQuAD evaluation.
type SquadReport struct {
	Docs           int
	All, Fit, Chk  SquadTally // every question; the fitted half's; the checking half's
	P50, P99       time.Duration
	Build          time.Duration
	Misses         []SquadMiss // answerable questions whose first quote missed, in file order
	Answered       []SquadMiss // with OOC, questions about articles not stored that were answered
	AttributionBad []string    // quotes credited to a source that does not print them
}

// SquadMiss is an answerable question whose first quote held no gold answer.
type SquadMiss struct {
	ID, Question string
	Gold         []string
	Quote        string // the first quote, or "" when the bot abstained
}

// EvalSquad asks the questions of a SQuAD-format file of a collection made
// of its paragraphs, answered by an Answerer with the given model (nil:
// the embedded one), and counts hits, abstentions, short answers,
// attribution and latency; the naive baseline answers the same questions.
func EvalSquad(ctx context.Context, cases []SquadCase, opts SquadOptions, m *Model) (SquadReport, error) {
	set := newSquadSet(cases, opts.OOC)
	start := time.Now()
	ix := NewIndex(DefaultOptions())
	ix.Add(set.docs...)
	var base *baseline
	if opts.Baseline {
		base = newBaseline(set.docs)
	}
	rep := SquadReport{Docs: len(set.docs), Build: time.Since(start)}
	a := NewAnswerer(ix, AnswerOptions{Model: m})
	var lat []time.Duration
	for _, c := range pick(cases, opts) {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		t0 := time.Now()
		ans, err := a.Ask(ctx, c.Question)
		if err != nil {
			return rep, fmt.Errorf("question %s: %w", c.ID, err)
		}
		lat = append(lat, time.Since(t0))
		t := SquadTally{Questions: 1}
		stored := set.stored[c.Title]
		switch {
		case !stored:
			t.OOCQuestions = 1
			if ans.Abstained {
				t.OOCAbstained = 1
			} else {
				miss := SquadMiss{ID: c.ID, Question: c.Question, Gold: c.Answers}
				if len(ans.Quotes) > 0 {
					miss.Quote = ans.Quotes[0].Text
				}
				rep.Answered = append(rep.Answered, miss)
			}
		case len(c.Answers) == 0:
			t.NoAnswer = 1
			if ans.Abstained {
				t.NoAnswerAbstained = 1
			}
		default:
			t.Answerable = 1
			if ans.Abstained {
				t.Abstained = 1
			}
			for i, q := range ans.Quotes[:min(3, len(ans.Quotes))] {
				if holdsAnswer(q.Text, c.Answers) {
					if i == 0 {
						t.Hit1 = 1
					}
					t.Hit3 = 1
				}
			}
			if t.Hit1 == 0 {
				miss := SquadMiss{ID: c.ID, Question: c.Question, Gold: c.Answers}
				if len(ans.Quotes) > 0 {
					miss.Quote = ans.Quotes[0].Text
				}
				rep.Misses = append(rep.Misses, miss)
			}
			for i, s := range base.top(c.Question, 3) { // none without a baseline
				if holdsAnswer(s, c.Answers) {
					if i == 0 {
						t.BaseHit1 = 1
					}
					t.BaseHit3 = 1
				}
			}
		}
		if ans.Text != "" && !ans.Abstained {
			t.ShortShown = 1
			if stored && exactMatch(ans.Text, c.Answers) {
				t.ShortRight = 1
			}
		}
		for _, q := range ans.Quotes {
			t.Quotes++
			if bad := misattributed(ix, ans, q); bad == "" {
				t.QuotesAttributed++
			} else {
				rep.AttributionBad = append(rep.AttributionBad, c.ID+": "+bad)
			}
		}
		rep.All.add(t)
		if FitHalf(c.Title) {
			rep.Fit.add(t)
		} else {
			rep.Chk.add(t)
		}
	}
	rep.P50, rep.P99 = percentile(lat, 50), percentile(lat, 99)
	return rep, nil
}

// pick returns the questions an evaluation asks: those of the half asked
// for, at most N of them, spread evenly over the file.
func pick(cases []SquadCase, o SquadOptions) []SquadCase {
	var out []SquadCase
	for _, c := range cases {
		if o.Half == 0 || (o.Half == 1) == FitHalf(c.Title) {
			out = append(out, c)
		}
	}
	if o.N <= 0 || o.N >= len(out) {
		return out
	}
	step := float64(len(out)) / float64(o.N)
	sel := make([]SquadCase, 0, o.N)
	for i := range o.N {
		sel = append(sel, out[int(float64(i)*step)])
	}
	return sel
}

// misattributed returns "" when every source quote q cites prints its
// exact text (white space aside), or a line naming the source that does not.
func misattributed(ix *Index, ans Answer, q Quote) string {
	for _, n := range q.Sources {
		if n < 1 || n > len(ans.Sources) {
			return fmt.Sprintf("quote %q cites [%d], which the answer does not list", q.Text, n)
		}
		d := ix.Doc(ans.Sources[n-1].DocID)
		if d == nil || !Prints(d.Body, q.Text) {
			return fmt.Sprintf("quote %q is not printed by [%d] %s", q.Text, n, ans.Sources[n-1].Origin)
		}
	}
	return ""
}

// holdsAnswer reports whether text holds one of the gold answers, both
// normalised as SQuAD does, on word boundaries.
func holdsAnswer(text string, gold []string) bool {
	t := " " + squadNormalize(text) + " "
	for _, g := range gold {
		if n := squadNormalize(g); n != "" && strings.Contains(t, " "+n+" ") {
			return true
		}
	}
	return false
}

// exactMatch reports whether a short answer equals a gold answer under
// SQuAD's normalisation.
func exactMatch(s string, gold []string) bool {
	n := squadNormalize(s)
	for _, g := range gold {
		if n != "" && n == squadNormalize(g) {
			return true
		}
	}
	return false
}

// squadNormalize lower-cases s, drops punctuation and the English
// articles, and collapses white space, as SQuAD's evaluation script does
// (which drops only ASCII punctuation; Russian quote marks go too here).
// A dash stands between two words, so it becomes a space: dropped, it
// would weld "Dyrrachium—one" into one word that holds no answer.
func squadNormalize(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Pd, r) {
			return ' '
		}
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	f := strings.Fields(s)
	out := f[:0]
	for _, w := range f {
		if w != "a" && w != "an" && w != "the" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// String prints the report as the README shows it.
func (r SquadReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "documents %d, index built in %v; latency p50 %v, p99 %v\n", r.Docs,
		r.Build.Round(time.Millisecond), r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond))
	fmt.Fprintf(&b, "%-26s %10s %10s %10s\n", "", "all", "fit half", "check half")
	row := func(name string, f func(SquadTally) string) {
		fmt.Fprintf(&b, "%-26s %10s %10s %10s\n", name, f(r.All), f(r.Fit), f(r.Chk))
	}
	row("questions", func(t SquadTally) string { return fmt.Sprint(t.Questions) })
	row("answer in quote 1", func(t SquadTally) string { return pct(t.Hit1, t.Answerable) })
	row("answer in quotes 1-3", func(t SquadTally) string { return pct(t.Hit3, t.Answerable) })
	row("baseline: in sentence 1", func(t SquadTally) string { return pct(t.BaseHit1, t.Answerable) })
	row("baseline: in sentences 1-3", func(t SquadTally) string { return pct(t.BaseHit3, t.Answerable) })
	row("abstained, answerable", func(t SquadTally) string { return pct(t.Abstained, t.Answerable) })
	row("abstained, not stored", func(t SquadTally) string { return pct(t.OOCAbstained, t.OOCQuestions) })
	row("abstained, no gold answer", func(t SquadTally) string { return pct(t.NoAnswerAbstained, t.NoAnswer) })
	row("short answers shown", func(t SquadTally) string { return fmt.Sprint(t.ShortShown) })
	row("short answers right", func(t SquadTally) string { return pct(t.ShortRight, t.ShortShown) })
	row("quotes attributed", func(t SquadTally) string { return pct(t.QuotesAttributed, t.Quotes) })
	return b.String()
}

// pct formats n/d as a percentage with the counts, or "-" when d is 0.
func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}
