"""The candidate pages under /take/: the landing page, the workspace (the JavaScript app in web/, built
into static/dist/), the summary and the transparency report. ``api.take.mount.install(app)`` adds them."""
