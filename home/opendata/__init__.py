"""The council's own work as open data (issue 14, section 3), beside the PDIN editions.

Four datasets, each as CSV (RFC 4180, UTF-8, header row) and JSON under Licence Ouverte 2.0,
with a Table Schema in ``schemas/<name>.json`` (the column order of the files is the
order of its fields): sittings, questions and answers, opinions on referrals, published
versions of the minutes. Only what the public may already read is exported
(``selectors``); the index page ``/donnees/catalogue/`` lists every dataset, the PDIN
editions (``pdin.opendata``) included.
"""
