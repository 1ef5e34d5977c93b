package qa

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestDefaultModel: the embedded model fits the features this build
// computes (DefaultModel would panic otherwise) and names its data.
func TestDefaultModel(t *testing.T) {
	m := DefaultModel()
	if len(m.FittedOn) == 0 || m.Command == "" {
		t.Errorf("model.json does not say what it was fitted on: %v %q", m.FittedOn, m.Command)
	}
	if len(m.Shapes) == 0 || len(m.Cues) == 0 {
		t.Errorf("model.json has %d shapes and %d cue lists: not fitted", len(m.Shapes), len(m.Cues))
	}
}

// TestModelUpToDate fits the model again on the shared data, as go
// generate does, and compares it with the embedded one: a change to the
// features or the fitting that was not followed by bot fit fails here.
func TestModelUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the model")
	}
	var data []FitData
	for _, f := range []string{"squad-v1.1-dev-A.jsonl", "xquad-ru-A.jsonl", "xquad-en-A.jsonl"} {
		path := filepath.Join(benchDir, f)
		if _, err := os.Stat(path); err != nil {
			t.Skipf("%s: %v (the shared data is not beside the project)", f, err)
		}
		cases, err := ReadSquad(path)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, FitData{Name: f, Cases: cases})
	}
	m, err := Fit(context.Background(), data, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m.Command = DefaultModel().Command
	// Compare as model.json stores it: floats as JSON writes them.
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var got, want Model
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(modelJSON, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("qa/model.json is not what bot fit makes of the shared data: run go generate ./qa")
	}
}

func TestWilsonLower(t *testing.T) {
	for _, tc := range []struct {
		right, n int
		lo, hi   float64
	}{
		{36, 39, 0.81, 0.84}, // 92% seen on 39: not enough to promise 92%
		{920, 1000, 0.90, 0.91},
		{20, 20, 0.87, 0.89},
		{0, 20, 0, 0.01},
	} {
		if got := wilsonLower(tc.right, tc.n); got < tc.lo || got > tc.hi {
			t.Errorf("wilsonLower(%d, %d) = %.3f, want in [%.2f, %.2f]", tc.right, tc.n, got, tc.lo, tc.hi)
		}
	}
}
