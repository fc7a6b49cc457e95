"""Invitation e-mails: templated (Jinja), sent over SMTP from a durable outbox (nothing is lost when the
mail server is down), with a reminder before the invitation expires."""
