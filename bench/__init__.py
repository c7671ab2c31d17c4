"""Samnod benchmarks: seed N submissions, measure the pages, print a table."""
