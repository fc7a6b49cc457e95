"""Signed, durable webhooks (Standard Webhooks) and the Greenhouse Assessment Partner integration.

- ``models``: endpoints, events (the outbox), deliveries, attempts, Greenhouse tests;
- ``events``: the event types, their payload schemas and how each is built;
- ``outbox``: ``emit`` writes an event and its deliveries in the caller's transaction;
- ``worker``: delivers due deliveries with retries (a thread in the API process, or any process);
- ``signing``, ``secrets``, ``guard``: signatures, secret storage, the outbound address guard.
"""
