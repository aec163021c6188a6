"""The instructor's workshop kit: a real nbgrader course from a roster, collecting the files
learners hand in, grading them with the kit's grader, feedback per learner, and the class report.

    init DIR --roster roster.csv    course.py
    collect DIR SUBMISSIONS         collect.py
    grade DIR                       grade.py
    feedback DIR                    feedback.py
    report DIR                      report.py, lms.py, classpage.py

The course folder is an ordinary nbgrader course (nbgrader_config.py, source/, release/,
submitted/, autograded/, feedback/, gradebook.db); the kit keeps its own records under
``DIR/.dsroles/`` (the roster, one result record per learner and assessment).
"""
