package qa

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/corpus"
)

// BEIR evaluation. A BEIR data set is a folder with
//
//	corpus.jsonl     one document per line: {"_id", "title", "text"}
//	queries.jsonl    one query per line: {"_id", "text"}
//	qrels/test.tsv   query-id, corpus-id, score; tab-separated, one header line
//
// EvalBEIR indexes the corpus, asks every query that has judgements for its
// 100 best documents (a document ranks by its best passage) and scores the
// ranking as the BEIR tools do (trec_eval's measures, linear gains):
//
//	nDCG@10     Σ_{i≤10} rel_i / log2(i+1), over the same for the ideal order
//	Recall@100  relevant documents (score > 0) among the first 100, over all relevant
//	MRR@10      1 / rank of the first relevant document, 0 if none in the first 10
//
// each averaged over the queries, with the latency of each search.

// BEIRReport holds the figures of a BEIR evaluation.
type BEIRReport struct {
	Docs, Queries int           // documents indexed; queries evaluated (those with judgements)
	NDCG10        float64       // mean nDCG@10
	Recall100     float64       // mean Recall@100
	MRR10         float64       // mean MRR@10
	P50, P99      time.Duration // search latency percentiles
	Build         time.Duration // time to build the index
	PerQuery      []BEIRQuery   // in the order of queries.jsonl
}

// BEIRQuery holds the figures of one query.
type BEIRQuery struct {
	ID, Text                 string
	NDCG10, Recall100, MRR10 float64
	Latency                  time.Duration
	Ranked                   []string // ids of the first 10 documents
}

// String formats the report's summary on one line.
func (r BEIRReport) String() string {
	return fmt.Sprintf("docs=%d queries=%d nDCG@10=%.4f Recall@100=%.4f MRR@10=%.4f p50=%v p99=%v build=%v",
		r.Docs, r.Queries, r.NDCG10, r.Recall100, r.MRR10, r.P50, r.P99, r.Build)
}

// beirSet is a BEIR data set read into memory.
type beirSet struct {
	docs    []*corpus.Document
	ids     map[*corpus.Document]string
	queries []beirLine
	qrels   map[string]map[string]int // query id → document id → grade
}

type beirLine struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// EvalBEIR evaluates retrieval with opts on the BEIR data set in dir.
func EvalBEIR(ctx context.Context, dir string, opts Options) (BEIRReport, error) {
	return EvalBEIRIn(ctx, dir, opts, "")
}

// EvalBEIRIn is EvalBEIR; when folder is not "", the documents are stored
// in a new store there and searched through its index folder (segment
// files, persist.go) instead of an index built in memory.
func EvalBEIRIn(ctx context.Context, dir string, opts Options, folder string) (BEIRReport, error) {
	set, err := readBEIR(ctx, dir)
	if err != nil {
		return BEIRReport{}, err
	}
	start := time.Now()
	var ix *Index
	if folder == "" {
		ix = NewIndex(opts)
		ix.Add(set.docs...)
	} else {
		st, err := corpus.Open(ctx, filepath.Join(folder, "beir.db"))
		if err != nil {
			return BEIRReport{}, err
		}
		defer st.Close()
		if _, err := st.AddBatch(ctx, set.docs); err != nil {
			return BEIRReport{}, err
		}
		if ix, err = OpenIndex(ctx, filepath.Join(folder, "beir.db.index"), st, opts); err != nil {
			return BEIRReport{}, err
		}
		defer ix.Close()
	}
	byOrigin := map[string]string{}
	for d, id := range set.ids {
		byOrigin[d.Origin] = id
	}
	rep := BEIRReport{Docs: ix.Len(), Build: time.Since(start)}
	var lat []time.Duration
	for _, q := range set.queries {
		rel, ok := set.qrels[q.ID]
		if !ok {
			continue
		}
		if err := ctx.Err(); err != nil {
			return BEIRReport{}, err
		}
		t0 := time.Now()
		hits := ix.SearchWith(q.Text, SearchOptions{K: 100, PerDoc: 1})
		took := time.Since(t0)
		ranked := make([]string, len(hits))
		for i, h := range hits {
			ranked[i] = byOrigin[h.Doc.Origin]
		}
		pq := BEIRQuery{ID: q.ID, Text: q.Text, Latency: took,
			NDCG10: ndcgAt(ranked, rel, 10), Recall100: recallAt(ranked, rel, 100), MRR10: mrrAt(ranked, rel, 10),
			Ranked: ranked[:min(10, len(ranked))]}
		rep.PerQuery = append(rep.PerQuery, pq)
		rep.NDCG10 += pq.NDCG10
		rep.Recall100 += pq.Recall100
		rep.MRR10 += pq.MRR10
		lat = append(lat, took)
	}
	if rep.Queries = len(rep.PerQuery); rep.Queries > 0 {
		n := float64(rep.Queries)
		rep.NDCG10, rep.Recall100, rep.MRR10 = rep.NDCG10/n, rep.Recall100/n, rep.MRR10/n
	}
	rep.P50, rep.P99 = percentile(lat, 50), percentile(lat, 99)
	return rep, nil
}

