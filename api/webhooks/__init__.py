"""Signed, durable webhooks (Standard Webhooks), and the outbox the ATS integrations' result requests
go through (the integrations themselves are in api.integrations).

- ``models``: endpoints, events (the outbox), deliveries, attempts;
- ``events``: the event types, their payload schemas and how each is built;
- ``outbox``: ``WebhookOutbox``, one per app (built by ``runtime.make_outbox``); ``emit`` writes an
  event and its deliveries in the caller's transaction;
- ``worker``: delivers due deliveries with retries (a thread in the API process, or any process),
  claiming them through api.leased_outbox;
- ``signing``, ``secrets``, ``guard``: signatures, new ``whsec_`` secrets (stored encrypted by
  api.security.SecretBox), the outbound address guard.
"""
