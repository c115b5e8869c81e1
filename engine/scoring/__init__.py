"""Scoring: indicator systems as versioned data (indicators, catalog), the scoring rules, score
forms expanded from indicators (sheets), and score records kept per case."""
