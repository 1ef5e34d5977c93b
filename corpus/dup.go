package corpus

// Duplicates come in two kinds, and this file finds both.
//
// Exact duplicates have the same content hash: SHA-256 of the body after
// normalisation (case folded, runs of white space made one space, curly
// quotes made straight, zero-width characters dropped), so the same text
// with different spacing or typography is the same content.
//
// Near-duplicates (the same story with different chrome, a syndicated copy,
// paragraphs in another order) are found with MinHash over word 5-shingles:
//
//   - words are maximal runs of letters and digits, case folded; each
//     shingle is five consecutive words hashed to 64 bits;
//   - the Signature keeps, for each of SignatureSize hash functions
//     h_i(x) = a_i*x + b_i (mod 2^64), the minimum over all shingles;
//   - Similarity, the share of equal positions in two signatures, estimates
//     the Jaccard similarity of the two shingle sets (standard error
//     sqrt(J(1-J)/128), 0.044 at J = 0.5);
//   - for lookup the first 60 values of the signature are cut into
//     lshBands = 20 bands of lshRows = 3; two documents become candidates
//     when any band is equal, which happens with probability
//     1-(1-J^3)^20: 0.93 at J = 0.5, 0.992 at J = 0.6, 0.9998 at J = 0.7,
//     0.42 at J = 0.3 and 0.02 at J = 0.1. Candidates are then kept only
//     when Similarity ≥ NearDuplicate. Twenty bands rather than the 32 of
//     four that 128 values allow: each band is a row in the store's band
//     table, written at a random place in its b-tree, and these writes
//     are the largest cost of storing a document; three rows per band
//     also find J = 0.5 more often than four (0.93 against 0.87), at the
//     price of more candidates to check around J = 0.3, which different
//     articles almost never reach.
//
// NearDuplicate is 0.5. Measured on the cleaned sample seeds and on
// rewrites of them (TestNearDuplicateThreshold): the five seeds, different
// articles on one story, score 0.00-0.07 against each other; the same seed
// under other chrome scores 0.90-0.95, with every third pair of paragraphs
// swapped 0.84-0.91, with every fourth paragraph reworded 0.85-0.92, and
// all of these share at least twelve of the twenty bands. The threshold
// sits in the wide gap between; a copy of only the first half scores
// 0.31-0.65 depending on how much of the text that half holds, and counts
// as a near-duplicate only when it holds most of it.
//
// The hash functions and band layout are part of the stored data (the
// store keeps band keys): changing them needs a migration that recomputes
// the band table.

import (
	"crypto/sha256"
	"encoding/hex"
	"unicode"
	"unicode/utf8"
)

// SignatureSize is the number of hash functions in a MinHash Signature.
const SignatureSize = 128

// NearDuplicate is the Similarity from which two documents count as
// near-duplicates.
const NearDuplicate = 0.5

// shingleWords is the number of consecutive words in a shingle.
const shingleWords = 5

// The LSH layout: lshBands bands of lshRows signature values each, taken
// from the start of the signature.
const (
	lshRows  = 3
	lshBands = 20
)

// ContentHash returns the hex SHA-256 of body after normalisation, so that
// the same text with different spacing, letter case or quote style has the
// same hash.
func ContentHash(body string) string {
	h := sha256.New()
	var buf [1024]byte
	n := 0
	space := false // a white space run is pending
	started := false
	for _, r := range body {
		switch {
		case unicode.IsSpace(r):
			space = started
			continue
		case isZeroWidth(r):
			continue
		}
		r = foldRune(straightQuote(r))
		if n+utf8.UTFMax+1 > len(buf) {
			h.Write(buf[:n])
			n = 0
		}
		if space {
			buf[n] = ' '
			n++
			space = false
		}
		n += utf8.EncodeRune(buf[n:], r)
		started = true
	}
	h.Write(buf[:n])
	return hex.EncodeToString(h.Sum(nil))
}

// straightQuote maps typographic quotes to the ASCII ones.
func straightQuote(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
		return '"'
	}
	return r
}

// isZeroWidth reports characters that are invisible in a rendered text.
func isZeroWidth(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
		return true
	}
	return false
}

// foldRune maps r to one representative of its case class ("ſ", "S" and
// "s" all give "s"; "ς" and "Σ" give "σ").
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// minhashA and minhashB are the coefficients of the hash functions
// h_i(x) = a_i*x + b_i; the a_i are odd. They are fixed by a seed so that
// signatures (and stored band keys) are the same from run to run.
var minhashA, minhashB = minhashCoefficients()

