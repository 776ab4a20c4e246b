"""Use cases that span several aggregates. Plain functions over a Store."""
