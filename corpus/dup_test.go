package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"math/rand/v2"
	"path"
	"strings"
	"testing"
	"unicode"

	"github.com/newsdesk/newsdesk/sample"
)

func TestContentHashNormalises(t *testing.T) {
	base := "Baku said on Feb. 20 that \"the attack\" was foreign."
	same := []string{
		base,
		"  Baku said on Feb. 20 that \"the attack\" was foreign.\n",
		"Baku  said\ton Feb.\n\n20 that \"the attack\" was foreign.",
		"BAKU SAID ON FEB. 20 THAT \"THE ATTACK\" WAS FOREIGN.",
		"Baku said on Feb. 20 that \u201cthe attack\u201d was foreign.",
		"Baku said on\u00a0Feb. 20 that \u201cthe att\u200back\u201d was foreign.",
	}
	want := ContentHash(base)
	for _, s := range same {
		if got := ContentHash(s); got != want {
			t.Errorf("ContentHash(%q) = %s, want the hash of %q", s, got, base)
		}
	}
	different := []string{
		"Baku said on Feb. 21 that \"the attack\" was foreign.",
		"Baku said on Feb. 20 that 'the attack' was foreign.",
		"Bakusaid on Feb. 20 that \"the attack\" was foreign.",
	}
	for _, s := range different {
		if ContentHash(s) == want {
			t.Errorf("ContentHash(%q) equals the hash of %q", s, base)
		}
	}
	// The hash is SHA-256 of the normalised text, so other tools can check it.
	sum := sha256.Sum256([]byte("one two \"three\""))
	if got, want := ContentHash(" One\n\nTWO \u201cthree\u201d "), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("ContentHash = %s, want SHA-256 of the normalised text %s", got, want)
	}
}

func FuzzContentHash(f *testing.F) {
	f.Add("Hello, world.\n\nSecond paragraph.")
	f.Add("\u201cQuoted\u201d  text\u00a0here")
	f.Add("\xff\xfe broken")
	f.Fuzz(func(t *testing.T, s string) {
		respaced := strings.Join(strings.Fields(s), " \n\t ")
		upper := strings.ToUpper(s)
		for _, v := range []string{respaced, upper} {
			if ContentHash(v) != ContentHash(s) {
				t.Errorf("ContentHash(%q) != ContentHash(%q)", v, s)
			}
			if a, b := Signature(v), Signature(s); Similarity(a, b) != 1 && !(a == nil && b == nil) {
				t.Errorf("Signature(%q) differs from Signature(%q): similarity %.2f", v, s, Similarity(a, b))
			}
		}
	})
}

func TestSignatureShape(t *testing.T) {
	for _, s := range []string{"", "  ", "... -- !!", "\n\n"} {
		if sig := Signature(s); sig != nil {
			t.Errorf("Signature(%q) = %d values, want nil for a text without words", s, len(sig))
		}
		if keys := BandKeys(Signature(s)); keys != nil {
			t.Errorf("BandKeys(Signature(%q)) = %d keys, want none", s, len(keys))
		}
	}
	for _, s := range []string{"one", "one two three", "one two three four five six seven"} {
		sig := Signature(s)
		if len(sig) != SignatureSize {
			t.Fatalf("Signature(%q) has %d values, want %d", s, len(sig), SignatureSize)
		}
		if got := Similarity(sig, Signature(s)); got != 1 {
			t.Errorf("Similarity of %q with itself = %v, want 1", s, got)
		}
		if n := len(BandKeys(sig)); n != lshBands {
			t.Errorf("BandKeys(%q) = %d keys, want %d", s, n, lshBands)
		}
	}
	if got := Similarity(Signature("one two"), Signature("two one")); got == 1 {
		t.Error("word order is ignored: \"one two\" and \"two one\" have similarity 1")
	}
	if got := Similarity(nil, nil); got != 0 {
		t.Errorf("Similarity(nil, nil) = %v, want 0", got)
	}
}

