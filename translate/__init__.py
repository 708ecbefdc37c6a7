"""translate: machine-translation review and alignment toolkit.

Stages (one module each): read -> segment -> translate -> align -> score -> flag -> report.
``translate.pipeline.review`` runs them in order; ``translate.cli`` is the command line.
"""

__version__ = "0.1.0"
