"""Source-linked event data and analyses of the Kuwait stage of the Dushanbe process.

The package stays light at import time: pandas, matplotlib and papermill are imported
inside the functions that use them, so ``import analysis`` is fast.

Usage::

    >>> from analysis import data
    >>> package = data.load_package()          # doctest: +SKIP
    >>> package.participation.head()           # doctest: +SKIP
"""

__version__ = "0.1.0"
