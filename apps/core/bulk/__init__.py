"""Bulk entry by spreadsheet: the machinery every import shares (ground floor).

- ``sheet``: reading an uploaded .xlsx/.csv with its defences (size, zip bomb, formulas never
  evaluated, UTF-8/GBK/GB18030) and writing a template with its 填写说明 sheet;
- ``problems``: problems by row and column with Chinese messages;
- ``columns``: one parser per column type (text, date, number, choice, phone, code);
- ``kinds``: the registry where an owning app declares what it imports (``BulkKind``);
- ``services``: upload → check → preview → confirm (all or nothing), in Celery above
  ``IMPORT_ASYNC_ROWS`` rows, on the generic ``BulkImport`` model;
- ``views``/``urls``: the upload, template, preview and confirm pages of every kind.

The target-client list import (apps.cases) uses ``sheet`` and ``problems`` too.
"""
