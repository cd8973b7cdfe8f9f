"""The lecturer's door of the class server: a token of the lecturer's own.

The students' link carries the server's token (Jupyter's own). The lecturer's page
(``notebooks/present/lecturer.ipynb``) asks for a second token, printed only to the lecturer:

- :class:`ClassIdentityProvider` knows a visitor with the lecturer's token (or the login cookie
  such a visit left) as the lecturer; a visitor with the students' token is a student as before.
- :mod:`rothman.classroom.guard` serves the lecturer's notebook to the lecturer only (a student's
  token, or none, is refused) and gives that page no seat of the class.
- :class:`ClassAuthorizer` keeps students away from the kernel of the lecturer's page.

The token reaches Voilà in the environment (``ROTHMAN_LECTURER_TOKEN``), which it leaves on
first use: kernels, started later from Voilà's environment, never see it. Imported only inside
the Voilà server.
"""

from __future__ import annotations

import os
import secrets

from jupyter_server.auth.authorizer import AllowAllAuthorizer
from jupyter_server.auth.identity import PasswordIdentityProvider, User

from rothman.classroom.visit import LECTURER_TOKEN_VARIABLE, LECTURER_VIEW

#: The user name a visitor with the lecturer's token is known by.
LECTURER_USER = "rothman-lecturer"

_TOKEN: dict[str, str] = {}


def lecturer_token() -> str:
    """The lecturer's token ('' if none was given), taken out of the environment on first use."""
    if "token" not in _TOKEN:
        _TOKEN["token"] = os.environ.pop(LECTURER_TOKEN_VARIABLE, "")
    return _TOKEN["token"]


def is_lecturer(user) -> bool:
    """Whether ``user`` came with the lecturer's token (or its login cookie)."""
    return bool(lecturer_token()) and getattr(user, "username", None) == LECTURER_USER


def is_lecturer_path(path: str | None) -> bool:
    """Whether a page address names the lecturer's notebook.

    Examples:
        >>> is_lecturer_path("lecturer.ipynb"), is_lecturer_path("/voila/render/lecturer.ipynb")
        (True, True)
        >>> is_lecturer_path("class.ipynb"), is_lecturer_path(None)
        (False, False)
    """
    return bool(path) and os.path.basename(path) == f"{LECTURER_VIEW}.ipynb"


class ClassIdentityProvider(PasswordIdentityProvider):
    """Jupyter's token for the students, and a second token for the lecturer."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        lecturer_token()  # out of the environment before any kernel starts

    async def get_user_token(self, handler):
        wanted = lecturer_token()
        given = self.get_token(handler)
        if wanted and given and secrets.compare_digest(given, wanted):
            return User(LECTURER_USER, "Lecturer", "Lecturer", "L", None, None)
        return await super().get_user_token(handler)


class ClassAuthorizer(AllowAllAuthorizer):
    """Everything for the token holders, but the lecturer's kernel for the lecturer only."""

    def is_authorized(self, handler, user, action: str, resource: str) -> bool:
        if resource != "kernels":
            return True
        kernel_id = handler.path_kwargs.get("kernel_id")
        lecturers = getattr(handler.settings.get("kernel_manager"), "lecturer_kernels", ())
        return kernel_id not in lecturers or is_lecturer(user)
