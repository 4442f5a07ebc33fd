"""Episode transcripts: the document, the file formats (VTT, SRT, JSON, text) and the folder import."""