// ndcgAt returns nDCG@k of a ranking given graded judgements.
func ndcgAt(ranked []string, rel map[string]int, k int) float64 {
	var dcg float64
	for i, id := range ranked[:min(k, len(ranked))] {
		if g := rel[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var grades []int
	for _, g := range rel {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	slices.SortFunc(grades, func(a, b int) int { return b - a })
	var ideal float64
	for i, g := range grades[:min(k, len(grades))] {
		ideal += float64(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// recallAt returns the share of relevant documents ranked in the first k.
func recallAt(ranked []string, rel map[string]int, k int) float64 {
	var found, all int
	for _, g := range rel {
		if g > 0 {
			all++
		}
	}
	for _, id := range ranked[:min(k, len(ranked))] {
		if rel[id] > 0 {
			found++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(found) / float64(all)
}

// mrrAt returns 1/rank of the first relevant document within the first k.
func mrrAt(ranked []string, rel map[string]int, k int) float64 {
	for i, id := range ranked[:min(k, len(ranked))] {
		if rel[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// percentile returns the p-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

// readBEIR reads the three files of a BEIR data set.
func readBEIR(ctx context.Context, dir string) (*beirSet, error) {
	set := &beirSet{ids: map[*corpus.Document]string{}, qrels: map[string]map[string]int{}}
	err := readJSONL(ctx, filepath.Join(dir, "corpus.jsonl"), func(l beirLine) {
		body := beirBody(l.Text)
		d := &corpus.Document{Origin: "corpus.jsonl#" + l.ID, Title: l.Title, Body: body,
			Sentences: corpus.Split(body), Lang: corpus.DetectLang(l.Title + "\n\n" + body)}
		set.docs = append(set.docs, d)
		set.ids[d] = l.ID
	})
	if err != nil {
		return nil, err
	}
	if err := readJSONL(ctx, filepath.Join(dir, "queries.jsonl"), func(l beirLine) { set.queries = append(set.queries, l) }); err != nil {
		return nil, err
	}
	if err := readQrels(filepath.Join(dir, "qrels", "test.tsv"), set.qrels); err != nil {
		return nil, err
	}
	return set, nil
}

// beirBody turns a BEIR text into a Document body: paragraphs separated by
// one blank line, each on one line.
func beirBody(text string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// readJSONL calls fn with each line of a JSON Lines file; blank lines are
// skipped and lines without an _id are errors.
func readJSONL(ctx context.Context, path string, fn func(beirLine)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for n := 1; sc.Scan(); n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var l beirLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
		if l.ID == "" {
			return fmt.Errorf("%s line %d: no _id", path, n)
		}
		fn(l)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readQrels reads a BEIR judgements file into qrels.
func readQrels(path string, qrels map[string]map[string]int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n") {
		f := strings.Split(line, "\t")
		if strings.TrimSpace(line) == "" || n == 0 && f[0] == "query-id" {
			continue
		}
		if len(f) != 3 {
			return fmt.Errorf("%s line %d: %d fields, want query-id, corpus-id, score", path, n+1, len(f))
		}
		g, err := strconv.Atoi(strings.TrimSpace(f[2]))
		if err != nil {
			return fmt.Errorf("%s line %d: score: %w", path, n+1, err)
		}
		if qrels[f[0]] == nil {
			qrels[f[0]] = map[string]int{}
		}
		qrels[f[0]][f[1]] = g
	}
	if len(qrels) == 0 {
		return fmt.Errorf("%s: %w", path, errNoJudgements)
	}
	return nil
}

var errNoJudgements = errors.New("no judgements")
