package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
)

// header opens the output; the lexicon package checks it.
const header = "#wordnet-lexicon 1\n" +
	"# Compiled from WordNet 3.0 by qa/lexicon/internal/gen; do not edit.\n" +
	"# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. See LICENSE.wordnet.\n"

// write writes o to w, gzip-compressed. Each section starts with a line
// "#section NAME COUNT", COUNT being the number of its lines.
func write(w io.Writer, o *output) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(header)
	fmt.Fprintf(bw, "#section lemmas %d\n", len(o.lemmas))
	for _, l := range o.lemmas {
		bw.WriteString(l.lemma)
		for _, p := range l.parts {
			fmt.Fprintf(bw, "\t%c:%s", p.pos, strings.Join(p.related, " "))
		}
		bw.WriteByte('\n')
	}
	fmt.Fprintf(bw, "#section inflections %d\n", len(o.inflections))
	for _, l := range o.inflections {
		fmt.Fprintf(bw, "%s\t%c\t%s\n", l.form, l.pos, strings.Join(l.bases, " "))
	}
	fmt.Fprintf(bw, "#section sets %d\n", 1)
	fmt.Fprintf(bw, "@speech\t%s\n", strings.Join(o.speech, " "))
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
