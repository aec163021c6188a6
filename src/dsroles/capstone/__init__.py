"""The capstone: the whole team's pipeline, one role's notebook feeding the next.

- ``stages``     the seven stages: role, notebook, folder, the files each hands over;
- ``contracts``  one contract per hand-over, each clause a named check giving a reason
                 (the clauses: ``handovers`` up to the release, ``downstream`` after it);
- ``outcome``    the business outcome of a run, and the reference chain's, computed here;
- ``chain``      runs the stages with papermill, checking each hand-over before the next;
- ``report``     the run report (JSON and HTML);
- ``lab``        where a stage notebook reads and writes when opened in the lab;
- ``grade``      a team's score: every hand-over against its contract, the outcome against
                 the reference.

Nothing is imported here, so ``import dsroles.capstone`` stays instant.
"""
