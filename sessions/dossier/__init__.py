"""The « dossier de réponses » (issue 14): every question of an axis or of a sitting with its
theme, status, answer, who answered and where it was presented, as a page and as a PDF."""
