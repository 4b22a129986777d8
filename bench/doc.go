// Package bench holds benchmarks that span packages: loading and chunking,
// embedding, index build and restart, search against chromem-go's own
// query, the whole ask path with an instant chat model and offline with no
// chat model (USE-Lite and WordNet, extractive), memory per passage,
// and the prompt cost of collapsing near-duplicate passages. See
// BENCHMARKS.md at the repository root for the results and how to rerun them.
package bench
