"""The package version, in a module of its own: the reports, exports and the CLI stamp it,
and importing it from here rather than from ``translate`` keeps every stage free of the
package root (whose lazy public API points back at the stages)."""

__version__ = "0.1.0"
