"""Evaluation: precision, recall and F1 of the graph against hand-annotated gold files.

`gold` reads and checks the gold JSON, `predictions` reads the store with SPARQL,
`matching` holds the matching rules, `report` the scores and their rendering, and
`command.run_eval` is what `pockg eval` calls.
"""

from pockg.evaluate.command import run_eval

__all__ = ["run_eval"]