// refShingles is a plain reference implementation of the word 5-shingle
// set that Signature summarises.
func refShingles(s string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	set := map[string]bool{}
	for i := 0; i+shingleWords <= len(words); i++ {
		set[strings.Join(words[i:i+shingleWords], " ")] = true
	}
	if len(words) > 0 && len(words) < shingleWords {
		set[strings.Join(words, " ")] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// TestSimilarityEstimatesJaccard checks the MinHash estimate against the
// exact Jaccard similarity of shingle sets over pairs with overlaps from
// none to all.
func TestSimilarityEstimatesJaccard(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := newArticleGen(7)
	for trial := range 60 {
		a := strings.Fields(g.body(rng.IntN(4) + 3))
		// b keeps a prefix of a and replaces the rest with new words.
		keep := rng.IntN(len(a) + 1)
		b := append(append([]string{}, a[:keep]...), strings.Fields(g.body(rng.IntN(3)+1))...)
		as, bs := strings.Join(a, " "), strings.Join(b, " ")
		exact := jaccard(refShingles(as), refShingles(bs))
		est := Similarity(Signature(as), Signature(bs))
		// 0.15 is more than three standard errors at the worst case J = 0.5.
		if d := est - exact; d > 0.15 || d < -0.15 {
			t.Errorf("trial %d: estimate %.3f, exact Jaccard %.3f", trial, est, exact)
		}
	}
}

// seedDocs parses the sample articles, in file name order.
func seedDocs(t testing.TB) []*Document {
	t.Helper()
	entries, err := fs.ReadDir(sample.FS, sample.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*Document
	for _, e := range entries {
		name := path.Join(sample.Dir, e.Name())
		b, err := fs.ReadFile(sample.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(Source{Origin: name, Content: string(b)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs = append(docs, d)
	}
	return docs
}

// rewrites returns variants of an article body as a syndicating site or a
// careless scraper would make them, with the least Similarity each must keep
// to the original to count as a near-duplicate.
func rewrites(body string) []struct {
	name string
	text string
	near bool // must be found as a near-duplicate
} {
	paras := strings.Split(body, "\n\n")
	swapped := append([]string{}, paras...)
	for i := 0; i+1 < len(swapped); i += 3 {
		swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
	}
	edited := append([]string{}, paras...)
	for i := 1; i < len(edited); i += 4 {
		edited[i] = "According to officials, " + strings.ToLower(edited[i][:1]) + edited[i][1:] + " Officials declined to comment further."
	}
	half := strings.Join(paras[:(len(paras)+1)/2], "\n\n")
	return []struct {
		name string
		text string
		near bool
	}{
		{"other chrome", "Home | World | Business\n\nSubscribe to our newsletter for the latest news\n\n" + body +
			"\n\nShare this article on Facebook, X and Telegram\n\n© 2025 Syndicate Media. All rights reserved.", true},
		{"paragraphs swapped", strings.Join(swapped, "\n\n"), true},
		{"sentences edited", strings.Join(edited, "\n\n"), true},
		{"respaced and requoted", strings.ReplaceAll(strings.ReplaceAll(body, " ", "  "), "\"", "\u201d"), true},
		{"first half only", half, false},
	}
}

// TestNearDuplicateThreshold shows the numbers behind NearDuplicate: the
// seeds (five articles on one story) are far apart, their rewrites close.
func TestNearDuplicateThreshold(t *testing.T) {
	seeds := seedDocs(t)
	for i, a := range seeds {
		for _, b := range seeds[i+1:] {
			s := Similarity(Signature(a.Body), Signature(b.Body))
			t.Logf("%s vs %s: %.3f", a.Origin, b.Origin, s)
			if s >= 0.2 {
				t.Errorf("seeds %s and %s, different articles, have similarity %.2f", a.Origin, b.Origin, s)
			}
		}
	}
	for _, d := range seeds {
		n := d.Origin
		sig := Signature(d.Body)
		keys := BandKeys(sig)
		for _, rw := range rewrites(d.Body) {
			rsig := Signature(rw.text)
			s := Similarity(sig, rsig)
			shared := 0
			for i, k := range BandKeys(rsig) {
				if k == keys[i] {
					shared++
				}
			}
			t.Logf("%s, %-22s similarity %.3f, shared bands %2d", n, rw.name, s, shared)
			if rw.near && (s < NearDuplicate || shared == 0) {
				t.Errorf("seed %s, %s: similarity %.2f with %d shared bands, want a near-duplicate (≥ %.2f, ≥ 1 band)",
					n, rw.name, s, shared, NearDuplicate)
			}
		}
	}
}

func BenchmarkSignature(b *testing.B) {
	body := newArticleGen(1).body(12)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		Signature(body)
	}
}

func BenchmarkContentHash(b *testing.B) {
	body := newArticleGen(1).body(12)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		ContentHash(body)
	}
}
