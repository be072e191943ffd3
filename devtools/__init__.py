"""Developer tooling kept out of the engine: the synthetic genome generator used by tests, benchmarks and the demo."""
