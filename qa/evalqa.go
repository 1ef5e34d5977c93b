package qa

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// QACase is one line of a question file: a question, whether it should be
// answered, the facts (nuggets) the answer must quote — each a list of
// acceptable wordings — and the documents at least one citation must name.
type QACase struct {
	ID       string     `json:"id"`
	Question string     `json:"question"`
	Expect   string     `json:"expect"` // "answer" or "abstain"
	Nuggets  [][]string `json:"nuggets"`
	CiteAny  []string   `json:"cite_any"` // origin base names without extension
}

// QAResult is how one question fared.
type QAResult struct {
	Case          QACase
	Answer        Answer
	NuggetsFound  int
	QuotesChecked int // quotes found verbatim in every document they cite (see Prints)
	Quotes        int
	CiteOK        bool
	AbstainOK     bool
	Pass          bool
	Missing       []string // nuggets no quote holds, as their first wording
}

// QAReport sums up a question file.
type QAReport struct {
	Results []QAResult
}

// EvalQA asks every question of a question file (JSON Lines of QACase) and
// checks each answer against the case and against the sources themselves:
// every quote must be found in the body of every document it cites.
func EvalQA(ctx context.Context, a *Answerer, r io.Reader) (QAReport, error) {
	var rep QAReport
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c QACase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return rep, fmt.Errorf("line %d: %w", line, err)
		}
		if c.Expect != "answer" && c.Expect != "abstain" {
			return rep, fmt.Errorf("line %d: field \"expect\": want \"answer\" or \"abstain\", got %q", line, c.Expect)
		}
		ans, err := a.Ask(ctx, c.Question)
		if err != nil {
			return rep, fmt.Errorf("line %d (%s): %w", line, c.ID, err)
		}
		rep.Results = append(rep.Results, a.check(c, ans))
	}
	return rep, sc.Err()
}

func (a *Answerer) check(c QACase, ans Answer) QAResult {
	res := QAResult{Case: c, Answer: ans, Quotes: len(ans.Quotes)}
	var quoted strings.Builder
	for _, q := range ans.Quotes {
		quoted.WriteString(normalize(q.Text) + "\n")
	}
	all := quoted.String()
	for _, alts := range c.Nuggets {
		found := false
		for _, alt := range alts {
			if strings.Contains(all, normalize(alt)) {
				found = true
				break
			}
		}
		if found {
			res.NuggetsFound++
		} else if len(alts) > 0 {
			res.Missing = append(res.Missing, alts[0])
		}
	}
	bySource := map[int]Source{}
	for _, s := range ans.Sources {
		bySource[s.N] = s
	}
	cited := map[string]bool{}
	for _, q := range ans.Quotes {
		ok := len(q.Sources) > 0
		for _, n := range q.Sources {
			s, found := bySource[n]
			d := a.ix.Doc(s.DocID)
			if !found || d == nil || !Prints(d.Body, q.Text) {
				ok = false
				continue
			}
			cited[strings.TrimSuffix(path.Base(s.Origin), path.Ext(s.Origin))] = true
		}
		if ok {
			res.QuotesChecked++
		}
	}
	res.CiteOK = len(c.CiteAny) == 0
	for _, id := range c.CiteAny {
		if cited[id] {
			res.CiteOK = true
		}
	}
	res.AbstainOK = ans.Abstained == (c.Expect == "abstain")
	res.Pass = res.AbstainOK && res.CiteOK && res.NuggetsFound == len(c.Nuggets) && res.QuotesChecked == res.Quotes
	return res
}

// Passed counts the questions that passed.
func (r QAReport) Passed() int {
	n := 0
	for _, res := range r.Results {
		if res.Pass {
			n++
		}
	}
	return n
}

// String prints one line per question and a total.
func (r QAReport) String() string {
	var b strings.Builder
	var nug, nugAll, qok, qall, abst int
	for _, res := range r.Results {
		mark := "PASS"
		if !res.Pass {
			mark = "FAIL"
		}
		fmt.Fprintf(&b, "%s %-14s nuggets %d/%d  quotes verified %d/%d  cites %v  abstain ok %v",
			mark, res.Case.ID, res.NuggetsFound, len(res.Case.Nuggets), res.QuotesChecked, res.Quotes, res.CiteOK, res.AbstainOK)
		if len(res.Missing) > 0 {
			fmt.Fprintf(&b, "  missing %q", res.Missing)
		}
		b.WriteByte('\n')
		nug += res.NuggetsFound
		nugAll += len(res.Case.Nuggets)
		qok += res.QuotesChecked
		qall += res.Quotes
		if res.AbstainOK {
			abst++
		}
	}
	fmt.Fprintf(&b, "total: %d/%d questions passed, nuggets %d/%d, quotes verified %d/%d, abstentions right %d/%d\n",
		r.Passed(), len(r.Results), nug, nugAll, qok, qall, abst, len(r.Results))
	return b.String()
}

// normalize folds case, quote marks and white space, so that texts that
// differ only in those compare equal.
func normalize(s string) string {
	r := strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "\u00a0", " ")
	return strings.Join(strings.Fields(strings.ToLower(r.Replace(s))), " ")
}
