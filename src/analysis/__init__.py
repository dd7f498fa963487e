"""Source-linked event data and analyses of the Kuwait stage of the Dushanbe process.

The package stays light at import time: pandas, matplotlib and papermill are imported
inside the functions that use them, so ``import analysis`` is fast.

Usage::

    >>> from analysis import data
    >>> package = data.load_package()
    >>> package.participation[["figure_id", "count", "qualifier"]].head(1).values.tolist()
    [['kw-participants', 450, 'more_than']]
"""

__version__ = "0.1.0"
