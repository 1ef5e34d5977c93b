package qa

import (
	"context"
	"fmt"
	"strings"
)

// Measuring disagreements on a news archive. A disagreement is shown only
// when sources state different values for the same thing; on an archive
// nobody wrote for this project (Reuters-21578, BBC News), what the answers
// show can be read and judged. EvalDisagreements asks, of every n-th
// stored article, its own headline, and collects every disagreement the
// answers show with the sources of each version; bot eval --disagreements
// prints them for a reader to judge, with how many answers showed any.

// DisagreementCase is one disagreement an answer showed.
type DisagreementCase struct {
	Question string
	Shown    Disagreement
	Sources  []Source // the answer's sources, to read the versions against
}

// DisagreementReport sums up the disagreements answers showed.
type DisagreementReport struct {
	Questions, Answered, WithDisagreement int
	ByAspect                              map[string]int
	Cases                                 []DisagreementCase
}

// EvalDisagreements asks the headline of every step-th document of the
// index and collects the disagreements the answers show.
func EvalDisagreements(ctx context.Context, a *Answerer, step int) (DisagreementReport, error) {
	rep := DisagreementReport{ByAspect: map[string]int{}}
	step = max(step, 1)
	a.ix.mu.RLock()
	var titles []string
	for i, e := range a.ix.docs {
		if i%step == 0 && !a.ix.isDead(a.ix.memBase+int32(i)) && strings.TrimSpace(e.doc.Title) != "" {
			titles = append(titles, e.doc.Title)
		}
	}
	a.ix.mu.RUnlock()
	for _, q := range titles {
		ans, err := a.Ask(ctx, q)
		if err != nil {
			return rep, fmt.Errorf("question %q: %w", q, err)
		}
		rep.Questions++
		if ans.Abstained {
			continue
		}
		rep.Answered++
		if len(ans.Disagreements) > 0 {
			rep.WithDisagreement++
		}
		for _, d := range ans.Disagreements {
			rep.ByAspect[d.Aspect]++
			rep.Cases = append(rep.Cases, DisagreementCase{Question: q, Shown: d, Sources: ans.Sources})
		}
	}
	return rep, nil
}

// String prints the summary and every case, for a reader to judge.
func (r DisagreementReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "questions %d, answered %d, with a disagreement %d; by aspect %v\n",
		r.Questions, r.Answered, r.WithDisagreement, r.ByAspect)
	for _, c := range r.Cases {
		fmt.Fprintf(&b, "\nQ: %s\n  on the %s:\n", c.Question, c.Shown.Aspect)
		for _, v := range c.Shown.Versions {
			var who []string
			for _, n := range v.Sources {
				s := c.Sources[n-1]
				who = append(who, fmt.Sprintf("[%d] %s %s %q", n, s.Origin, s.Published, s.Title))
			}
			fmt.Fprintf(&b, "    %q by %s\n", v.Text, strings.Join(who, "; "))
		}
	}
	return b.String()
}
