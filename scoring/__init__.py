"""Assessment and Result models, metric formulas, the scoring engine, gap analysis and the CLI."""
