package qa

import "math"

// Ranking. A passage P of document D scores, for the distinct terms t of
// the query,
//
//	score(P) = Σ_t idf(t) · f·(k1+1) / (f + k1·(1 − b + b·|P|/avgP))
//	           + proximity(P)   (search.go: for the best passages only)
//	f        = tf(t, P) + TitleBoost · [t in title(D)]
//	idf(t)   = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
//
// where tf(t, P) counts the term in the passage's sentences, |P| is the
// passage's length in indexed words, avgP the mean over all passages, N the
// number of sentences (or paragraphs) and n(t) how many of them hold t. The
// title enters BM25F-style, as extra occurrences before saturation, so a
// title match lifts every passage of the article without outweighing a
// passage that says the thing several times. Only passages with at least
// one query term in their body are candidates: a title alone quotes
// nothing.
//
//	proximity(P) = Proximity · max over sentences S of P of
//	               Σ over pairs of query words (u, v) in S of min(idf(u), idf(v)) / d(u, v)²
//
// with d the least distance in words between u and v in S: adjacent words
// ("Cozy Bear") add the most, words in different sentences nothing. A
// compound and its parts count as one query word.

// idf returns the BM25 inverse document frequency of a term found in n of
// units passage units.
func idf(units, n int) float64 {
	return math.Log(1 + (float64(units)-float64(n)+0.5)/(float64(n)+0.5))
}

// saturate returns the BM25 weight of a term found f times in a passage
// of length words, given the mean passage length avg.
func saturate(f, length, avg, k1, b float64) float64 {
	if f <= 0 {
		return 0
	}
	if avg <= 0 {
		avg = 1
	}
	return f * (k1 + 1) / (f + k1*(1-b+b*length/avg))
}
