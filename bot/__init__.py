"""opsbot: a Chinese-language chatbot grounded in a curated corpus of operations (运营) articles."""

__version__ = "0.1.0"
