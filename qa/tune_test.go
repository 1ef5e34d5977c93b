package qa

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

var tune = flag.Bool("tune", false, "print retrieval figures over a grid of ranking options")

// TestTune prints, for a grid of ranking options, the figures the defaults
// were chosen by: nDCG@10 and MRR@10 on the hand-made BEIR set, and MRR and
// top-1 accuracy of citable articles on the seed questions. Run it with
//
//	go test ./qa -run TestTune -tune -v
func TestTune(t *testing.T) {
	if !*tune {
		t.Skip("run with -tune")
	}
	dir := filepath.Join("testdata", "beir", "news")
	fmt.Printf("%-5s %-5s %-5s %-6s %-5s %-5s | %-7s %-7s | %-7s %-6s %s\n", "k1", "b", "title", "window", "para", "prox", "nDCG10", "MRR10", "seedMRR", "top1", "recall")
	for _, k1 := range tuneK1 {
		for _, b := range tuneB {
			for _, boost := range tuneTitle {
				for _, win := range tuneWindow {
					for _, prox := range tuneProx {
						o := Options{K1: k1, B: b, TitleBoost: boost, Window: win, Proximity: prox}
						if win < 0 {
							o.Window, o.Paragraphs = 0, true
						}
						rep, err := EvalBEIR(context.Background(), dir, o)
						if err != nil {
							t.Fatal(err)
						}
						ix := seedIndex(t, o)
						mrr, recall := seedFigures(ix)
						top1 := 0
						for _, sq := range seedQuestions {
							if h := ix.Search(sq.q, 1); len(h) > 0 && slices.Contains(sq.cite, seedName(h[0].Doc)) {
								top1++
							}
						}
						fmt.Printf("%-5.1f %-5.2f %-5.1f %-6d %-5v %-5.1f | %.4f  %.4f  | %.4f  %d/%d    %.3f\n",
							k1, b, boost, o.Window, o.Paragraphs, prox, rep.NDCG10, rep.MRR10, mrr, top1, len(seedQuestions), recall)
					}
				}
			}
		}
	}
}

// The grid of TestTune; a Window of -1 stands for paragraph passages.
var (
	tuneK1     = []float64{0.9, 1.2, 1.6}
	tuneB      = []float64{0.4, 0.75}
	tuneTitle  = []float64{0, 0.5, 1, 2}
	tuneWindow = []int{0, 1, 2, -1}
	tuneProx   = []float64{0, 0.5, 1}
)
