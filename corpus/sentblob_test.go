package corpus

import (
	"fmt"
	"slices"
	"testing"
)

func TestSentenceBlobRoundTrip(t *testing.T) {
	body := "First sentence. Second one.\n\nNew paragraph here."
	ss := []Sentence{{0, 15, 0}, {16, 27, 0}, {29, 48, 1}}
	blob, err := encodeSentences(ss, len(body))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprintf("%x", blob), "03000f00020b00041302"; got != want {
		t.Errorf("encoded %x, want %s (the v1 fixture relies on it)", blob, want)
	}
	back, err := decodeSentences(blob, len(body))
	if err != nil || !slices.Equal(back, ss) {
		t.Errorf("decoded %v, %v; want %v", back, err, ss)
	}
	for _, n := range []int{0, 1, 5, len(blob) - 1} {
		if _, err := decodeSentences(blob[:n], len(body)); err == nil {
			t.Errorf("decoding %d of %d bytes succeeded", n, len(blob))
		}
	}
	if _, err := decodeSentences(blob, 40); err == nil {
		t.Error("decoding sentences past the body's end succeeded")
	}
}

func FuzzDecodeSentences(f *testing.F) {
	f.Add([]byte{3, 0, 15, 0, 2, 11, 0, 4, 19, 2}, 48)
	f.Add([]byte{1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0}, 10)
	f.Fuzz(func(t *testing.T, blob []byte, bodyLen int) {
		if bodyLen < 0 || bodyLen > 1<<20 {
			return
		}
		ss, err := decodeSentences(blob, bodyLen)
		if err != nil {
			return
		}
		for _, s := range ss {
			if s.Start < 0 || s.End < s.Start || s.End > bodyLen {
				t.Fatalf("decoded sentence %+v outside a body of %d bytes", s, bodyLen)
			}
		}
		again, err := encodeSentences(ss, bodyLen)
		if err != nil {
			t.Fatal(err)
		}
		if back, _ := decodeSentences(again, bodyLen); !slices.Equal(back, ss) {
			t.Fatalf("re-encoding changed the sentences")
		}
	})
}
