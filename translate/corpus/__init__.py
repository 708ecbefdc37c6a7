"""Review a corpus of document pairs: resumable, parallel, on Ray."""
