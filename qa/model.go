package qa

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sync"
)

// Model is what the answerer learned from public question-answering data
// instead of being told by hand: how to weigh the features of a candidate
// quote (features.go), which shapes of answer each kind of question expects
// and which words of a sentence signal one, when the corpus holds too little
// to answer at all, and when a short answer is sure enough to show. It is
// fitted by `bot fit` (fit.go) and checked in as model.json, which the
// binary embeds; the file names the data and the command that made it.
type Model struct {
	// FittedOn names the data and the command that produced the model.
	FittedOn []string `json:"fitted_on"`
	Command  string   `json:"command"`

	// Rank scores candidate quotes: w·(f−mean)/scale.
	Rank Linear `json:"rank"`
	// Shapes gives, per question head (head.go), the share of answers
	// that hold a number, that are a name, or that are something else.
	Shapes map[string][nShapes]float64 `json:"shapes"`
	// Cues gives, per question head, the words whose presence in a
	// sentence made it likelier to hold the answer, with their log-odds.
	Cues map[string]map[string]float64 `json:"cues"`
	// Answerable tells, from question-level features (abstainFeatures),
	// whether the corpus holds the answer; below Threshold the answer
	// abstains.
	Answerable Linear `json:"answerable"`
	// AnswerableIn holds the thresholds of Answerable fitted for one
	// language, where the data had enough questions in it: a question's
	// known share depends on how its language inflects, so one threshold
	// for all would abstain too often in the language that inflects more.
	AnswerableIn map[string]float64 `json:"answerable_in,omitempty"`
	// AnswerableBy holds, per language, an Answerable fitted on that
	// language's questions alone, where it abstained on more questions
	// out of the corpus than the model of all languages did, at the same
	// share of answerable ones, on articles left out of its fitting (fit.go).
	AnswerableBy map[string]Linear `json:"answerable_by,omitempty"`
	// ShortTypes gives, per question head, the share of answers of each
	// type a short answer can have (short.go): a year, a date, a number,
	// a quantity, a name, or something else.
	ShortTypes map[string][nTypes]float64 `json:"short_types"`
	// ShortRates gives, per question head, how often a span of each type
	// in the first quote was the answer, where one stood there, shrunk
	// towards the rates of the head's question word and of all questions.
	ShortRates map[string][nTypes]float64 `json:"short_rates"`
	// ShortJoins are the lower-case words that stood inside names among
	// the gold answers ("of" in "University of Chicago"): a name span of
	// a quote runs on over them.
	ShortJoins []string `json:"short_joins"`
	// Short tells whether a span of the first quote (shortSpans) is the
	// answer; the likeliest is shown only at or above Threshold.
	Short Linear `json:"short"`
	// ShortBy holds, per type of short answer (short.go), a threshold of
	// Short fitted on that type alone, where one keeps the promise for it
	// and lies below Short.Threshold.
	ShortBy map[string]float64 `json:"short_by,omitempty"`
}

// Linear is a fitted linear model over named features, on standardised
// inputs: z = Bias + Σ Weights[i]·(x[i]−Mean[i])/Scale[i]. As a classifier
// its probability is the logistic of z, compared with Threshold.
type Linear struct {
	Features  []string  `json:"features"`
	Mean      []float64 `json:"mean"`
	Scale     []float64 `json:"scale"`
	Weights   []float64 `json:"weights"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold,omitempty"`
}

// Score returns z for the feature vector x.
func (l *Linear) Score(x []float64) float64 {
	z := l.Bias
	for i, w := range l.Weights {
		z += w * (x[i] - l.Mean[i]) / l.Scale[i]
	}
	return z
}

// Prob returns the logistic of Score.
func (l *Linear) Prob(x []float64) float64 { return 1 / (1 + math.Exp(-l.Score(x))) }

// check reports a model whose parts do not fit the features this build
// computes.
func (l *Linear) check(name string, want []string) error {
	if len(l.Features) != len(want) || len(l.Mean) != len(want) || len(l.Scale) != len(want) || len(l.Weights) != len(want) {
		return fmt.Errorf("model %s: has %d features, this build computes %d: run bot fit", name, len(l.Features), len(want))
	}
	for i, f := range want {
		if l.Features[i] != f {
			return fmt.Errorf("model %s: feature %d is %q, this build computes %q: run bot fit", name, i, l.Features[i], f)
		}
		if l.Scale[i] == 0 {
			return fmt.Errorf("model %s: feature %q has scale 0", name, f)
		}
	}
	return nil
}

// answerable reports whether the question-level features x of a question
// in lang say the corpus holds its answer.
func (m *Model) answerable(x []float64, lang string) bool {
	l := m.Answerable
	if own, ok := m.AnswerableBy[lang]; ok {
		l = own
	}
	t, ok := m.AnswerableIn[lang]
	if !ok {
		t = l.Threshold
	}
	return l.Prob(x) >= t
}

// Check reports whether m fits the features this build computes.
func (m *Model) Check() error {
	if err := m.Rank.check("rank", featureNames[:]); err != nil {
		return err
	}
	if err := m.Answerable.check("answerable", abstainNames[:]); err != nil {
		return err
	}
	for lang, l := range m.AnswerableBy {
		if err := l.check("answerable "+lang, abstainNames[:]); err != nil {
			return err
		}
	}
	for t := range m.ShortBy {
		if !slices.Contains(typeNames[:], t) {
			return fmt.Errorf("model short_by: %q is no type of short answer: run bot fit", t)
		}
	}
	return m.Short.check("short", shortNames[:])
}

//go:generate go run ../cmd/bot fit -out model.json ../../shared/bench/squad-v1.1-dev-A.jsonl ../../shared/bench/xquad-ru-A.jsonl ../../shared/bench/xquad-en-A.jsonl

//go:embed model.json
var modelJSON []byte

// DefaultModel returns the embedded model. It panics when the embedded
// file does not fit this build, which TestDefaultModel catches.
var DefaultModel = sync.OnceValue(func() *Model {
	m, err := ParseModel(modelJSON)
	if err != nil {
		panic(err)
	}
	return m
})

// ParseModel reads a model file and checks it against this build.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if err := m.Check(); err != nil {
		return nil, err
	}
	return &m, nil
}
