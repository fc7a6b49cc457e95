"""The staff console (server-rendered HTML under /ui/): login, assessments, invitations and their
reports, the HR console's actions, analytics. ``api.console.mount.install(app)`` adds it."""
