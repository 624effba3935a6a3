"""Domain-free helpers: environment readers, small utilities shared by every app."""
