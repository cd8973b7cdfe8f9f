"""The facts and rules: data loading, errors, languages, the models, the community variables,
the assessment, the comparison table and its editions, references, cases and course content.

Nothing here imports a widget, a plot library or a server: every other layer builds on this one.
"""
