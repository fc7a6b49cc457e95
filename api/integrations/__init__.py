"""ATS integrations: one module each (``greenhouse``, ``lever``, ``ashby``) on the seam of ``base``,
listed and wired in ``registry``. Their settings are in ``settings`` (a leaf)."""
