"""People: named staff users, their console sessions, hiring teams and the one-time links that bring
people in (first set-up, invitations to a team, password resets).

API keys (api.auth) stay for machines and scripts; a person signs in as themselves. The modules:

- ``models``: the tables (users, staff sessions, teams, team members, one-time links);
- ``passwords``: argon2 hashing (pwdlib) and the password policy;
- ``throttle``: brute-force limits on sign-in, per account and per client address;
- ``users``: create, authenticate, change password, deactivate (which ends every session at once);
- ``sessions``: server-side console sessions, revocable;
- ``links``: single-use, expiring links (set-up, team invitation, password reset);
- ``totp``: time-based one-time codes for local accounts (pyotp), with a replay guard;
- ``teams``: hiring teams, members and their roles, and what each role may do.
"""
