"""Import an existing compte-rendu (.txt, .md, .docx, .odt) as draft structured minutes.

Three steps, each usable alone:

- ``readers.read_document(data, filename)``: file bytes → ``Document`` (a list of ``Block``:
  heading with its level, paragraph, list item, footnote), or ``ImportFileError`` with a
  French message;
- ``parser.parse_document(document)``: blocks → ``ParsedMinutes``, a plain dataclass tree,
  no database, with a warning for each line it could not place;
- ``services.minutes_import_preview`` / ``services.minutes_import``: match people and axes,
  then (import only) write the sitting, attendance, draft minutes and axis records.
"""
