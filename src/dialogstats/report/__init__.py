"""Report layer: labels, number formats, figures, summaries and the documents' presentation code."""
