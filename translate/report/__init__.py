"""Stage 7, report: JSON report, terminal table, HTML page, exports, JUnit, the table of writers."""
