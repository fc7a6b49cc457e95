"""What the two page apps (api.console, the staff console; api.take, the candidate pages) share: the
Jinja2 environment and its filters (templating), the security headers (headers), errors answered as
pages (errors) and the stylesheet both use (static/assay.css). Nothing here knows either app."""
