"""Tiny helpers that read settings from the environment.

Every setting Khabar reads from the environment goes through these helpers, so the
accepted spellings are the same everywhere::

    >>> import os
    >>> os.environ["KHABAR_EXAMPLE_FLAG"] = "yes"
    >>> env_bool("KHABAR_EXAMPLE_FLAG", False)
    True
"""

import os

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name: str) -> str:
    """Read a setting that production must provide; there is no default."""
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(
            f"The environment variable {name} is required in production settings."
        )
    return value
