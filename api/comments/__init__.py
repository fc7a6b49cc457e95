"""Line comments on a candidate's code (issue 21): threads on a line of a file of a submission, with
replies, resolved and reopened. ``models`` the tables, ``threads`` what staff may do with them,
``schemas`` the REST shapes."""
