"""The error hierarchy. Raised at the boundary with a message that says how to fix it;
turned into a one-line message and an exit code only in the CLI/UI."""


class BotError(Exception):
    """Base of every error opsbot reports to a person."""

    exit_code = 1


class InputError(BotError):
    """A file or question that cannot be used as it is."""

    exit_code = 2


class ArticleExistsError(InputError):
    """An article with that id is already in the corpus (each front end says how to replace it)."""


class ConfigError(BotError):
    """A setting that makes no sense."""

    exit_code = 2


class ModelError(BotError):
    """A model that is missing, corrupt or cannot be loaded."""

    exit_code = 3


class UnknownModel(ConfigError):
    """A model name that no factory is registered for; the message lists the names there are."""


class IndexUnavailableError(BotError):
    """The vector index is missing, empty, built with another embedder, or unreachable."""

    exit_code = 4
