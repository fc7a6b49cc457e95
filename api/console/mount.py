"""``install(app)``: the console's routes, its static files (/ui/static) and its error pages (a login
redirect for a page without a session; errors on /ui/ pages as a page)."""

from __future__ import annotations

from fastapi import FastAPI

from api.console import (
    actions,
    analytics,
    ats,
    attempts,
    authoring,
    authoring_versions,
    comments,
    compare,
    data_export,
    exports,
    inviting,
    my_reviews,
    pages,
    problems,
    quiz_scores,
    reviews,
    routes,
    signin,
    team,
)


def install(app: FastAPI) -> None:
    app.include_router(actions.router)  # the HR console's actions (first: /ui/assessments/new before {id})
    app.include_router(inviting.router)  # inviting one or many, the page of what an invite did (issue 26)
    app.include_router(analytics.router)  # analytics page, its CSV (issue 15)
    app.include_router(reviews.router)  # reviewing together: reviews, reviewers, decisions, the scorecard (issue 21)
    app.include_router(quiz_scores.router)  # a reviewer's points for a free-text answer of a quiz (issue 25)
    app.include_router(signin.router)  # sign-in, set-up and join links, single sign-on (issue 21)
    app.include_router(team.router)  # the Team page: members, roles, invitations (issue 21)
    app.include_router(my_reviews.router)  # My reviews: a reviewer's queue (issue 21)
    app.include_router(ats.router)  # an admin sends a failed ATS request again (issue 28)
    app.include_router(exports.router)  # an assessment's results as CSV / XLSX (issue 26)
    app.include_router(compare.router)  # candidates side by side (issue 26)
    app.include_router(problems.router)  # the problem library and a problem's page (issue 26)
    app.include_router(authoring.router)  # writing and uploading problems in the console (issue 25)
    app.include_router(authoring_versions.router)  # verify a version, changes between versions, move (issue 25)
    app.include_router(comments.router)  # line comments on a candidate's code (issue 21)
    app.include_router(attempts.router)  # every attempt's page, a diff of two (issue 26)
    app.include_router(data_export.router)  # the right-of-access export of a candidate's data (issue 23)
    app.include_router(routes.router)
    app.mount("/ui/static", pages.ASSETS.files(), name="ui-static")
    app.add_exception_handler(pages.LoginRequired, pages.login_required)
    pages.ENV.globals["manages_a_team"] = team.manages_a_team  # the header's "Team" link
    pages.ENV.globals["my_reviews_count"] = my_reviews.my_reviews_count  # the header's "My reviews" link
