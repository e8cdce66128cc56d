"""Tables of the web desk: its users, their API tokens, packet releases, the cookie secret.

A `DeskUser` of role `school` belongs to one organization. Passwords and API
tokens are stored only as hashes. A `PacketRelease` is one packet rendered
from the desk; publishing it makes it (and its routes) visible to the
organization's users, who always see the latest published one.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.cycle import _tz_column, utcnow


class DeskUser(SQLModel, table=True):
    """A person who signs in to the desk: a coordinator, a reviewer or a school's head."""

    __tablename__ = "desk_user"
    login: str = Field(primary_key=True, max_length=64)
    role: str = Field(index=True)  # models.enums.Role
    org_code: str | None = Field(default=None, index=True)
    password_hash: str
    created_at: datetime = Field(default_factory=utcnow, sa_column=_tz_column(nullable=False))


class ApiToken(SQLModel, table=True):
    """A bearer token of the JSON API, kept as its SHA-256 digest."""

    __tablename__ = "api_token"
    digest: str = Field(primary_key=True, max_length=64)
    login: str = Field(foreign_key="desk_user.login", ondelete="CASCADE", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_tz_column(nullable=False))


class PacketRelease(SQLModel, table=True):
    """One organization's packet rendered from the desk, and whether it is published."""

    __tablename__ = "packet_release"
    id: int | None = Field(default=None, primary_key=True)
    org_code: str = Field(index=True)
    year: int = Field(index=True)
    path: str
    routes_path: str
    draft: bool
    rendered_by: str
    rendered_at: datetime = Field(default_factory=utcnow, sa_column=_tz_column(nullable=False))
    published_by: str | None = None
    published_at: datetime | None = Field(default=None, sa_column=_tz_column())


class DeskSecret(SQLModel, table=True):
    """The key signing the desk's session cookies, made on first start unless configured."""

    __tablename__ = "desk_secret"
    id: int = Field(default=1, primary_key=True)
    secret: str
