package qa

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeBEIR writes a BEIR data set into a temporary folder.
func writeBEIR(t *testing.T, corpus, queries, qrels string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "qrels"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"corpus.jsonl": corpus, "queries.jsonl": queries, "qrels/test.tsv": qrels} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

// TestEvalBEIRByHand checks the figures on a set small enough to work out
// on paper.
//
//	q1 "lava" matches only t2. Judged t1=2, t2=1. Ranking [t2]:
//	   DCG = 1/log2(2) = 1; ideal = 2/log2(2) + 1/log2(3) = 2.63093
//	   nDCG@10 = 0.38009, Recall@100 = 1/2, MRR@10 = 1
//	q2 "storm coast": t4 holds both words, t5 only "storm", same length,
//	   so the ranking is [t4, t5]. Judged t5=1:
//	   nDCG@10 = (1/log2(3)) / 1 = 0.63093, Recall@100 = 1, MRR@10 = 1/2
//	q3 "football" matches nothing: all three 0.
//	q4 has no judgements and is not counted.
//
//	means: nDCG@10 = 1.01102/3 = 0.33701, Recall@100 = 1.5/3 = 0.5,
//	MRR@10 = 1.5/3 = 0.5
func TestEvalBEIRByHand(t *testing.T) {
	dir := writeBEIR(t,
		`{"_id":"t1","title":"","text":"Volcano erupts in Iceland."}
{"_id":"t2","title":"","text":"Lava flows toward the town."}
{"_id":"t3","title":"","text":"Bank raises rates."}
{"_id":"t4","title":"","text":"Storm hits coast."}
{"_id":"t5","title":"","text":"Storm hits city."}
`,
		`{"_id":"q1","text":"lava"}
{"_id":"q2","text":"storm coast"}
{"_id":"q3","text":"football"}
{"_id":"q4","text":"bank"}
`,
		"query-id\tcorpus-id\tscore\nq1\tt1\t2\nq1\tt2\t1\nq2\tt5\t1\nq3\tt3\t1\n")
	rep, err := EvalBEIR(context.Background(), dir, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Docs != 5 || rep.Queries != 3 {
		t.Fatalf("docs=%d queries=%d, want 5 and 3", rep.Docs, rep.Queries)
	}
	want := []struct{ ndcg, recall, mrr float64 }{{0.38009, 0.5, 1}, {0.63093, 1, 0.5}, {0, 0, 0}}
	for i, w := range want {
		q := rep.PerQuery[i]
		if !near(q.NDCG10, w.ndcg) || !near(q.Recall100, w.recall) || !near(q.MRR10, w.mrr) {
			t.Errorf("%s: nDCG %.5f Recall %.5f MRR %.5f, want %.5f %.5f %.5f (ranked %v)",
				q.ID, q.NDCG10, q.Recall100, q.MRR10, w.ndcg, w.recall, w.mrr, q.Ranked)
		}
	}
	if !near(rep.NDCG10, 0.33701) || !near(rep.Recall100, 0.5) || !near(rep.MRR10, 0.5) {
		t.Errorf("means: %v, want nDCG@10=0.33701 Recall@100=0.5 MRR@10=0.5", rep)
	}
}

func TestNDCGGradedByHand(t *testing.T) {
	// Ranking a, b, c; judged a=1, c=2, d=2 (d not retrieved).
	// DCG = 1/log2(2) + 0 + 2/log2(4) = 2
	// ideal: 2, 2, 1 → 2 + 2/log2(3) + 1/log2(4) = 3.76186
	rel := map[string]int{"a": 1, "c": 2, "d": 2, "x": 0}
	if got := ndcgAt([]string{"a", "b", "c"}, rel, 10); !near(got, 2/3.76186) {
		t.Errorf("nDCG = %.5f, want %.5f", got, 2/3.76186)
	}
	if got := recallAt([]string{"a", "b", "c"}, rel, 2); !near(got, 1.0/3) {
		t.Errorf("Recall@2 = %.5f, want 1/3", got)
	}
	if got := mrrAt([]string{"x", "b", "c"}, rel, 10); !near(got, 1.0/3) {
		t.Errorf("MRR = %.5f, want 1/3 (x is judged 0)", got)
	}
}

// TestEvalBEIRNews runs the hand-made news set in testdata/beir/news: 48
// short articles on 15 topics with near-miss distractors, 20 questions with
// graded judgements.
func TestEvalBEIRNews(t *testing.T) {
	rep, err := EvalBEIR(context.Background(), filepath.Join("testdata", "beir", "news"), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	for _, q := range rep.PerQuery {
		t.Logf("%-4s nDCG %.3f MRR %.2f %v %q", q.ID, q.NDCG10, q.MRR10, q.Ranked[:min(4, len(q.Ranked))], q.Text)
	}
	if rep.Docs != 48 || rep.Queries != 20 {
		t.Errorf("docs=%d queries=%d, want 48 and 20", rep.Docs, rep.Queries)
	}
	if rep.NDCG10 < 0.80 || rep.MRR10 < 0.90 || rep.Recall100 < 0.95 {
		t.Errorf("%v: below the floor nDCG@10 0.80, MRR@10 0.90, Recall@100 0.95", rep)
	}
}

func TestEvalBEIRErrorsNameTheLine(t *testing.T) {
	dir := writeBEIR(t, "{\"_id\":\"a\",\"text\":\"x\"}\n{broken\n", "", "query-id\tcorpus-id\tscore\n")
	_, err := EvalBEIR(context.Background(), dir, DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), "corpus.jsonl line 2") {
		t.Errorf("err = %v, want it to name corpus.jsonl line 2", err)
	}
	dir = writeBEIR(t, "", "", "query-id\tcorpus-id\tscore\nq1\td1\tgood\n")
	_, err = EvalBEIR(context.Background(), dir, DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), "test.tsv line 2") {
		t.Errorf("err = %v, want it to name test.tsv line 2", err)
	}
}

// TestEvalBEIRStoredIndex evaluates retrieval through a store and its
// index folder, as bot ask --db searches, and checks that it ranks every
// query as the index in memory does: the same nDCG, recall and MRR, on the
// hand-made set and on SciFact when the shared data is beside the project.
func TestEvalBEIRStoredIndex(t *testing.T) {
	dirs := []string{filepath.Join("testdata", "beir", "news")}
	if sci := filepath.Join(benchDir, "scifact"); !testing.Short() {
		if _, err := os.Stat(sci); err == nil {
			dirs = append(dirs, sci)
		}
	}
	for _, dir := range dirs {
		ctx := context.Background()
		mem, err := EvalBEIR(ctx, dir, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		stored, err := EvalBEIRIn(ctx, dir, DefaultOptions(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if stored.Docs != mem.Docs || stored.NDCG10 != mem.NDCG10 || stored.Recall100 != mem.Recall100 || stored.MRR10 != mem.MRR10 {
			t.Errorf("%s: stored index %d docs, nDCG@10 %.4f, Recall@100 %.4f, MRR@10 %.4f; in memory %d, %.4f, %.4f, %.4f",
				dir, stored.Docs, stored.NDCG10, stored.Recall100, stored.MRR10, mem.Docs, mem.NDCG10, mem.Recall100, mem.MRR10)
		}
	}
}
