"""Stage 4, translate: engines (registry), hub/local models, batching, cache, forced decoding."""
