"""GitHub's official OpenAPI description, fetched at test time, and request/response validation.

The description ships in the npm package ``@octokit/openapi`` (file
``generated/api.github.com.json``, 13 MB; generated from github/rest-api-description). It is
not committed: :func:`openapi_description_path` fetches it once with ``npm pack`` into
``$XDG_CACHE_HOME/baton-tests`` (default ``~/.cache/baton-tests``), extracts that one file,
checks its SHA-256 and reuses it on later runs. ``BATON_GITHUB_OPENAPI=/path/to/file.json``
points at a copy fetched by other means (no network needed then).

:class:`Contract` validates an ``httpx.Request`` (path, query, headers, body) and an
``httpx.Response`` (status, body schema) with openapi-core; it loads in ~0.35 s with spec
self-validation off (``Config(spec_validator_cls=None)``) and checks one message in 1–6 ms.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

PACKAGE = "@octokit/openapi"
VERSION = "23.0.2"
MEMBER = "package/generated/api.github.com.json"
SHA256 = "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a"
"""SHA-256 of ``generated/api.github.com.json`` in @octokit/openapi 23.0.2 (npm itself checks
the tarball's registry integrity; this pins the one file the tests rely on)."""

_REPOSITORY_BY_ID = re.compile(r"^/repositories/(\d+)(/.*)?$")


class SpecUnavailable(RuntimeError):
    """The description could not be fetched; the message says how to provide it."""


def openapi_description_path() -> Path:
    """The cached ``api.github.com.json``, fetched with npm on first use.

    Raises :class:`SpecUnavailable` when npm is missing or the fetch fails, and when the file
    does not have the pinned SHA-256.
    """
    override = os.environ.get("BATON_GITHUB_OPENAPI")
    if override:
        path = Path(override)
        if not path.is_file():
            raise SpecUnavailable(f"BATON_GITHUB_OPENAPI={override} is not a file")
        return path
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    target = cache_home / "baton-tests" / f"octokit-openapi-{VERSION}" / "api.github.com.json"
    if target.is_file() and _sha256(target) == SHA256:
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise SpecUnavailable(
            "the GitHub adapter tests validate traffic against GitHub's OpenAPI description "
            f"({PACKAGE}@{VERSION}), fetched with npm, but npm is not installed: "
            "`apt-get install npm`, or download the package's generated/api.github.com.json and "
            "set BATON_GITHUB_OPENAPI=/path/to/it"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baton-openapi-") as scratch:
        try:
            done = subprocess.run(
                [npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", scratch, "--silent"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
                cwd=scratch,
            )
        except subprocess.TimeoutExpired as exc:
            raise SpecUnavailable(f"`npm pack {PACKAGE}@{VERSION}` timed out after 300 s") from exc
        tarballs = list(Path(scratch).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            raise SpecUnavailable(
                f"`npm pack {PACKAGE}@{VERSION}` failed (exit {done.returncode}): "
                f"{done.stderr.strip()[-500:] or 'no tarball written'}; check access to the npm "
                "registry, or set BATON_GITHUB_OPENAPI=/path/to/api.github.com.json"
            )
        partial = target.with_suffix(".part")
        with tarfile.open(tarballs[0], "r:gz") as archive:
            source = archive.extractfile(MEMBER)
            if source is None:
                raise SpecUnavailable(f"{PACKAGE}@{VERSION} has no {MEMBER}")
            with source, partial.open("wb") as sink:
                shutil.copyfileobj(source, sink)
    digest = _sha256(partial)
    if digest != SHA256:
        partial.unlink()
        raise SpecUnavailable(f"{MEMBER} has SHA-256 {digest}, expected {SHA256}")
    partial.replace(target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _OpenAPIRequest:
    """An ``httpx.Request`` as openapi-core's ``Request`` protocol."""

    def __init__(self, request: httpx.Request, *, path: str) -> None:
        url = urlsplit(str(request.url))
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = path
        self.method = request.method.lower()
        self.body: bytes | None = request.content or None
        self.content_type = request.headers.get("content-type", "")
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query, keep_blank_values=True)),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
        )


class _OpenAPIResponse:
    """An ``httpx.Response`` as openapi-core's ``Response`` protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.data: bytes | None = response.content
        self.headers = Headers(list(response.headers.items()))
        self.content_type = response.headers.get("content-type", "")


class Contract:
    """Validates GitHub traffic against the OpenAPI description.

    ``repository_paths`` maps a repository id to ``/repos/OWNER/REPO``: GitHub's pagination
    links address a repository by id (``/repositories/1300192/issues?page=2``, see
    https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api), a form
    the description does not list, so such paths are checked as the ``/repos/{owner}/{repo}``
    operation they stand for.

    One normalisation is applied to the description: a schema with ``nullable: true`` and an
    ``enum`` without ``null`` (e.g. an issue's ``state_reason``) gets ``null`` added to the
    enum. OpenAPI 3.0.3 says ``nullable`` does not extend an ``enum``, so a strict validator
    refuses ``"state_reason": null`` — which GitHub sends for every open issue. The count is in
    :attr:`nullable_enums`.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.nullable_enums = _allow_null_in_nullable_enums(spec)
        self._spec = spec
        self._api = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))
        self._basic_error = OAS30Validator(spec["components"]["schemas"]["basic-error"])
        self.repository_paths: dict[str, str] = {}
        # literal segments win over templates (/issues/comments before /issues/{issue_number})
        templates = sorted(spec["paths"].items(), key=lambda pair: pair[0].count("{"))
        self._templates = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"), item)
            for template, item in templates
        ]

    def operation_path(self, request: httpx.Request) -> str:
        """The request path, with ``/repositories/ID`` rewritten to ``/repos/OWNER/REPO``."""
        path = request.url.path
        match = _REPOSITORY_BY_ID.match(path)
        if match and match.group(1) in self.repository_paths:
            return self.repository_paths[match.group(1)] + (match.group(2) or "")
        return path

    def declares(self, request: httpx.Request, status: int) -> bool:
        """True when the matched operation documents ``status``."""
        operation = self._operation(request)
        return operation is not None and str(status) in operation.get("responses", {})

    def request_errors(self, request: httpx.Request) -> list[str]:
        """Why ``request`` breaks the description (empty when it conforms)."""
        try:
            self._api.validate_request(_OpenAPIRequest(request, path=self.operation_path(request)))
        except Exception as exc:  # openapi-core raises a tree of error types
            return [_describe(exc)]
        return []

    def response_errors(self, request: httpx.Request, response: httpx.Response) -> list[str]:
        """Why ``response`` to ``request`` breaks the description (empty when it conforms).

        A status the operation does not document (304 on list endpoints, 401/403/429 where they
        are not listed) must have no body (304) or GitHub's ``basic-error`` body.
        """
        if not self.declares(request, response.status_code):
            if response.status_code == 304:
                return [] if not response.content else ["304 response with a body"]
            try:
                body = json.loads(response.content)
            except ValueError:
                return [f"{response.status_code} response body is not JSON"]
            return [error.message for error in self._basic_error.iter_errors(body)]
        try:
            self._api.validate_response(
                _OpenAPIRequest(request, path=self.operation_path(request)), _OpenAPIResponse(response)
            )
        except Exception as exc:  # openapi-core raises a tree of error types
            return [_describe(exc)]
        return []

    def _operation(self, request: httpx.Request) -> dict[str, Any] | None:
        path = self.operation_path(request)
        for pattern, item in self._templates:
            if pattern.match(path) and request.method.lower() in item:
                operation: dict[str, Any] = item[request.method.lower()]
                return operation
        return None


def _allow_null_in_nullable_enums(node: Any) -> int:
    """Add ``None`` to the ``enum`` of every ``nullable`` schema in ``node`` (in place); how many."""
    changed = 0
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            enum = item.get("enum")
            if item.get("nullable") is True and isinstance(enum, list) and None not in enum:
                enum.append(None)
                changed += 1
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return changed


def _describe(exc: BaseException) -> str:
    """One readable line: the error type and, for schema errors, each failing JSON path and
    reason (openapi-core puts them on the cause's ``schema_errors``)."""
    parts = [f"{type(exc).__name__}: {str(exc)[:150]}"]
    cause: BaseException | None = exc
    while cause is not None:
        for error in getattr(cause, "schema_errors", None) or ():
            path = "/".join(str(p) for p in error.absolute_path) or "(body)"
            parts.append(f"{path}: {error.message[:300]}")
            parts += [
                f"  {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in error.context[:5]
            ]
        cause = cause.__cause__
    return "; ".join(parts)
