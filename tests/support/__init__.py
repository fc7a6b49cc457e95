"""What the tests share, written once: the gate for what a test needs from the machine (gate.py), loopback
ports and polling (net.py), the loopback HTTP server the fakes of other services are built on
(http_server.py), the Assay app in a thread and a webhook receiver process (service.py, receiver.py),
real SMTP and PostgreSQL servers (smtp.py, postgres.py), the browser (browser.py) and data builders
(reviewer_data.py, analytics_data.py, packages.py).

``tests/`` is on ``sys.path`` (pytest puts the folder of the root conftest.py there), so tests import
``from support.net import free_port``; bench scripts add ``tests/`` themselves.
"""