func minhashCoefficients() (a, b [SignatureSize]uint64) {
	s := uint64(0x6e6577736465736b) // "newsdesk"
	next := func() uint64 {         // splitmix64
		s += 0x9e3779b97f4a7c15
		z := s
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return z ^ z>>31
	}
	for i := range a {
		a[i] = next() | 1
		b[i] = next()
	}
	return a, b
}

// mix64 is the murmur3 finaliser: every input bit affects every output bit.
func mix64(z uint64) uint64 {
	z ^= z >> 33
	z *= 0xff51afd7ed558ccd
	z ^= z >> 33
	z *= 0xc4ceb9fe1a85ec53
	return z ^ z>>33
}

// Signature returns the MinHash signature of body: SignatureSize values,
// one per hash function, over the body's word 5-shingles (or over its only
// shingle when it has fewer than five words). A body without words has no
// signature: Signature returns nil.
func Signature(body string) []uint64 {
	var mins [SignatureSize]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	// Shingle hashes are gathered in chunks and folded into mins four hash
	// functions at a time: four independent running minima in registers
	// let the CPU overlap their compare chains.
	var chunk [256]uint64
	n := 0
	flush := func() {
		xs := chunk[:n]
		for i := 0; i < SignatureSize; i += 4 {
			a0, a1, a2, a3 := minhashA[i], minhashA[i+1], minhashA[i+2], minhashA[i+3]
			b0, b1, b2, b3 := minhashB[i], minhashB[i+1], minhashB[i+2], minhashB[i+3]
			m0, m1, m2, m3 := mins[i], mins[i+1], mins[i+2], mins[i+3]
			for _, x := range xs {
				m0 = min(m0, a0*x+b0)
				m1 = min(m1, a1*x+b1)
				m2 = min(m2, a2*x+b2)
				m3 = min(m3, a3*x+b3)
			}
			mins[i], mins[i+1], mins[i+2], mins[i+3] = m0, m1, m2, m3
		}
		n = 0
	}
	var ring [shingleWords]uint64 // the hashes of the last words
	words := 0
	const offset, prime = 0xcbf29ce484222325, 0x100000001b3 // FNV-1a
	w, inWord := uint64(offset), false
	for _, r := range body {
		if isWordRune(r) {
			w = (w ^ uint64(foldRune(r))) * prime
			inWord = true
			continue
		}
		if !inWord {
			continue
		}
		ring[words%shingleWords] = mix64(w)
		words++
		w, inWord = offset, false
		if words >= shingleWords {
			chunk[n] = shingleHash(&ring, words, shingleWords)
			if n++; n == len(chunk) {
				flush()
			}
		}
	}
	if inWord {
		ring[words%shingleWords] = mix64(w)
		words++
		if words >= shingleWords {
			chunk[n] = shingleHash(&ring, words, shingleWords)
			n++
		}
	}
	switch {
	case words == 0:
		return nil
	case words < shingleWords:
		chunk[n] = shingleHash(&ring, words, words)
		n++
	}
	flush()
	sig := make([]uint64, SignatureSize)
	copy(sig, mins[:])
	return sig
}

// isWordRune reports whether r belongs to a word: letters, digits and the
// combining marks some scripts write inside words.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// shingleHash hashes the last k of the words seen so far (words of them),
// whose hashes are in ring, oldest first.
func shingleHash(ring *[shingleWords]uint64, words, k int) uint64 {
	var x uint64
	for j := words - k; j < words; j++ {
		x = x*0x100000001b3 + ring[j%shingleWords]
	}
	return mix64(x)
}

// Similarity estimates the Jaccard similarity of the shingle sets behind
// two signatures: the share of positions where they agree. Signatures of
// different lengths, or empty ones, have similarity 0.
func Similarity(a, b []uint64) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// BandKeys returns the LSH keys of a signature: one per band of four
// values, each hashed with its band number, so that documents sharing a
// key in the same band are near-duplicate candidates. A nil signature has
// no keys.
func BandKeys(sig []uint64) []uint64 {
	if len(sig) != SignatureSize {
		return nil
	}
	keys := make([]uint64, lshBands)
	for band := range keys {
		x := uint64(band + 1)
		for _, v := range sig[band*lshRows : (band+1)*lshRows] {
			x = mix64(x*0x100000001b3 ^ v)
		}
		keys[band] = x
	}
	return keys
}
