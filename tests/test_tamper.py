"""A submission that patches the checker or its libraries is flagged; ordinary code is not."""

from __future__ import annotations

import nbformat
import pytest

from casekit.cohort.tamper import tampering


def _nb(*sources: str) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


@pytest.mark.parametrize(
    "source",
    [
        "import casekit.questions\ncasekit.questions.NumberQuestion.verdict = lambda *a: None",
        "import numpy as np\nnp.isclose = lambda *a, **k: True",
        "import pandas as pd\nsetattr(pd.DataFrame, 'equals', lambda *a: True)",
        "from casekit import plain\nplain.to_plain = str",
        "import sys\nsys.modules['casekit.plain'] = None",
        "import builtins\nbuiltins.float = int",
        "%time x = 1\nfrom casekit.exercises import session as s\ns.Exercise.check = None",
    ],
)
def test_patching_the_checker_or_its_libraries_is_seen(source):
    where = tampering(_nb("x = 1", source))
    assert where and where[0].startswith("cell 2, line")


@pytest.mark.parametrize(
    "source",
    [
        "import pandas as pd\npd.options.display.max_rows = 20",
        "import matplotlib.pyplot as plt\nplt.rcParams['figure.dpi'] = 120",
        "import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf.columns = ['b']\ndf['c'] = 2",
        "import numpy as np\nx = np.zeros(3)\nx[0] = 1",
        "ex.q1.check(answer)\nanswer = ____",
        "this is not python (",
        "!ls\n%matplotlib inline",
    ],
)
def test_ordinary_notebook_code_is_not_flagged(source):
    assert tampering(_nb(source)) == []
