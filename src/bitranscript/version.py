"""The package's version, written once: pyproject reads it from here (``[tool.hatch.version]``).

A module of its own, so that any layer can name the version without importing the
package (whose ``__init__`` sits above every layer), and no ``importlib.metadata`` lookup
(25 ms of every cold start) is needed.
"""

__version__ = "0.1.0"
