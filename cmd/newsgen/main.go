// Command newsgen writes a benchmark archive of N articles made of real
// news text (package internal/newsgen), as JSON Lines that bot ingest
// reads:
//
//	go run ./cmd/newsgen -n 100000 -out /tmp/news100k.jsonl.gz \
//	    ../shared/bench/reuters21578.jsonl.gz ../shared/bench/bbc-news.jsonl.gz
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/newsdesk/newsdesk/internal/newsgen"
)

func main() {
	n := flag.Int("n", 100000, "how many articles")
	seed := flag.Uint64("seed", 1, "the generator's seed: the same seed, the same archive")
	out := flag.String("out", "", "archive `file` to write; .gz compresses it")
	flag.Parse()
	if err := run(*n, *seed, *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "newsgen:", err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, out string, archives []string) error {
	if out == "" || len(archives) == 0 || n < 1 {
		return fmt.Errorf("usage: newsgen [-n N] [-seed S] -out FILE ARCHIVE...")
	}
	pool, err := newsgen.Load(seed, archives...)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var gz *gzip.Writer
	if strings.HasSuffix(out, ".gz") {
		gz = gzip.NewWriter(f)
		w = gz
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	for src := range pool.Articles(n) {
		rec := map[string]string{"id": src.Origin[len("newsgen#"):], "title": src.Meta.Title, "text": src.Content,
			"outlet": src.Meta.Outlet, "published": src.Meta.Published.Format("2006-01-02"), "lang": src.Meta.Lang}
		if err := enc.Encode(rec); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}
