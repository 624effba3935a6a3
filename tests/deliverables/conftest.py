"""Deliverable tests use the shared deal fixtures (tests/fixtures.py): offer, signed."""
