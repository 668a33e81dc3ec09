"""Exercises: one question module per case, bound to each trainee's own bank by ``start``.

In a notebook::

    from casekit.exercises import ____, start
    ex = start("02", seed=seed, scenario=scenario, lang=lang, mode=mode, data=data)
    needs = ____
    ex.q2.check(needs)      # ex.q2.hint()  ex.q2.hint(2)  ex.q2.solution()
"""

from casekit.exercises.session import EXERCISES, Exercise, module_of, read_results, start
from casekit.questions import ____

__all__ = ["EXERCISES", "Exercise", "____", "module_of", "read_results", "start"]
