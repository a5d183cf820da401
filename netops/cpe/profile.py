"""Schema of a router (CPE) profile: a declarative web flow per platform family.

A profile lists the models it covers and the steps to log in, read a band, write a band and log
out. Each step does one thing: `fetch` a page, `extract` a value (regex or form field), `compute`
a value with a named hook (hashes, encodings), `submit` a request, `expect` something of the last
response, or set a `cookie`. Values are referred to as `{name}` in paths, fields and inputs.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from netops.i18n import L_
from netops.profiles import ProfileModel


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _compiled(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(L_("invalid regex {pattern!r}: {exc}", pattern=pattern, exc=exc)) from exc
    return patterns


class Step(ProfileModel):
    """One step of a flow; exactly one of the action keys is set."""

    fetch: str | None = None
    submit: str | None = None
    extract: str | None = None
    compute: str | None = None
    expect: Literal[True] | None = None
    cookie: str | None = None
    only_if: str | None = Field(default=None, description="run the step only when this value is not empty")
    unless: str | None = Field(default=None, description="run the step only when this value is empty")

    # fetch / submit
    method: Literal["GET", "POST"] | None = None
    or_paths: list[str] = Field(default_factory=list, description="other paths to fetch when the first is 404")
    query: dict[str, str] = Field(default_factory=dict)
    form: dict[str, str] = Field(default_factory=dict)
    resend_form: str | None = Field(
        default=None, description="resend every field of this form of the last page (name, id or a field it contains)"
    )
    headers: dict[str, str] = Field(default_factory=dict)
    omit_empty: bool = Field(default=False, description="leave out `form` fields whose value is empty")
    may_drop: bool = Field(default=False, description="the device may close the connection (Wi-Fi restart)")
    missing_means_absent: bool = Field(
        default=False, description="HTTP 404 (fetch) or a value not found (extract) means the radio is absent"
    )

    # fetch (optional: a 404 leaves the previous page in place) and extract
    regex: list[str] = Field(default_factory=list)
    field: list[str] = Field(default_factory=list)
    source: Literal["body", "cookie", "header"] = "body"
    optional: bool = False
    default: str | None = None
    unescape: bool = True

    # compute
    hook: str | None = None
    input: str | None = None
    table: dict[str, str] = Field(default_factory=dict)

    # expect
    status: list[int] = Field(default_factory=list)
    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    error: Literal["auth", "rejected", "session", "absent", "unsupported", "protocol"] = Field(
        default="protocol", description="expect: how a failed check is reported; compute: how a value the table lacks is"
    )
    message: str | None = None

    # cookie
    value: str | None = None

    _normalise = field_validator("regex", "field", "contains", "not_contains", mode="before")(
        lambda value: _as_list(value)
    )

    _compiles = field_validator("regex", "contains", "not_contains")(lambda v: _compiled(v))

    @model_validator(mode="after")
    def _one_action(self) -> Step:
        actions = [a for a in ("fetch", "submit", "extract", "compute", "expect", "cookie") if getattr(self, a) is not None]
        if len(actions) != 1:
            raise ValueError(L_("a step needs exactly one of fetch, submit, extract, compute, expect, cookie"))
        action = actions[0]
        if action == "extract" and not (self.regex or self.field):
            raise ValueError(L_("extract needs `regex` or `field`"))
        if action == "compute":
            from netops.cpe.hooks import HOOKS

            if self.hook not in HOOKS:
                raise ValueError(L_("unknown hook {hook!r}; known: {known}", hook=self.hook, known=", ".join(sorted(HOOKS))))
            if self.input is None:
                raise ValueError(L_("compute needs `input`"))
        if action == "cookie" and self.value is None:
            raise ValueError(L_("cookie needs `value`"))
        if action == "expect" and not (self.status or self.contains or self.not_contains):
            raise ValueError(L_("expect needs `status`, `contains` or `not_contains`"))
        return self

    @property
    def action(self) -> str:
        for name in ("fetch", "submit", "extract", "compute", "expect", "cookie"):
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated step without action")


Steps = list[Step]


class BandFlow(ProfileModel):
    """How to read and write one band. `read` must set `cur_ssid` and `cur_key`."""

    read: Steps
    write: Steps
    source: Literal["seen", "inferred", "unknown"] = "seen"


class Radios(ProfileModel):
    """Radios found at run time: `probe` runs once per candidate `{index}` and sets `radio_band`.

    `default` maps an index to its usual band, used only when its page does not say.
    """

    candidates: list[str]
    probe: Steps
    default: dict[str, Literal["2.4", "5"]] = Field(default_factory=dict)


class ModelBands(ProfileModel):
    """The radios one label model has, and what says so (a capture, a datasheet, the model name)."""

    bands: list[Literal["2.4", "5"]] = Field(min_length=1)
    source: str = Field(min_length=1)


class KeyRules(ProfileModel):
    """What this family's pages refuse, on top of the WPA2 rules."""

    forbidden: str = ""
    allow_hex64: bool = True


class Timing(ProfileModel):
    restart_wait: Annotated[float, Field(ge=0, le=600)] = 60.0
    settle: Annotated[float, Field(ge=0, le=60)] = 0.0


class CpeProfile(ProfileModel):
    id: str
    vendor: str
    family: str
    description: str
    models: list[str] = Field(min_length=1)
    model_bands: dict[str, ModelBands] = Field(
        default_factory=dict,
        description="the radios of the models whose radios are known: every band listed must be changed",
    )
    notes: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    key_rules: KeyRules = Field(default_factory=KeyRules)
    timing: Timing = Field(default_factory=Timing)
    login_page: list[str] = Field(
        min_length=1, description="regexes that mark the login page (a lost session shows it)"
    )
    login_paths: list[str] = Field(
        default_factory=list, description="paths of the login page: a redirect there means the session is lost"
    )
    masked: list[str] = Field(default_factory=lambda: [r"^\*+$", r"^$"])
    login: Steps
    login_retry: Steps = Field(
        default_factory=list, description="a second login variant tried once when the first is refused"
    )
    logout: Steps = Field(default_factory=list)
    radios: Radios | None = None
    bands: dict[Literal["2.4", "5"], BandFlow]

    _patterns = field_validator("login_page", "masked")(lambda v: _compiled(v))

    @model_validator(mode="after")
    def _known_models(self) -> CpeProfile:
        for model, known in self.model_bands.items():
            if model not in self.models:
                raise ValueError(L_("model_bands: {model!r} is not one of this profile's models", model=model))
            missing = [band for band in known.bands if band not in self.bands]
            if missing:
                raise ValueError(L_("model_bands: {model} has a {band} GHz radio but the profile has no flow for it", model=model, band=missing[0]))
        return self

    def bands_of(self, model: str) -> list[str] | None:
        """The radios `model` is known to have, or None when the profile does not know."""
        for known, plan in self.model_bands.items():
            if same_model(model, known):
                return list(plan.bands)
        return None

    def covers(self, model: str) -> bool:
        return any(same_model(model, known) for known in self.models)


def same_model(model: str, known: str) -> bool:
    """A label model is a known one, or a variant of it (`GPT-2741GNAC-N1`, `RTF3505VW-N2`)."""
    wanted, known = model.strip().upper(), known.upper()
    return wanted == known or wanted.startswith(known + "-")
