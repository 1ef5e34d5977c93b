package corpus

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

func TestBoilerplate(t *testing.T) {
	const appeal = "We’re working hard to keep our reporting free for everyone, because reliable information should be available to all."
	doc := func(i int) []string {
		return []string{
			fmt.Sprintf("Story %d: the council met on Monday and approved item %d of its agenda.", i, i),
			appeal,
			fmt.Sprintf("The vote on item %d was close, members said.", i),
		}
	}
	b := NewBoilerplate(3)
	b.Learn("The Example Times", doc(1))
	b.Learn("The Example Times", doc(2))
	if got := b.Strip("The Example Times", doc(3)); !slices.Equal(got, doc(3)) {
		t.Errorf("after two documents the appeal is stripped already: %q", got)
	}
	var wg sync.WaitGroup
	for i := 3; i <= 6; i++ {
		wg.Go(func() { b.Learn("the example times ", doc(i)) }) // outlet names match regardless of case
	}
	wg.Wait()
	got := b.Strip("The Example Times", doc(7))
	if want := []string{doc(7)[0], doc(7)[2]}; !slices.Equal(got, want) {
		t.Errorf("Strip = %q, want the appeal gone: %q", got, want)
	}
	if !b.Repeated("The Example Times", "  we’re working hard to keep our reporting  free for everyone, because reliable information should be available to all.") {
		t.Error("a repeated paragraph differing only in case and spacing is not recognised")
	}
	if b.Repeated("Other Outlet", appeal) {
		t.Error("a paragraph one outlet repeats counts for another")
	}
	if got := b.Strip("The Example Times", []string{appeal}); !slices.Equal(got, []string{appeal}) {
		t.Errorf("a document made only of boilerplate was stripped to %q, want it whole", got)
	}
	b.Learn("", doc(8))
	if b.Repeated("", appeal) {
		t.Error("documents without an outlet taught something")
	}
}
