"""wtfc: a workshop tool for Working Together for Change."""

__version__ = "0.1.0"
