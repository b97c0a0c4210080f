"""Import and export of the registry from the product's own xlsx and CSV templates.

Download a template (:mod:`.templates`), fill it, upload it: :func:`.service.import_file` checks
every row and imports all of it or nothing, reporting every bad row with its column and reason
(on screen, and as an xlsx copy of the upload with an error column: :mod:`.report`). Exports
(:mod:`.export`) use the same columns so that they can be re-imported.
"""
