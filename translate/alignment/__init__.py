"""Stage 3, align: source and rendering segments to links (1:1, 1:2, 2:1, 1:0, 0:1)."""
