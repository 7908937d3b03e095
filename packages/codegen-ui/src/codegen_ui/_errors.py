"""What the person is told when something fails: the error's own message, made specific.

``codegen`` errors already carry a one-line message that names the cause and never the token;
this adds what to do where the class makes it clear (a rejected token, no access) and the request id
that support would ask for.
"""

from __future__ import annotations

from codegen import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    CodegenError,
    PermissionDeniedError,
)
from codegen_models.api import TOKEN_URL


def describe(error: BaseException) -> str:
    """One line for the status bar or a dialog."""
    if isinstance(error, AuthenticationError):
        text = f"The API token was not accepted ({error}). Get a new one at {TOKEN_URL}"
    elif isinstance(error, PermissionDeniedError):
        text = f"No access ({error}). Check the organization in Settings"
    elif isinstance(error, APIConnectionError):
        text = f"Cannot reach the API: {error}"
    elif isinstance(error, CodegenError):
        text = str(error)
    else:  # a bug or an OS error: name its kind, since its text alone may be cryptic
        text = f"{type(error).__name__}: {error}"
    request_id = error.request_id if isinstance(error, APIStatusError) else None
    return f"{text} (request id {request_id})" if request_id else text
